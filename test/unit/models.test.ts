// Model catalog: pinned reference prices (a bad snapshot cannot ship), name resolution, did-you-mean, user settings, encodings.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { test } from 'node:test';
import { encodingForModelId, loadCatalog, resolveModel } from '../../server/src/core/models/catalog';
import type { ModelInfo } from '../../server/src/core/models/types';
import { REPO_ROOT } from '../support/paths';

const catalog = loadCatalog();

function model(name: string): ModelInfo {
	const lookup = resolveModel(catalog, name);
	assert.ok(lookup.ok, `${name} should resolve, suggestions: ${lookup.ok ? '' : lookup.suggestions.join(', ')}`);
	return lookup.model;
}

/** name → [provider, id, input $/MTok, output $/MTok, context window]: list prices as published, checked against the providers' pages. */
const REFERENCE: Record<string, [string, string, number, number, number | undefined]> = {
	'gpt-4o': ['openai', 'gpt-4o', 2.5, 10, 128_000],
	'gpt-4o-mini': ['openai', 'gpt-4o-mini', 0.15, 0.6, 128_000],
	'gpt-3.5-turbo': ['openai', 'gpt-3.5-turbo', 0.5, 1.5, 16_385],
	'gpt-4-turbo': ['openai', 'gpt-4-turbo', 10, 30, 128_000],
	'gpt-4.1': ['openai', 'gpt-4.1', 2, 8, 1_000_000],
	'o3': ['openai', 'o3', 2, 8, 200_000],
	'gpt-5': ['openai', 'gpt-5', 1.25, 10, 400_000],
	'claude-3-5-sonnet': ['anthropic', 'claude-3-5-sonnet', 3, 15, 200_000],
	'claude-sonnet-4-5': ['anthropic', 'claude-sonnet-4-5', 3, 15, 200_000],
	'claude-haiku-4-5': ['anthropic', 'claude-haiku-4-5', 1, 5, 200_000],
	'claude-3-5-haiku': ['anthropic', 'claude-3-5-haiku-latest', 0.8, 4, 200_000],
	'claude-opus-4-1': ['anthropic', 'claude-opus-4-1', 15, 75, 200_000],
	'gemini-2.5-flash': ['google', 'gemini-2.5-flash', 0.3, 2.5, 1_048_576],
	'gemini-2.5-pro': ['google', 'gemini-2.5-pro', 1.25, 10, 1_048_576],
	'gemini-2.0-flash': ['google', 'gemini-2.0-flash', 0.1, 0.4, 1_000_000],
	'mistral-large': ['mistral', 'mistral-large', 2, 6, 131_072],
	'groq/llama-3.3-70b-versatile': ['groq', 'llama-3.3-70b-versatile', 0.59, 0.79, 131_072],
};

for (const [name, [provider, id, input, output, window]] of Object.entries(REFERENCE)) {
	test(`reference price: ${name} is $${input} / $${output} per MTok`, () => {
		const m = model(name);
		assert.equal(m.provider, provider);
		assert.equal(m.id, id);
		assert.equal(m.price?.inputPerMTok, input);
		assert.equal(m.price?.outputPerMTok, output);
		assert.equal(m.contextWindow, window);
	});
}

test('cached input and long-context tiers come through', () => {
	assert.equal(model('gpt-4o').price?.cachedInputPerMTok, 1.25);
	assert.equal(model('claude-sonnet-4-5').price?.cachedInputPerMTok, 0.3);
	assert.deepEqual(model('gemini-2.5-pro').price?.tiers, [{ aboveInputTokens: 200_000, inputPerMTok: 2.5, outputPerMTok: 15, cachedInputPerMTok: 0.25 }]);
	assert.deepEqual(model('gemini-1.5-pro').price?.tiers?.map((t) => [t.aboveInputTokens, t.inputPerMTok, t.outputPerMTok]), [[128_000, 2.5, 10]]);
	assert.equal(model('gpt-4o').price?.tiers, undefined);
});

test('the snapshot says where it came from, and every model has a dated source', () => {
	assert.equal(catalog.source.name, '@pydantic/genai-prices');
	assert.equal(catalog.source.url, 'https://github.com/pydantic/genai-prices');
	assert.match(catalog.source.date, /^\d{4}-\d{2}-\d{2}$/);
	assert.equal(catalog.source.origin, 'snapshot');
	assert.ok(catalog.models.length > 1000, `only ${catalog.models.length} models`);
	for (const m of catalog.models) {
		assert.match(m.source.date, /^\d{4}-\d{2}-\d{2}$/, m.id);
		assert.ok(m.id && m.provider, JSON.stringify(m));
	}
	assert.deepEqual(catalog.sources?.map((s) => s.origin), ['snapshot', 'overlay']);
});

test('prices are sane: finite, non-negative, tiers ascending', () => {
	for (const m of catalog.models) {
		if (!m.price) continue;
		for (const v of [m.price.inputPerMTok, m.price.outputPerMTok, m.price.cachedInputPerMTok ?? 0]) assert.ok(Number.isFinite(v) && v >= 0, m.id);
		const starts = (m.price.tiers ?? []).map((t) => t.aboveInputTokens);
		assert.deepEqual(starts, [...starts].sort((a, b) => a - b), m.id);
	}
});

test('the overlay adds max output, capabilities, snapshots and deprecations', () => {
	const gpt4o = model('gpt-4o');
	assert.equal(gpt4o.maxOutputTokens, 16_384);
	assert.deepEqual(gpt4o.snapshots, ['gpt-4o-2024-11-20', 'gpt-4o-2024-08-06', 'gpt-4o-2024-05-13']);
	assert.equal(gpt4o.capabilities.vision, true);
	assert.deepEqual(model('claude-sonnet-4-5').snapshots, ['claude-sonnet-4-5-20250929']);
	assert.equal(model('claude-sonnet-4-5').maxOutputTokens, 64_000);
	assert.equal(model('anthropic/claude-3-5-sonnet').deprecation?.date, '2025-10-22');
	assert.equal(model('vertexai/claude-3-5-sonnet').deprecation, undefined, 'Anthropic\'s date is not Vertex AI\'s');
	assert.equal(model('gpt-4.5-preview').deprecation?.replacement, 'gpt-4.1');
	assert.equal(catalog.sources?.[1].date, '2026-11-26');
});

test('every overlay entry still names a model of the snapshot', () => {
	const overlay = JSON.parse(readFileSync(join(REPO_ROOT, 'server/src/core/models/overlay.json'), 'utf8')) as { models: { id: string; provider?: string }[] };
	const missing = overlay.models.filter((e) => !catalog.models.some((m) => m.id.toLowerCase() === e.id.toLowerCase() && (e.provider === undefined || m.provider === e.provider)));
	assert.deepEqual(missing, []);
});

test('names resolve with and without a provider prefix, case-insensitively', () => {
	for (const name of ['gpt-4o-mini', 'openai/gpt-4o-mini', 'OpenAI/GPT-4o-Mini', '  gpt-4o-mini  ', 'azure/gpt-4o-mini']) assert.equal(model(name).id, 'gpt-4o-mini', name);
	assert.equal(model('googleai/gemini-2.5-flash').id, 'gemini-2.5-flash');
	assert.equal(model('vertexai/gemini-2.5-flash').id, 'gemini-2.5-flash');
	assert.equal(model('anthropic/claude-3-5-sonnet-20241022').id, 'claude-3-5-sonnet');
	assert.equal(model('claude-3.5-sonnet').provider, 'anthropic', 'a bare name prefers the maker over resellers');
	assert.equal(model('vertexai/claude-3-5-sonnet').provider, 'google', 'Vertex AI sells Claude under its own price list');
	assert.equal(model('mistral/mistral-large-latest').id, 'mistral-large');
	const lookup = resolveModel(catalog, 'googleai/gemini-2.5-flash');
	assert.ok(lookup.ok && lookup.provider === 'googleai', 'the prefix as written comes back for picking an endpoint');
	const bare = resolveModel(catalog, 'gemini-2.5-flash');
	assert.ok(bare.ok && bare.provider === undefined);
});

test('openrouter names keep their vendor segment', () => {
	const lookup = resolveModel(catalog, 'openrouter/anthropic/claude-3.5-sonnet');
	assert.ok(lookup.ok);
	assert.equal(lookup.model.provider, 'openrouter');
	assert.equal(lookup.model.id, 'anthropic/claude-3.5-sonnet');
	assert.equal(lookup.provider, 'openrouter');
	assert.equal(model('openrouter/openai/gpt-4o-mini').tokenizer, 'o200k_base');
	assert.equal(model('openrouter/anthropic/claude-sonnet-4-5-20250929-no-such-listing').provider, 'anthropic', 'falls back to the vendor');
});

test('dated snapshots resolve to their own entry when the data has one, else to the family', () => {
	assert.equal(model('gpt-4o-2024-05-13').id, 'gpt-4o-2024-05-13');
	assert.equal(model('gpt-4o-2024-05-13').price?.inputPerMTok, 5);
	assert.equal(model('gpt-4o-2024-08-06').id, 'gpt-4o');
	assert.equal(model('gpt-4o-2024-11-20').id, 'gpt-4o');
	assert.equal(model('claude-sonnet-4-5-20250929').id, 'claude-sonnet-4-5');
	assert.equal(model('claude-sonnet-4-20250514').id, 'claude-sonnet-4-0');
	assert.equal(model('gemini-1.5-pro-002').id, 'gemini-1.5-pro');
	assert.equal(model('o3-mini-2025-01-31').id, 'o3-mini');
	assert.equal(model('mistral-large-2411').id, 'mistral-large');
});

test('unknown names get up to three did-you-mean suggestions, with the prefix as written', () => {
	const typo = resolveModel(catalog, 'gpt-4o-mnii');
	assert.ok(!typo.ok);
	assert.equal(typo.suggestions[0], 'gpt-4o-mini');
	const prefixed = resolveModel(catalog, 'openai/gpt-4o-mnii');
	assert.ok(!prefixed.ok && prefixed.suggestions[0] === 'openai/gpt-4o-mini');
	const gemini = resolveModel(catalog, 'googleai/gemni-2.5-flash');
	assert.ok(!gemini.ok && gemini.suggestions.length <= 3 && gemini.suggestions[0] === 'googleai/gemini-2.5-flash');
	const nothing = resolveModel(catalog, 'qqqqqqqqqqqqqqqqqqqqqqqqqqqq');
	assert.deepEqual(nothing, { ok: false, suggestions: [] });
	assert.ok(!resolveModel(catalog, 'openai/claude-3-5-sonnet').ok, 'a first-party prefix does not borrow another maker\'s model');
});

test('a failed lookup with suggestions stays fast on the whole catalog', () => {
	for (let i = 0; i < 5; i++) resolveModel(catalog, `gpt-4o-mni${i}`);
	const times = [0, 1, 2, 3, 4].map((i) => {
		const start = performance.now();
		resolveModel(catalog, `claude-sonet-4-${i}x`);
		return performance.now() - start;
	});
	const median = times.sort((a, b) => a - b)[2];
	assert.ok(median < 25, `median ${median.toFixed(1)} ms (target < 5 ms on a quiet machine)`);
});

test('promptLens.models overrides given fields of an existing model and adds new ones', () => {
	const user = loadCatalog([
		{ id: 'gpt-4o', provider: 'openai', inputPerMTok: 2, maxOutputTokens: 4096 },
		{ id: 'my-llama', provider: 'ollama', inputPerMTok: 0, outputPerMTok: 0, contextWindow: 8192, aliases: ['Llama-Local'] },
		{ id: 'gemini-2.5-pro', outputPerMTok: 9 },
	]);
	const gpt4o = resolveModel(user, 'gpt-4o');
	assert.ok(gpt4o.ok);
	assert.deepEqual(gpt4o.model.price, { inputPerMTok: 2, outputPerMTok: 10, cachedInputPerMTok: 1.25 });
	assert.equal(gpt4o.model.maxOutputTokens, 4096);
	assert.equal(gpt4o.model.contextWindow, 128_000, 'fields not given are kept');
	assert.equal(gpt4o.model.source.origin, 'settings');
	assert.equal(gpt4o.model.tokenizer, 'o200k_base');
	const local = resolveModel(user, 'ollama/my-llama');
	assert.ok(local.ok && local.model.provider === 'ollama' && local.model.price?.inputPerMTok === 0 && local.model.contextWindow === 8192);
	assert.equal(local.provider, 'ollama');
	assert.ok(resolveModel(user, 'llama-local').ok, 'aliases from settings resolve');
	const pro = resolveModel(user, 'gemini-2.5-pro');
	assert.ok(pro.ok && pro.model.price?.outputPerMTok === 9 && pro.model.price.tiers === undefined, 'a changed price drops the data\'s tiers');
	assert.equal(model('gpt-4o').price?.inputPerMTok, 2.5, 'the base catalog is untouched');
	assert.equal(user.sources?.at(-1)?.origin, 'settings');
});

test('malformed settings are ignored, never thrown', () => {
	for (const raw of [undefined, null, 42, 'gpt-4o', {}, [null, 1, 'x', [], { id: 5 }, { id: '' }, { provider: 'openai' }]]) {
		assert.equal(loadCatalog(raw).models.length, catalog.models.length, JSON.stringify(raw));
	}
	const odd = loadCatalog([{ id: 'gpt-4o', inputPerMTok: 'cheap', outputPerMTok: -1, contextWindow: 1.5, tokenizer: 'bpe', capabilities: 'all' }]);
	assert.deepEqual(resolveModel(odd, 'gpt-4o').ok && resolveModel(odd, 'gpt-4o'), resolveModel(catalog, 'gpt-4o'));
	for (const name of ['', '/', '//', 'openai/', '/gpt-4o', 'a/b/c/d/e', '\u0000', 'x'.repeat(10_000), 'constructor/x', 'toString', '__proto__/gpt-4o', 'openrouter/'.repeat(2000) + 'gpt-4o', undefined as unknown as string]) {
		assert.doesNotThrow(() => resolveModel(catalog, name), JSON.stringify(name));
	}
});

test('encodings follow the OpenAI family prefixes', () => {
	const o200k = ['gpt-4o', 'gpt-4o-mini-2024-07-18', 'chatgpt-4o-latest', 'gpt-4.1-nano', 'gpt-4.5-preview', 'gpt-5', 'gpt-5.1', 'o1', 'o1-mini', 'o3-mini', 'o4-mini', 'openai/gpt-4o', 'ft:gpt-4o-mini:acme::x1'];
	const cl100k = ['gpt-4', 'gpt-4-0613', 'gpt-4-turbo', 'gpt-4-turbo-2024-04-09', 'gpt-3.5-turbo', 'gpt-35-turbo', 'ft:gpt-3.5-turbo-0125:acme::x'];
	for (const id of o200k) assert.equal(encodingForModelId(id), 'o200k_base', id);
	for (const id of cl100k) assert.equal(encodingForModelId(id), 'cl100k_base', id);
	for (const id of ['claude-3-5-sonnet', 'gemini-2.5-flash', 'o1x', 'gpt-oss-120b', 'anthropic/o3', 'llama-3.3-70b', '']) assert.equal(encodingForModelId(id), undefined, id);
	assert.equal(model('gpt-4o').tokenizer, 'o200k_base');
	assert.equal(model('gpt-3.5-turbo').tokenizer, 'cl100k_base');
	assert.equal(model('claude-3-5-sonnet').tokenizer, 'approx');
});
