// The run engine against the mock OpenAI server: streaming, usage, timing, cancellation, every fault, retries, and that keys never leak.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import OpenAI from 'openai';
import { runChat, type RunOptions } from '../../server/src/core/run/engine';
import type { ChatRequest, ProviderConfig, RunEvent, RunResult } from '../../server/src/core/run/runTypes';
import { startMockOpenAI, type MockOpenAI } from '../support/mockOpenAI';

const KEY = 'sk-test-Zq8wXv3LmN0pRt5yUi7oPa9s';
let mock: MockOpenAI;

before(async () => {
	mock = await startMockOpenAI();
});
after(() => mock.close());

function provider(extra: Partial<ProviderConfig> = {}): ProviderConfig {
	return { id: 'mock', baseURL: mock.baseURL, apiKeyEnv: 'MOCK_API_KEY', origin: 'user', ...extra };
}

function chat(text = 'hello world', model = 'mock-small'): ChatRequest {
	return { model, messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: text }] };
}

interface Harness {
	options: RunOptions;
	delays: number[];
	events: RunEvent[];
}

function harness(extra: Partial<RunOptions> = {}): Harness {
	const delays: number[] = [];
	const events: RunEvent[] = [];
	const options: RunOptions = {
		provider: provider(),
		apiKey: KEY,
		timeoutMs: 5000,
		maxRetries: 3,
		now: Date.now,
		sleep: async (ms) => {
			delays.push(ms);
		},
		onEvent: (e) => events.push(e),
		random: () => 0.5,
		...extra,
	};
	return { options, delays, events };
}

async function run(request: ChatRequest, extra: Partial<RunOptions> = {}): Promise<RunResult & { h: Harness }> {
	const h = harness(extra);
	const result = await runChat(request, h.options);
	assert.ok(!JSON.stringify(result).includes(KEY), 'the key must never be in a result');
	assert.ok(!JSON.stringify(h.events).includes(KEY), 'the key must never be in an event');
	return { ...result, h };
}

const deltas = (events: RunEvent[]) => events.flatMap((e) => (e.type === 'delta' ? [e.text] : [])).join('');
const longText = (words: number) => Array.from({ length: words }, (_, i) => `word${i}`).join(' ');

test('streams the answer, with usage from the final chunk and its cost', async () => {
	const before = mock.requests.length;
	const r = await run(chat(), { price: { inputPerMTok: 1_000_000, outputPerMTok: 2_000_000 } });
	assert.equal(r.status, 'ok');
	assert.equal(r.output, 'Echo: hello world');
	assert.equal(deltas(r.h.events), r.output);
	assert.ok(r.h.events.filter((e) => e.type === 'delta').length >= 3, 'arrives in several pieces');
	assert.equal(r.finishReason, 'stop');
	assert.deepEqual(r.usage, { inputTokens: 4, outputTokens: 3 });
	assert.equal(r.cost, 4 + 6);
	assert.equal(r.attempts, 1);
	assert.equal(r.error, undefined);
	const sent = mock.requests.slice(before);
	assert.equal(sent.length, 1);
	assert.equal(sent[0].path, '/v1/chat/completions');
	assert.equal(sent[0].body.stream, true);
	assert.deepEqual(sent[0].body.stream_options, { include_usage: true });
	assert.deepEqual(sent[0].body.messages, chat().messages);
	assert.equal(sent[0].headers.authorization, `Bearer ${KEY}`);
});

test('sends the parameters and the provider\'s headers, and nothing from OPENAI_* variables', async () => {
	const saved = process.env.OPENAI_ORG_ID;
	process.env.OPENAI_ORG_ID = 'org-should-not-leak';
	try {
		const before = mock.requests.length;
		const request: ChatRequest = { ...chat(), temperature: 0.2, max_tokens: 50, stop: ['END'], seed: 7, response_format: { type: 'json_object' } };
		const r = await run(request, { provider: provider({ headers: { 'X-Team': 'lens' } }) });
		assert.equal(r.status, 'ok');
		const sent = mock.requests[before];
		assert.equal(sent.headers['x-team'], 'lens');
		assert.equal(sent.headers['openai-organization'], undefined);
		assert.deepEqual({ t: sent.body.temperature, m: sent.body.max_tokens, s: sent.body.stop, seed: sent.body.seed, f: sent.body.response_format }, { t: 0.2, m: 50, s: ['END'], seed: 7, f: { type: 'json_object' } });
	} finally {
		if (saved === undefined) delete process.env.OPENAI_ORG_ID;
		else process.env.OPENAI_ORG_ID = saved;
	}
});

test('a local provider runs without a key, and without any Authorization header', async () => {
	const before = mock.requests.length;
	const r = await run(chat(), { apiKey: undefined, provider: provider({ keyOptional: true }) });
	assert.equal(r.status, 'ok');
	assert.equal(mock.requests[before].headers.authorization, undefined);
});

test('the mock answers JSON when not streaming (the SDK reads it)', async () => {
	const client = new OpenAI({ apiKey: 'x', baseURL: mock.baseURL, maxRetries: 0 });
	const answer = await client.chat.completions.create({ model: 'mock-large', messages: [{ role: 'user', content: 'ping pong' }] });
	assert.equal(answer.choices[0].message.content, 'Echo: ping pong');
	assert.deepEqual(answer.usage, { prompt_tokens: 2, completion_tokens: 3, total_tokens: 5 });
});

test('time to first token and the start time come from the injected clock', async () => {
	const base = Date.parse('2026-01-01T00:00:00Z');
	const real = Date.now();
	mock.fault({ kind: 'slow-first-token', ms: 250 });
	const r = await run(chat(), { now: () => base + (Date.now() - real) });
	assert.equal(r.status, 'ok');
	assert.match(r.startedAt, /^2026-01-01T00:00:00\.\d{3}Z$/);
	assert.ok(r.firstTokenMs !== undefined && r.firstTokenMs >= 240, `first token after the wait (${r.firstTokenMs})`);
	assert.ok(r.totalMs >= r.firstTokenMs);
	const first = r.h.events.filter((e) => e.type === 'first-token');
	assert.deepEqual(first, [{ type: 'first-token', ms: r.firstTokenMs }]);
	assert.equal(r.h.events.findIndex((e) => e.type === 'first-token'), 0, 'before the first delta');
});

test('cancelling mid-stream keeps the partial output', async () => {
	const controller = new AbortController();
	const full = `Echo: ${longText(300)}`;
	const r = await run(chat(longText(300)), {
		signal: controller.signal,
		onEvent: (e) => {
			if (e.type === 'delta') controller.abort();
		},
	});
	assert.equal(r.status, 'cancelled');
	assert.equal(r.error?.kind, 'cancelled');
	assert.ok(r.output.length > 0 && r.output.length < full.length && full.startsWith(r.output), r.output);
	assert.equal(r.attempts, 1);
});

test('a run cancelled before it starts sends nothing', async () => {
	const before = mock.requests.length;
	const r = await run(chat(), { signal: AbortSignal.abort() });
	assert.equal(r.status, 'cancelled');
	assert.equal(r.attempts, 0);
	assert.equal(mock.requests.length, before);
});

test('429 with Retry-After: waits as asked, says so, then succeeds', async () => {
	mock.fault({ kind: 'status', status: 429, retryAfter: '2' });
	const r = await run(chat());
	assert.equal(r.status, 'ok');
	assert.equal(r.output, 'Echo: hello world');
	assert.equal(r.attempts, 2);
	assert.deepEqual(r.h.delays, [2000]);
	const retries = r.h.events.filter((e) => e.type === 'retry');
	assert.equal(retries.length, 1);
	assert.deepEqual({ ...retries[0], reason: '' }, { type: 'retry', attempt: 2, delayMs: 2000, reason: '' });
	assert.match((retries[0] as { reason: string }).reason, /rate limiting.*429/);
});

test('Retry-After as an HTTP date is measured against the injected clock', async () => {
	const now = Date.parse('2026-03-01T12:00:00Z');
	mock.fault({ kind: 'status', status: 429, retryAfter: new Date(now + 3000).toUTCString() });
	const r = await run(chat(), { now: () => now });
	assert.equal(r.status, 'ok');
	assert.deepEqual(r.h.delays, [3000]);
});

test('a Retry-After longer than a minute is not waited for', async () => {
	mock.fault({ kind: 'status', status: 429, retryAfter: '120' });
	const r = await run(chat());
	assert.equal(r.status, 'error');
	assert.equal(r.error?.kind, 'rate-limit');
	assert.match(r.error!.message, /asks to wait 120 s/);
	assert.equal(r.attempts, 1);
	assert.deepEqual(r.h.delays, []);
});

test('429 for a used-up quota is not retried', async () => {
	mock.fault({ kind: 'status', status: 429, body: { error: { message: 'You exceeded your current quota.', type: 'insufficient_quota', code: 'insufficient_quota' } } });
	const r = await run(chat());
	assert.equal(r.error?.kind, 'rate-limit');
	assert.match(r.error!.message, /quota is used up/);
	assert.equal(r.attempts, 1);
});

test('500 twice then success: two backoff waits, growing', async () => {
	mock.fault({ kind: 'status', status: 500 });
	mock.fault({ kind: 'status', status: 502 });
	const r = await run(chat());
	assert.equal(r.status, 'ok');
	assert.equal(r.attempts, 3);
	assert.deepEqual(r.h.delays, [375, 750]);
	assert.deepEqual(r.h.events.filter((e) => e.type === 'retry').map((e) => (e as { attempt: number }).attempt), [2, 3]);
});

test('5xx beyond maxRetries: error kind server after maxRetries + 1 attempts', async () => {
	for (let i = 0; i < 3; i++) mock.fault({ kind: 'status', status: 500 });
	const r = await run(chat(), { maxRetries: 2 });
	assert.equal(r.status, 'error');
	assert.equal(r.error?.kind, 'server');
	assert.equal(r.error?.status, 500);
	assert.match(r.error!.message, /mock had a server error \(HTTP 500\)/);
	assert.equal(r.attempts, 3);
	assert.equal(r.h.delays.length, 2);
	assert.equal(r.output, '');
});

test('401: kind auth, not retried, tells how to set the key', async () => {
	mock.fault({ kind: 'status', status: 401, body: { error: { message: 'Invalid authentication', type: 'invalid_request_error', code: 'invalid_api_key' } } });
	const r = await run(chat());
	assert.equal(r.status, 'error');
	assert.equal(r.error?.kind, 'auth');
	assert.equal(r.error?.status, 401);
	assert.equal(r.attempts, 1);
	assert.match(r.error!.message, /refused the API key/);
	assert.match(r.error!.message, /Set the API key with the command "Prompt Lens: Set API Key" \(mock\) or the MOCK_API_KEY environment variable/);
});

test('401 without a key says that no key was set', async () => {
	mock.fault({ kind: 'status', status: 401 });
	const r = await run(chat(), { apiKey: undefined });
	assert.match(r.error!.message, /^No API key for mock \(HTTP 401\): Mock fault: HTTP 401\. Set the API key/);
});

test('403: kind auth', async () => {
	mock.fault({ kind: 'status', status: 403 });
	const r = await run(chat());
	assert.equal(r.error?.kind, 'auth');
	assert.equal(r.error?.status, 403);
});

test('404: kind not-found, with the models the provider lists and a did-you-mean', async () => {
	const r = await run(chat('hi', 'mock-smal'));
	assert.equal(r.status, 'error');
	assert.equal(r.error?.kind, 'not-found');
	assert.deepEqual(r.error?.availableModels, ['mock-small', 'mock-large']);
	assert.equal(r.error?.message, 'mock has no model `mock-smal` (HTTP 404). Did you mean `mock-small`? It lists: `mock-small`, `mock-large`.');
	assert.equal(r.attempts, 1);
	assert.equal(mock.requests[mock.requests.length - 1].path, '/v1/models');
});

test('404 for a model the provider does list: no did-you-mean to the same model, but what to check', async () => {
	mock.fault({ kind: 'status', status: 404 });
	const r = await run(chat('hi', 'mock-small'));
	assert.equal(r.error?.kind, 'not-found');
	assert.match(r.error!.message, /^mock has no model `mock-small` \(HTTP 404\)\. It does list `mock-small`, so the model exists there but is not available for this request: check that the key's account/);
	assert.ok(!/Did you mean/.test(r.error!.message));
});

test('an empty `data:` line in the stream (a keep-alive) is skipped, not a broken answer', async () => {
	mock.fault({ kind: 'empty-data' });
	const r = await run(chat('keep it alive'));
	assert.equal(r.status, 'ok', r.error?.message);
	assert.equal(r.output, 'Echo: keep it alive');
});

test('404 when the model list fails too: points at the baseURL', async () => {
	mock.fault({ kind: 'status', status: 404 });
	mock.fault({ kind: 'status', status: 404 });
	const r = await run(chat());
	assert.equal(r.error?.kind, 'not-found');
	assert.equal(r.error?.availableModels, undefined);
	assert.match(r.error!.message, /check that http:\/\/127\.0\.0\.1:\d+\/v1 is the provider's API address/);
});

test('400: kind bad-request with the provider\'s words, not retried', async () => {
	mock.fault({ kind: 'status', status: 400, body: { error: { message: 'Invalid value for temperature.', type: 'invalid_request_error' } } });
	const r = await run(chat());
	assert.equal(r.error?.kind, 'bad-request');
	assert.equal(r.error?.message, 'mock refused the request (HTTP 400): Invalid value for temperature.');
	assert.equal(r.attempts, 1);
});

test('slow first token beyond the timeout: error kind timeout, nothing kept', async () => {
	mock.fault({ kind: 'slow-first-token', ms: 3000 });
	const started = Date.now();
	const r = await run(chat(), { timeoutMs: 300 });
	assert.equal(r.status, 'error');
	assert.equal(r.error?.kind, 'timeout');
	assert.match(r.error!.message, /promptLens\.run\.timeoutSeconds/);
	assert.equal(r.output, '');
	assert.equal(r.attempts, 1);
	assert.ok(Date.now() - started < 2000, 'stopped at the timeout, not at the answer');
});

test('a stream that stalls past the timeout: incomplete, partial text kept', async () => {
	mock.fault({ kind: 'stall', afterChunks: 2, ms: 3000 });
	const r = await run(chat('one two three four'), { timeoutMs: 400 });
	assert.equal(r.status, 'incomplete');
	assert.equal(r.error?.kind, 'timeout');
	assert.match(r.error!.message, /was stopped; the text so far is kept\.$/);
	assert.equal(r.output, 'Echo: one ');
	assert.equal(r.attempts, 1);
});

test('a response that never starts (delay) is also bounded by the timeout', async () => {
	mock.fault({ kind: 'delay', ms: 3000 });
	const r = await run(chat(), { timeoutMs: 300 });
	assert.equal(r.error?.kind, 'timeout');
	assert.equal(r.status, 'error');
});

test('disconnect mid-stream: incomplete with the partial text, and no retry', async () => {
	const before = mock.requests.length;
	mock.fault({ kind: 'disconnect', afterChunks: 2 });
	const r = await run(chat('one two three four'));
	assert.equal(r.status, 'incomplete');
	assert.equal(r.error?.kind, 'network');
	assert.match(r.error!.message, /^The connection to mock broke during the answer \(.*\); the text so far is kept\.$/);
	assert.equal(r.output, 'Echo: one ');
	assert.equal(r.attempts, 1);
	assert.equal(mock.requests.length, before + 1, 'a retry would send (and bill) the answer twice');
	assert.deepEqual(r.h.delays, []);
});

test('disconnect before any token is retried', async () => {
	mock.fault({ kind: 'disconnect', afterChunks: 0 });
	const r = await run(chat());
	assert.equal(r.status, 'ok');
	assert.equal(r.attempts, 2);
});

test('malformed SSE: kind malformed, the text before it kept', async () => {
	mock.fault({ kind: 'malformed' });
	const r = await run(chat('one two three'));
	assert.equal(r.status, 'incomplete');
	assert.equal(r.error?.kind, 'malformed');
	assert.equal(r.output, 'Echo: ');
	assert.match(r.error!.message, /not valid JSON/);
	assert.equal(r.attempts, 1);
});

test('a server that is not there: network errors, retried, then kind network', async () => {
	const gone = await startMockOpenAI();
	const baseURL = gone.baseURL;
	await gone.close();
	const r = await run(chat(), { provider: provider({ id: 'ollama', baseURL, keyOptional: true }), maxRetries: 1 });
	assert.equal(r.status, 'error');
	assert.equal(r.error?.kind, 'network');
	assert.equal(r.attempts, 2);
	assert.match(r.error!.message, /^Could not reach ollama at http:\/\/127\.0\.0\.1:\d+\/v1 \(.*ECONNREFUSED.*\)\. Is the server running\?$/);
});

test('cancelling during a retry wait stops the run', async () => {
	mock.fault({ kind: 'status', status: 503 });
	const controller = new AbortController();
	const r = await run(chat(), {
		signal: controller.signal,
		sleep: async () => {
			controller.abort();
		},
	});
	assert.equal(r.status, 'cancelled');
	assert.equal(r.attempts, 1);
});

test('the key never appears in an error, even when the provider echoes it', async () => {
	const echoes = [
		{ status: 401, message: `Incorrect API key provided: ${KEY}. You can find your API key at https://platform.openai.com.` },
		{ status: 400, message: `Bad header Authorization: Bearer ${KEY}` },
		{ status: 403, message: `key ${KEY.slice(0, 20)}… is not allowed` },
		{ status: 500, message: `internal error for ${KEY}` },
	];
	for (const echo of echoes) {
		for (let i = 0; i < 2; i++) mock.fault({ kind: 'status', status: echo.status, body: { error: { message: echo.message } } });
		const r = await run(chat(), { maxRetries: 1 });
		assert.equal(r.status, 'error');
		assert.ok(!r.error!.message.includes(KEY.slice(8, 20)), r.error!.message);
		assert.match(r.error!.message, /\[redacted\]/);
	}
	// Also as plain text (not JSON), e.g. from a proxy.
	mock.fault({ kind: 'status', status: 401, body: `<html>denied ${KEY}</html>` });
	const r = await run(chat());
	assert.ok(!r.error!.message.includes(KEY));
});
