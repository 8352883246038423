// Providers' moving aliases resolve to what the provider documents and say so; every model id the Dotprompt and
// Genkit docs use is known.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyzePrompt, DEFAULT_SETTINGS, loadCatalog, resolveModel } from '../../server/src/core';
import { lensTitle } from '../../server/src/core/estimateText';
import type { ModelEstimate } from '../../server/src/core/estimate';
import { movingAliases } from '../../server/src/core/models/movingAliases';
import { FIXTURES } from '../support/paths';
import { TODAY } from '../support/lintRun';

const catalog = loadCatalog();
const DOCS_MODELS = JSON.parse(readFileSync(join(FIXTURES, 'models', 'dotprompt-genkit-models.json'), 'utf8')) as {
	chat: Record<string, string[]>;
	excluded: Record<string, { why: string }>;
};

test('Google\'s -latest aliases resolve to the models Google serves behind them, not to what is left without -latest', () => {
	for (const [name, id] of [
		['googleai/gemini-flash-latest', 'gemini-3.8-flash'],
		['googleai/gemini-flash-lite-latest', 'gemini-3.5-flash-lite'],
		['googleai/gemini-pro-latest', 'gemini-3.1-pro-preview'],
		['vertexai/gemini-pro-latest', 'gemini-3.1-pro-preview'],
		['gemini-flash-latest', 'gemini-3.8-flash'],
	]) {
		const lookup = resolveModel(catalog, name);
		assert.ok(lookup.ok, name);
		assert.equal(lookup.model.id, id, name);
		assert.equal(lookup.alias?.target, id, `${name} is flagged as a moving alias`);
		assert.ok((lookup.model.contextWindow ?? 0) >= 1_000_000, `${name}: window ${lookup.model.contextWindow}`);
		assert.ok(lookup.model.price, `${name} has a price`);
	}
	// Gemini 1.0 Pro is still what the plain name means.
	const pro = resolveModel(catalog, 'googleai/gemini-pro');
	assert.ok(pro.ok && pro.model.id === 'gemini-pro' && pro.alias === undefined);
});

test('every documented alias resolves to its target with a price, a window and a dated source', () => {
	for (const alias of movingAliases()) {
		const lookup = resolveModel(catalog, alias.alias);
		assert.ok(lookup.ok, alias.alias);
		assert.equal(lookup.alias, alias);
		assert.ok(lookup.model.price && lookup.model.contextWindow, `${alias.alias} → ${lookup.model.id}`);
		assert.match(alias.url, /^https:\/\//);
		assert.match(alias.checked, /^\d{4}-\d{2}-\d{2}$/);
	}
});

test('every model id in the Dotprompt and Genkit docs and samples is known, priced and has a true window', () => {
	assert.ok(Object.keys(DOCS_MODELS.chat).length >= 15);
	for (const [name, where] of Object.entries(DOCS_MODELS.chat)) {
		const lookup = resolveModel(catalog, name);
		assert.ok(lookup.ok, `${name} (used at ${where[0]}) is unknown`);
		assert.ok(lookup.model.price, `${name} has no price`);
		assert.ok(lookup.model.contextWindow, `${name} has no context window`);
		// Only Gemini 1.0 Pro, which the Dotprompt READMEs still name, really had 32k.
		if (lookup.model.id !== 'gemini-pro') assert.ok(lookup.model.contextWindow > 32_768, `${name}: ${lookup.model.contextWindow}`);
	}
	for (const [name, { why }] of Object.entries(DOCS_MODELS.excluded)) assert.ok(why.length > 10, `${name} needs a reason`);
});

test('unpinned-model says where a moving alias points and pins that model', () => {
	const text = '---\nmodel: googleai/gemini-flash-latest\n---\nHi\n';
	const [d] = analyzePrompt(text, DEFAULT_SETTINGS, { catalog, today: TODAY }).diagnostics.filter((x) => x.code === 'unpinned-model');
	assert.ok(d, 'unpinned-model reports the alias');
	assert.match(d.message, /moving alias → currently `gemini-3\.8-flash`/);
	assert.deepEqual(d.fixes?.map((f) => f.title), ['Pin with config.version: gemini-3.8-flash', 'Pin to gemini-3.8-flash']);
});

test('the lens says the model is a moving alias and what it is today', () => {
	const lookup = resolveModel(catalog, 'googleai/gemini-pro-latest');
	assert.ok(lookup.ok);
	const window = lookup.model.contextWindow!;
	const estimate: ModelEstimate = {
		name: 'googleai/gemini-pro-latest',
		model: lookup.model,
		alias: lookup.alias,
		suggestions: [],
		exact: false,
		messages: [],
		inputTokens: 100,
		outputTokens: 10,
		outputSource: 'promptLens.expectedOutputTokens',
		contextWindow: window,
		windowUse: 110 / window,
	};
	assert.match(lensTitle(estimate), /of 1M · moving alias → currently gemini-3\.1-pro-preview$/);
});
