// What a comparison runs (client/src/compare/compareTargets.ts): models from the frontmatter or the setting, variants beside the file, columns.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildColumns, compareModels, compareOptions, frontmatterOf, parsePromptFileName, promptFileName, promptVersions } from '../../client/src/compare/compareTargets';

test('the frontmatter list wins over the setting, with the prompt\'s own model first as the baseline', () => {
	const front = { model: 'openai/gpt-4o-mini', 'promptLens.compare': ['anthropic/claude-sonnet-4-5', 'openai/gpt-4o'] };
	assert.deepEqual(compareModels(front, ['googleai/gemini-2.5-flash'], 'openai/gpt-4o-mini'), {
		models: ['openai/gpt-4o-mini', 'anthropic/claude-sonnet-4-5', 'openai/gpt-4o'],
		source: 'frontmatter',
	});
});

test('without a frontmatter list the setting applies; names are trimmed and each taken once', () => {
	assert.deepEqual(compareModels({}, [' openai/gpt-4o ', 'openai/gpt-4o-mini', 'openai/gpt-4o'], 'openai/gpt-4o-mini'), {
		models: ['openai/gpt-4o-mini', 'openai/gpt-4o'],
		source: 'setting',
	});
});

test('the main model listed again is not a second column', () => {
	const front = { 'promptLens.compare': ['mock/mock-small', 'mock/mock-large'] };
	assert.deepEqual(compareModels(front, [], 'mock/mock-small').models, ['mock/mock-small', 'mock/mock-large']);
});

test('nothing listed (or an empty or non-string list) means: ask', () => {
	assert.deepEqual(compareModels({}, [], 'openai/gpt-4o'), { models: [], source: 'none' });
	assert.deepEqual(compareModels({ 'promptLens.compare': [] }, ['openai/gpt-4o'], 'openai/gpt-4o-mini'), { models: [], source: 'none' });
	assert.deepEqual(compareModels({ 'promptLens.compare': [1, null, ' '] }, [], undefined), { models: [], source: 'none' });
});

test('a frontmatter list without a main model compares just the list', () => {
	assert.deepEqual(compareModels({ 'promptLens.compare': ['a/x', 'b/y'] }, [], undefined).models, ['a/x', 'b/y']);
});

test('the frontmatter is read as the runtime reads it (the dotted key is one key)', () => {
	const text = '---\nmodel: mock/mock-small\npromptLens.compare: [mock/mock-small, mock/mock-large]\n---\nHi\n';
	const front = frontmatterOf(text);
	assert.deepEqual(compareModels(front, [], front.model as string).models, ['mock/mock-small', 'mock/mock-large']);
	assert.deepEqual(frontmatterOf('no frontmatter'), {});
	assert.deepEqual(frontmatterOf('---\n[broken: yaml\n---\nHi'), {});
});

test('file names: name.variant.prompt as Genkit reads it; partials and odd names are not versions', () => {
	assert.deepEqual(parsePromptFileName('greeting.prompt'), { name: 'greeting' });
	assert.deepEqual(parsePromptFileName('greeting.short.prompt'), { name: 'greeting', variant: 'short' });
	for (const name of ['_greeting.prompt', '_greeting.short.prompt', 'greeting.txt', '.prompt', 'a..prompt', 'a.b.c.prompt']) {
		assert.equal(parsePromptFileName(name), undefined, name);
	}
	assert.equal(promptFileName('greeting'), 'greeting.prompt');
	assert.equal(promptFileName('greeting', 'short'), 'greeting.short.prompt');
});

test('variant discovery: the base first, then variants by name; other prompts and partials left out', () => {
	const siblings = ['greeting.prompt', 'greeting.short.prompt', 'greeting.formal.prompt', 'greetings.prompt', '_greeting.prompt', 'other.short.prompt', 'greeting.short.prompt.bak', 'README.md'];
	assert.deepEqual(promptVersions('greeting.prompt', siblings), [
		{ file: 'greeting.prompt' },
		{ variant: 'formal', file: 'greeting.formal.prompt' },
		{ variant: 'short', file: 'greeting.short.prompt' },
	]);
	// Opened on a variant, the same set comes back.
	assert.deepEqual(promptVersions('greeting.short.prompt', siblings).map((v) => v.variant), [undefined, 'formal', 'short']);
	// A variant with no base file is still offered, and a lone prompt has one version.
	assert.deepEqual(promptVersions('card.fun.prompt', ['card.fun.prompt', 'card.dry.prompt']).map((v) => v.file), ['card.dry.prompt', 'card.fun.prompt']);
	assert.deepEqual(promptVersions('solo.prompt', []), [{ file: 'solo.prompt' }]);
});

test('columns are variant × model, grouped by variant, with stable ids', () => {
	const columns = buildColumns(['a/x', 'b/y'], [undefined, 'short']);
	assert.deepEqual(columns.map((c) => [c.id, c.target]), [
		['c1', { model: 'a/x' }],
		['c2', { model: 'b/y' }],
		['c3', { model: 'a/x', variant: 'short' }],
		['c4', { model: 'b/y', variant: 'short' }],
	]);
	assert.ok(columns.every((c) => c.runs.length === 0));
	assert.deepEqual(buildColumns(['a/x'], []).map((c) => c.target), [{ model: 'a/x' }]);
});

test('command options are cleaned; anything else is no option', () => {
	assert.deepEqual(compareOptions({ models: ['a/x', ' ', 7, 'a/x'], variants: ['short'] }), { models: ['a/x'], variants: ['short'] });
	assert.deepEqual(compareOptions('file:///x.prompt'), {});
	assert.deepEqual(compareOptions(undefined), {});
	assert.deepEqual(compareOptions({ models: 'a/x' }), {});
});
