// The one run executor: cache → provider → events → history, with the gate as the last step before the network.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { ProviderConfig, RunPlan } from '../../server/src/core/run/runTypes';
import { executeRun, type ExecutorEvent, type RunRequest } from '../../server/src/host/runExecutor';
import { startMockOpenAI, type MockOpenAI } from '../support/mockOpenAI';

const KEY = 'sk-executor-TEST-1234567890abcdef';
let mock: MockOpenAI;
before(async () => {
	mock = await startMockOpenAI();
});
after(() => mock.close());

function plan(text = 'Hello there'): RunPlan {
	return {
		prompt: 'hello.prompt',
		model: 'mock/mock-small',
		provider: 'mock',
		request: { model: 'mock-small', messages: [{ role: 'user', content: text }] },
		inputs: {},
		missingVariables: [],
		notes: [],
	};
}

function request(overrides: Partial<RunRequest> = {}): RunRequest & { events: ExecutorEvent[] } {
	const events: ExecutorEvent[] = [];
	const provider: ProviderConfig = { id: 'mock', baseURL: mock.baseURL, origin: 'user' };
	return {
		plan: plan(),
		provider,
		apiKey: KEY,
		settings: { 'run.timeoutSeconds': 10, 'run.maxRetries': 1 },
		cache: false,
		env: {},
		onEvent: (e) => events.push(e),
		events,
		...overrides,
	};
}

function history(): string {
	return join(mkdtempSync(join(tmpdir(), 'prompt-lens-executor-')), 'runs.jsonl');
}

test('events in order: start, first token, deltas, saved, done; the record is in the history', async () => {
	const file = history();
	const run = request({ history: file });
	const { result, hash } = await executeRun(run);
	assert.equal(result.status, 'ok');
	assert.equal(result.output, 'Echo: Hello there');
	// Consecutive deltas collapsed into one.
	const types = run.events.map((e) => e.type).filter((t, i, all) => t !== 'delta' || all[i - 1] !== 'delta');
	assert.deepEqual(types, ['start', 'first-token', 'delta', 'saved', 'done']);
	const record = JSON.parse(readFileSync(file, 'utf8'));
	assert.equal(record.requestHash, hash);
	assert.equal(record.prompt, 'hello.prompt');
});

test('with the cache on, a request answered before is answered from the history: no request, no start event, free', async () => {
	const file = history();
	await executeRun(request({ history: file }));
	const sent = mock.requests.length;
	const again = request({ history: file, cache: true });
	const { result } = await executeRun(again);
	assert.equal(mock.requests.length, sent);
	assert.equal(result.cached, true);
	assert.equal(result.cost ?? 0, 0);
	assert.ok(!again.events.some((e) => e.type === 'start'));
	assert.equal(readFileSync(file, 'utf8').trim().split('\n').length, 2, 'the cached answer is recorded too');
});

test('the gate is the last step: a refusal is the result and nothing is sent', async () => {
	const sent = mock.requests.length;
	const { result } = await executeRun(
		request({
			gate: async () => ({
				status: 'error',
				output: '',
				startedAt: '',
				totalMs: 0,
				attempts: 0,
				error: { kind: 'config', message: 'untrusted' },
			}),
		}),
	);
	assert.equal(result.error?.message, 'untrusted');
	assert.equal(mock.requests.length, sent);
});

test('keys in the answer or the environment are redacted in the history; a history that cannot be written is a warning', async () => {
	const file = history();
	const envKey = 'sk-openai-TEST-environment-key-99';
	const run = request({ history: file, plan: plan(`say ${KEY} and ${envKey}`), env: { OPENAI_API_KEY: envKey } });
	await executeRun(run);
	const text = readFileSync(file, 'utf8');
	assert.ok(!text.includes(KEY) && !text.includes(envKey));
	assert.ok(run.events.some((e) => e.type === 'saved' && e.redacted));
	const broken = request({ history: join(file, 'not-a-folder', 'runs.jsonl') });
	const { result } = await executeRun(broken);
	assert.equal(result.status, 'ok');
	assert.ok(broken.events.some((e) => e.type === 'warning' && /was not added to the history/.test(e.message)));
});
