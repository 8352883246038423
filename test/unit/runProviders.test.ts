// Provider resolution: prefixes, bare names through the catalog, user overrides, unknown providers, Azure without its address.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadCatalog } from '../../server/src/core';
import { PRESET_PROVIDERS, providersFromSettings, resolveProvider } from '../../server/src/core/run/providers';
import type { ProviderConfig } from '../../server/src/core/run/runTypes';

const catalog = loadCatalog();

function ok(model: string, user: ProviderConfig[] = []) {
	const r = resolveProvider(model, user, catalog);
	assert.ok(r.ok, r.ok ? '' : r.message);
	return { id: r.provider.id, baseURL: r.provider.baseURL, modelId: r.modelId, provider: r.provider };
}

function fails(model: string, user: ProviderConfig[] = []): string {
	const r = resolveProvider(model, user, catalog);
	assert.ok(!r.ok, `expected ${model} not to resolve`);
	return r.message;
}

test('the presets: ids, endpoints and key variables', () => {
	assert.deepEqual(PRESET_PROVIDERS.map((p) => [p.id, p.baseURL, p.apiKeyEnv ?? null, p.keyOptional ?? false]), [
		['openai', 'https://api.openai.com/v1', 'OPENAI_API_KEY', false],
		['azure-openai', '', 'AZURE_OPENAI_API_KEY', false],
		['anthropic', 'https://api.anthropic.com/v1', 'ANTHROPIC_API_KEY', false],
		['googleai', 'https://generativelanguage.googleapis.com/v1beta/openai', 'GEMINI_API_KEY', false],
		['ollama', 'http://localhost:11434/v1', null, true],
		['lmstudio', 'http://localhost:1234/v1', null, true],
		['vllm', 'http://localhost:8000/v1', null, true],
		['openrouter', 'https://openrouter.ai/api/v1', 'OPENROUTER_API_KEY', false],
		['groq', 'https://api.groq.com/openai/v1', 'GROQ_API_KEY', false],
	]);
	assert.ok(PRESET_PROVIDERS.every((p) => p.origin === 'preset'));
});

test('provider/name picks the provider by its id and sends the rest as the model id', () => {
	assert.deepEqual(ok('openai/gpt-4o-mini'), { ...ok('openai/gpt-4o-mini'), id: 'openai', modelId: 'gpt-4o-mini' });
	assert.equal(ok('ollama/llama3.2:3b').modelId, 'llama3.2:3b');
	assert.equal(ok('ollama/llama3.2:3b').baseURL, 'http://localhost:11434/v1');
	assert.deepEqual([ok('openrouter/meta-llama/llama-3.1-8b-instruct').id, ok('openrouter/meta-llama/llama-3.1-8b-instruct').modelId], ['openrouter', 'meta-llama/llama-3.1-8b-instruct']);
	assert.equal(ok('anthropic/claude-sonnet-4-5').id, 'anthropic');
	assert.equal(ok('vllm/Qwen/Qwen2.5-7B-Instruct').modelId, 'Qwen/Qwen2.5-7B-Instruct');
});

test('Genkit plugin names map to the presets (googleai, google-genai → googleai)', () => {
	assert.deepEqual([ok('googleai/gemini-2.0-flash').id, ok('googleai/gemini-2.0-flash').modelId], ['googleai', 'gemini-2.0-flash']);
	assert.equal(ok('google-genai/gemini-2.0-flash').id, 'googleai');
});

test('a name without a prefix runs on the catalog\'s provider', () => {
	assert.deepEqual([ok('gpt-4o-mini').id, ok('gpt-4o-mini').modelId], ['openai', 'gpt-4o-mini']);
	assert.equal(ok('claude-3-5-haiku-20241022').id, 'anthropic');
	assert.equal(ok('gemini-2.0-flash').id, 'googleai');
});

test('a plugin prefix with no endpoint here resolves through the catalog (vertexai/gemini → googleai)', () => {
	assert.deepEqual([ok('vertexai/gemini-2.0-flash').id, ok('vertexai/gemini-2.0-flash').modelId], ['googleai', 'gemini-2.0-flash']);
});

test('user providers add new ids and replace presets of the same id, keeping the preset\'s key variable', () => {
	const user: ProviderConfig[] = [
		{ id: 'mylab', baseURL: 'https://llm.example.com/v1', apiKeyEnv: 'MYLAB_KEY', origin: 'user' },
		{ id: 'openai', baseURL: 'https://proxy.example.com/v1', origin: 'workspace' },
	];
	const mylab = ok('mylab/big-model', user);
	assert.deepEqual([mylab.id, mylab.baseURL, mylab.modelId, mylab.provider.apiKeyEnv], ['mylab', 'https://llm.example.com/v1', 'big-model', 'MYLAB_KEY']);
	const openai = ok('openai/gpt-4o', user);
	assert.deepEqual([openai.baseURL, openai.provider.origin, openai.provider.apiKeyEnv], ['https://proxy.example.com/v1', 'workspace', 'OPENAI_API_KEY']);
	assert.equal(ok('gpt-4o', user).baseURL, 'https://proxy.example.com/v1', 'bare names use the override too');
});

test('an unknown provider prefix: an error naming the known ones and how to add one', () => {
	const message = fails('mylab/big-model');
	assert.match(message, /^No provider `mylab` to run `mylab\/big-model` on\. Known providers: `openai`, `azure-openai`, /);
	assert.match(message, /put `\{ "id": "mylab", "baseURL": "https:\/\/…\/v1" \}` in the `promptLens\.providers` setting\.$/);
});

test('an unknown bare name: asks for provider/name', () => {
	assert.equal(fails('my-local-model'), 'Cannot tell which provider serves `my-local-model`: write the model as `provider/name` (e.g. `openai/my-local-model` or `ollama/my-local-model`).');
});

test('a bare name sold only by a provider without a preset', () => {
	assert.match(fails('mistral-large-latest'), /^`mistral-large-latest` is sold by `mistral`, which has no OpenAI-compatible preset here\./);
});

test('azure-openai without the user\'s resource address tells what to add; with it, it runs', () => {
	assert.equal(fails('azure-openai/gpt-4o'), 'Azure OpenAI needs your resource\'s address: add `{ "id": "azure-openai", "baseURL": "https://<resource>.openai.azure.com/openai/v1" }` to the `promptLens.providers` setting, then run again.');
	assert.match(fails('azure/gpt-4o'), /^Azure OpenAI needs your resource's address/);
	const user: ProviderConfig[] = [{ id: 'azure-openai', baseURL: 'https://acme.openai.azure.com/openai/v1', origin: 'user' }];
	const r = ok('azure-openai/my-deployment', user);
	assert.deepEqual([r.baseURL, r.modelId, r.provider.apiKeyEnv], ['https://acme.openai.azure.com/openai/v1', 'my-deployment', 'AZURE_OPENAI_API_KEY']);
});

test('no model, or nothing after the prefix', () => {
	assert.match(fails('  '), /names no model/);
	assert.equal(fails('openai/'), 'The model name after `openai/` is missing.');
});

test('providersFromSettings: origin, headers, trailing slash; endpoints on this machine need no key', () => {
	assert.deepEqual(providersFromSettings([
		{ id: 'mylab', baseURL: 'https://llm.example.com/v1/', apiKeyEnv: 'MYLAB_KEY', headers: { 'X-Team': 'a' } },
		{ id: 'local', baseURL: 'http://127.0.0.1:8080/v1' },
		{ id: 'box', baseURL: 'http://localhost:9000/v1', headers: {} },
	], 'workspace'), [
		{ id: 'mylab', baseURL: 'https://llm.example.com/v1', apiKeyEnv: 'MYLAB_KEY', headers: { 'X-Team': 'a' }, origin: 'workspace' },
		{ id: 'local', baseURL: 'http://127.0.0.1:8080/v1', keyOptional: true, origin: 'workspace' },
		{ id: 'box', baseURL: 'http://localhost:9000/v1', keyOptional: true, origin: 'workspace' },
	]);
	assert.equal(providersFromSettings([{ id: 'x', baseURL: 'https://localhost.evil.com/v1' }], 'user')[0].keyOptional, undefined);
});
