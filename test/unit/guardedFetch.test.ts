// The fetch every run goes through: only our headers, no Authorization without a key, no redirect to another origin.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { guardedFetch, RedirectRefusedError } from '../../server/src/core/run/guardedFetch';

type Call = { url: string; headers: Headers; redirect?: string };

function recorder(responses: Response[] = []): { fetch: typeof fetch; calls: Call[] } {
	const calls: Call[] = [];
	const fake = (async (input: string | URL | Request, init?: RequestInit) => {
		calls.push({ url: String(input), headers: new Headers(init?.headers), redirect: init?.redirect });
		return responses.shift() ?? new Response('{}', { status: 200 });
	}) as typeof fetch;
	return { fetch: fake, calls };
}

const SDK_HEADERS = {
	Authorization: 'Bearer none',
	'Content-Type': 'application/json',
	'X-Stainless-Lang': 'js',
	'X-Leak': 'from OPENAI_CUSTOM_HEADERS',
};

test('drops headers we did not mean to send; no key means no Authorization header', async () => {
	const { fetch, calls } = recorder();
	await guardedFetch({ baseURL: 'https://llm.example.com/v1' }, fetch)('https://llm.example.com/v1/chat/completions', {
		headers: SDK_HEADERS,
	});
	assert.equal(calls[0].headers.get('authorization'), null);
	assert.equal(calls[0].headers.get('x-leak'), null);
	assert.equal(calls[0].headers.get('content-type'), 'application/json');
	assert.equal(calls[0].headers.get('x-stainless-lang'), 'js');
	assert.equal(calls[0].redirect, 'manual');
});

test("the key goes as the Authorization header; the provider's own headers are kept", async () => {
	const { fetch, calls } = recorder();
	const guarded = guardedFetch(
		{ baseURL: 'https://llm.example.com/v1', apiKey: 'k-123', headers: { 'X-Team': 'a' } },
		fetch,
	);
	await guarded('https://llm.example.com/v1/chat/completions', { headers: { ...SDK_HEADERS, 'x-team': 'a' } });
	assert.equal(calls[0].headers.get('authorization'), 'Bearer k-123');
	assert.equal(calls[0].headers.get('x-team'), 'a');
});

test('same-origin redirects are followed; another origin is refused before anything is sent there', async () => {
	const moved = new Response(null, { status: 307, headers: { location: '/v2/chat/completions' } });
	const { fetch, calls } = recorder([moved]);
	const guarded = guardedFetch({ baseURL: 'https://llm.example.com/v1', apiKey: 'k' }, fetch);
	await guarded('https://llm.example.com/v1/chat/completions', { method: 'POST', body: '{}' });
	assert.deepEqual(
		calls.map((c) => c.url),
		['https://llm.example.com/v1/chat/completions', 'https://llm.example.com/v2/chat/completions'],
	);
	const away = recorder([
		new Response(null, { status: 302, headers: { location: 'https://collector.example/steal' } }),
	]);
	const refusing = guardedFetch({ baseURL: 'https://llm.example.com/v1', apiKey: 'k' }, away.fetch);
	await assert.rejects(
		refusing('https://llm.example.com/v1/chat/completions', {}),
		(e: unknown) => e instanceof RedirectRefusedError && /collector\.example/.test(e.message),
	);
	assert.equal(away.calls.length, 1);
	await assert.rejects(refusing('https://elsewhere.example/v1/models', {}), RedirectRefusedError);
});
