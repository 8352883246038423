// The model lint rules beyond the fixtures: config.version pins, PDF media, date boundaries, and staying quiet without a catalog or date.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzePrompt, DEFAULT_SETTINGS, loadCatalog, normalizeSettings, type CoreDiagnostic, type ModelCatalog, type ModelInfo } from '../../server/src/core';
import { TODAY } from '../support/lintRun';

const MODEL_RULES = ['unpinned-model', 'deprecated-model', 'model-capability'];
const base = loadCatalog();

/** The catalog with extra models in front, so they win name resolution. */
function withModels(...extra: Partial<ModelInfo>[]): ModelCatalog {
	const models = extra.map((m): ModelInfo => ({ provider: 'google', aliases: [], tokenizer: 'approx', capabilities: {}, source: base.source, id: 'x', ...m }));
	return { ...base, models: [...models, ...base.models] };
}

function lintModels(text: string, catalog: ModelCatalog = base): CoreDiagnostic[] {
	return analyzePrompt(text, DEFAULT_SETTINGS, { catalog, today: TODAY }).diagnostics.filter((d) => MODEL_RULES.includes(d.code));
}

function applyFix(text: string, diagnostic: CoreDiagnostic, index = 0): string {
	const edits = [...diagnostic.fixes![index].edits].sort((a, b) => b.span.start - a.span.start);
	return edits.reduce((out, e) => out.slice(0, e.span.start) + e.newText + out.slice(e.span.end), text);
}

const gemini = withModels({ id: 'gemini-9-flash', snapshots: ['gemini-9-flash-002', 'gemini-9-flash-001'] });

test('googleai and vertexai models are pinned through config.version first, then by name', () => {
	const text = '---\nmodel: googleai/gemini-9-flash\n---\nHi\n';
	const [d] = lintModels(text, gemini);
	assert.equal(d.code, 'unpinned-model');
	assert.deepEqual(d.fixes?.map((f) => f.title), ['Pin with config.version: gemini-9-flash-002', 'Pin to gemini-9-flash-002']);
	const fixed = applyFix(text, d);
	assert.equal(fixed, '---\nmodel: googleai/gemini-9-flash\nconfig:\n  version: gemini-9-flash-002\n---\nHi\n');
	assert.deepEqual(lintModels(fixed, gemini), [], 'config.version pins it');
	assert.equal(applyFix(text, d, 1), '---\nmodel: googleai/gemini-9-flash-002\n---\nHi\n');
	assert.deepEqual(lintModels('---\nmodel: vertexai/gemini-9-flash\n---\nHi\n', gemini)[0].fixes?.length, 2);
});

test('the config.version pin follows the frontmatter\'s line ends, whatever the body uses', () => {
	const text = '---\nmodel: googleai/gemini-9-flash\n---\nHi\r\nthere\r\n';
	const [d] = lintModels(text, gemini);
	assert.equal(applyFix(text, d), '---\nmodel: googleai/gemini-9-flash\nconfig:\n  version: gemini-9-flash-002\n---\nHi\r\nthere\r\n');
});

test('config.version goes into an existing block config, keeping its indentation and line endings', () => {
	const text = '---\r\nmodel: googleai/gemini-9-flash\r\nconfig:\r\n    temperature: 1\r\n---\r\nHi\r\n';
	const [d] = lintModels(text, gemini);
	assert.equal(applyFix(text, d), '---\r\nmodel: googleai/gemini-9-flash\r\nconfig:\r\n    version: gemini-9-flash-002\r\n    temperature: 1\r\n---\r\nHi\r\n');
	const flow = lintModels('---\nmodel: googleai/gemini-9-flash\nconfig: {temperature: 1}\n---\nHi\n', gemini)[0];
	assert.deepEqual(flow.fixes?.map((f) => f.title), ['Pin to gemini-9-flash-002'], 'a flow mapping is left to the user');
	const bare = lintModels('---\nmodel: gemini-9-flash\n---\nHi\n', gemini)[0];
	assert.deepEqual(bare.fixes?.map((f) => f.title), ['Pin to gemini-9-flash-002'], 'without a Genkit prefix, only the name pins');
});

test('a PDF goes to a model without PDF input: contentType, data URL or .pdf URL', () => {
	const catalog = loadCatalog([{ id: 'text-only-model', capabilities: { pdf: false, vision: false } }]);
	const text = [
		'---', 'model: text-only-model', 'input:', '  schema:', '    doc: string', '---',
		'{{media url=doc contentType="application/pdf"}}', '{{media url="data:application/pdf;base64,AAAA"}}', '{{media url="https://x.test/a.PDF?dl=1"}}', '{{media url=doc}}', '',
	].join('\n');
	const found = lintModels(text, catalog).map((d) => `${d.code}:${text.slice(d.span.start, d.span.end)}:${/PDF/.test(d.message) ? 'pdf' : 'image'}`);
	assert.deepEqual(found, [
		'model-capability:{{media url=doc contentType="application/pdf"}}:pdf',
		'model-capability:{{media url="data:application/pdf;base64,AAAA"}}:pdf',
		'model-capability:{{media url="https://x.test/a.PDF?dl=1"}}:pdf',
		'model-capability:{{media url=doc}}:image',
	]);
});

test('retirement: on the day it is retired; 90 days before it warns; 91 days before it is quiet', () => {
	const model = (date: string) => withModels({ id: 'old-model', provider: 'openai', deprecation: { date } });
	const text = '---\nmodel: old-model\n---\nHi\n';
	assert.match(lintModels(text, model(TODAY))[0].message, /was retired by OpenAI on 2026-11-26/);
	assert.match(lintModels(text, model('2026-11-27'))[0].message, /\(in 1 day\)/);
	assert.match(lintModels(text, model('2027-02-24'))[0].message, /\(in 90 days\)/);
	assert.deepEqual(lintModels(text, model('2027-02-25')), []);
	assert.deepEqual(lintModels(text, model('not a date')), [], 'a malformed date is ignored');
});

test('a replacement chain that ends in a retired model offers no fix, and a cycle ends', () => {
	const catalog = withModels(
		{ id: 'model-a', provider: 'openai', deprecation: { date: '2025-01-01', replacement: 'model-b' } },
		{ id: 'model-b', provider: 'openai', deprecation: { date: '2025-06-01', replacement: 'model-a' } },
	);
	const [d] = lintModels('---\nmodel: model-a\n---\nHi\n', catalog);
	assert.deepEqual(d.fixes, []);
	assert.match(d.message, /OpenAI recommends `model-b`\.$/);
});

test('without a catalog or a date the model rules say nothing', () => {
	const text = '---\nmodel: openai/gpt-3.5-turbo\ntools: [x]\n---\n{{media url="a.png"}}\n';
	assert.ok(lintModels(text).length > 0);
	const bare = (env: { catalog?: ModelCatalog; today?: string }) => analyzePrompt(text, DEFAULT_SETTINGS, env).diagnostics.filter((d) => MODEL_RULES.includes(d.code));
	assert.deepEqual(bare({ today: TODAY }), []);
	assert.deepEqual(bare({ catalog: base }), []);
});

test('the model rules follow promptLens.lint.rules and leave non-string models alone', () => {
	const settings = normalizeSettings({ lint: { rules: { 'deprecated-model': 'error', 'unpinned-model': 'off' } } });
	const codes = (text: string) => analyzePrompt(text, settings, { catalog: base, today: TODAY }).diagnostics.map((d) => `${d.code}:${d.severity}`);
	assert.deepEqual(codes('---\nmodel: gpt-3.5-turbo\n---\nHi\n'), ['deprecated-model:error']);
	assert.deepEqual(codes('---\nmodel: gpt-5.5\n---\nHi\n'), []);
	assert.deepEqual(codes('---\nmodel: [gpt-5.5]\npromptLens.compare: gpt-3.5-turbo\n---\nHi\n').filter((c) => MODEL_RULES.some((r) => c.startsWith(r))), []);
});
