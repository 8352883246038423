// The client's run decisions (client/src/run/runGate.ts): trust, workspace providers, which key goes to which endpoint.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { chooseKey, gatedSend, parseStoredKey, providerById, providerGate, redact, runGate, runTarget, sameEndpoint, storedKeyValue, type StoredKey } from '../../client/src/run/runGate';
import { runChat } from '../../server/src/core/run/engine';
import { PRESET_PROVIDERS, providersFromSettings } from '../../server/src/core/run/providers';
import type { ProviderConfig } from '../../server/src/core/run/runTypes';
import { startMockOpenAI, type MockOpenAI } from '../support/mockOpenAI';

const OPENAI_KEY = 'sk-openai-secret-0123456789';
const openai = PRESET_PROVIDERS.find((p) => p.id === 'openai') as ProviderConfig;
const openaiStored: StoredKey = { providerId: 'openai', baseURL: 'https://api.openai.com/v1', key: OPENAI_KEY };

describe('trust', () => {
	let mock: MockOpenAI;
	before(async () => (mock = await startMockOpenAI()));
	after(async () => mock.close());

	test('an untrusted workspace is refused, with a message that says how to trust it', () => {
		const gate = runGate(false);
		assert.equal(gate.ok, false);
		assert.match(gate.ok ? '' : gate.message, /untrusted workspace.*Trust this workspace/);
		assert.deepEqual(runGate(true), { ok: true });
	});

	test('untrusted: gatedSend never calls send, so the provider gets no request', async () => {
		const provider: ProviderConfig = { id: 'mock', baseURL: mock.baseURL, origin: 'user' };
		let called = false;
		const sent = await gatedSend(false, provider, () => {
			called = true;
			return runChat({ model: 'mock-small', messages: [{ role: 'user', content: 'hi' }] }, { provider, apiKey: 'k', timeoutMs: 5000, maxRetries: 0, now: Date.now });
		});
		assert.equal(sent.ok, false);
		assert.equal(called, false);
		assert.equal(mock.requests.length, 0);
	});

	test('trusted: gatedSend sends (the same call reaches the mock)', async () => {
		const provider: ProviderConfig = { id: 'mock', baseURL: mock.baseURL, origin: 'workspace' };
		const sent = await gatedSend(true, provider, () =>
			runChat({ model: 'mock-small', messages: [{ role: 'user', content: 'hi' }] }, { provider, apiKey: 'k', timeoutMs: 5000, maxRetries: 0, now: Date.now }));
		assert.ok(sent.ok);
		assert.equal(sent.value.status, 'ok');
		assert.equal(mock.requests.filter((r) => r.path.endsWith('/chat/completions')).length, 1);
	});

	test('a provider from workspace settings is refused in an untrusted workspace, allowed in a trusted one', () => {
		const [fromWorkspace] = providersFromSettings([{ id: 'lab', baseURL: 'https://llm.example.com/v1' }], 'workspace');
		const [fromUser] = providersFromSettings([{ id: 'lab', baseURL: 'https://llm.example.com/v1' }], 'user');
		const refused = providerGate(fromWorkspace, false);
		assert.equal(refused.ok, false);
		assert.match(refused.ok ? '' : refused.message, /"lab" \(https:\/\/llm\.example\.com\/v1\) comes from this workspace's settings/);
		assert.deepEqual(providerGate(fromWorkspace, true), { ok: true });
		assert.deepEqual(providerGate(fromUser, false), { ok: true });
		assert.deepEqual(providerGate(openai, false), { ok: true });
	});
});

describe('keys', () => {
	test('the stored key of a provider goes to that provider at the address it was set for', () => {
		assert.deepEqual(chooseKey(openai, openaiStored, {}), { ok: true, apiKey: OPENAI_KEY, source: 'secret' });
		// Trailing slashes and the host's letter case do not make another endpoint.
		assert.deepEqual(chooseKey({ ...openai, baseURL: 'https://API.openai.com/v1/' }, openaiStored, {}).ok, true);
	});

	test('a key stored for openai is never chosen for another provider, even at the same address', () => {
		const mock: ProviderConfig = { id: 'mock', baseURL: 'http://127.0.0.1:9/v1', origin: 'user' };
		const proxy: ProviderConfig = { id: 'openai-proxy', baseURL: 'https://api.openai.com/v1', origin: 'user' };
		assert.deepEqual(chooseKey(mock, openaiStored, {}), { ok: false, message: 'No API key for "mock" (http://127.0.0.1:9/v1): run "Prompt Lens: Set API Key" and choose mock.' });
		assert.equal(chooseKey(proxy, openaiStored, {}).ok, false);
	});

	test('openai pointed at another address (a workspace override) does not get the stored key nor OPENAI_API_KEY', () => {
		const hijacked: ProviderConfig = { id: 'openai', baseURL: 'https://collector.example/v1', apiKeyEnv: 'OPENAI_API_KEY', origin: 'workspace' };
		const choice = chooseKey(hijacked, openaiStored, { OPENAI_API_KEY: 'sk-env-secret-999' });
		assert.equal(choice.ok, false);
		const message = choice.ok ? '' : choice.message;
		assert.match(message, /was set for https:\/\/api\.openai\.com\/v1, but "openai" now points at https:\/\/collector\.example\/v1/);
		assert.ok(!message.includes(OPENAI_KEY) && !message.includes('sk-env-secret-999'));
	});

	test('no provider may borrow a preset\'s variable for another address; a workspace provider\'s own variable needs the user\'s consent', () => {
		const env = { OPENAI_API_KEY: 'sk-env-secret-999', LAB_KEY: 'lab-secret-1234' };
		const borrow = (origin: 'user' | 'workspace', apiKeyEnv: string): ProviderConfig => ({ id: 'lab', baseURL: 'https://llm.example.com/v1', apiKeyEnv, origin });
		assert.equal(chooseKey(borrow('workspace', 'OPENAI_API_KEY'), undefined, env).ok, false);
		const user = chooseKey(borrow('user', 'OPENAI_API_KEY'), undefined, env);
		assert.equal(user.ok, false);
		assert.match(user.ok ? '' : user.message, /^OPENAI_API_KEY is the openai key and is sent only to api\.openai\.com; provider "lab" points at llm\.example\.com/);
		assert.deepEqual(chooseKey(borrow('user', 'LAB_KEY'), undefined, env), { ok: true, apiKey: 'lab-secret-1234', source: 'env' });
		const asks = chooseKey(borrow('workspace', 'LAB_KEY'), undefined, env);
		assert.deepEqual(asks.ok ? undefined : asks.consent, { env: 'LAB_KEY', host: 'llm.example.com' });
		assert.ok(!JSON.stringify(asks).includes('lab-secret-1234'));
		const allowed = [{ env: 'LAB_KEY', hosts: ['llm.example.com'] }];
		assert.deepEqual(chooseKey(borrow('workspace', 'LAB_KEY'), undefined, env, allowed), { ok: true, apiKey: 'lab-secret-1234', source: 'env' });
		assert.equal(chooseKey({ ...borrow('workspace', 'LAB_KEY'), baseURL: 'https://other.example/v1' }, undefined, env, allowed).ok, false);
		// Nothing to ask about when the variable is empty.
		const empty = chooseKey(borrow('workspace', 'LAB_KEY'), undefined, {});
		assert.equal(empty.ok ? undefined : empty.consent, undefined);
	});

	test('the environment variable is the fallback; local servers need no key; otherwise the message says what to do', () => {
		assert.deepEqual(chooseKey(openai, undefined, { OPENAI_API_KEY: ' sk-env ' }), { ok: true, apiKey: 'sk-env', source: 'env' });
		const ollama = PRESET_PROVIDERS.find((p) => p.id === 'ollama') as ProviderConfig;
		assert.deepEqual(chooseKey(ollama, undefined, {}), { ok: true, source: 'none' });
		assert.deepEqual(chooseKey(openai, undefined, { OPENAI_API_KEY: '  ' }), {
			ok: false,
			message: 'No API key for "openai" (https://api.openai.com/v1): run "Prompt Lens: Set API Key" and choose openai or set the OPENAI_API_KEY environment variable.',
		});
	});

	test('stored values round-trip; anything else is not a key', () => {
		assert.deepEqual(parseStoredKey(storedKeyValue('openai', 'https://api.openai.com/v1', OPENAI_KEY)), openaiStored);
		for (const raw of [undefined, '', OPENAI_KEY, 'null', '{}', '{"providerId":"openai","baseURL":"x","key":""}', '[1]']) {
			assert.equal(parseStoredKey(raw), undefined, String(raw));
		}
	});

	test('redact cuts every secret out of a text', () => {
		assert.equal(redact(`401: invalid key ${OPENAI_KEY} (${OPENAI_KEY})`, [OPENAI_KEY, undefined]), '401: invalid key *** (***)');
		assert.equal(sameEndpoint('http://127.0.0.1:8/v1', 'http://127.0.0.1:9/v1'), false);
	});
});

describe('where a plan runs', () => {
	test('the server\'s provider id and model id, resolved against the presets and the user\'s providers', () => {
		const user = providersFromSettings([{ id: 'mock', baseURL: 'http://127.0.0.1:1234/v1' }], 'user');
		const mock = runTarget({ provider: 'mock', model: 'mock/mock-small', request: { model: 'mock-small', messages: [] } }, user);
		assert.ok(mock.ok);
		assert.equal(mock.provider.baseURL, 'http://127.0.0.1:1234/v1');
		assert.equal(mock.modelId, 'mock-small');
		const bare = runTarget({ provider: 'openai', model: 'gpt-4o-mini', request: { model: 'gpt-4o-mini', messages: [] } }, []);
		assert.ok(bare.ok && bare.provider.id === 'openai' && bare.modelId === 'gpt-4o-mini');
		const unknown = runTarget({ model: 'nowhere/x', request: { model: 'x', messages: [] } }, []);
		assert.equal(unknown.ok, false);
		assert.equal(providerById('azure-openai', []).ok, false);
	});
});
