// Where the CLI finds its settings, how it reads them, and how it says what is wrong with a settings file.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DEFAULT_SETTINGS } from '../../server/src/core';
import { loadCliSettings, type CliSettings } from '../../server/src/cli/cliSettings';
import { jsonErrorAt } from '../../server/src/cli/jsonErrorAt';
import { settingsWarnings } from '../../server/src/cli/settingsWarnings';

/** A fresh folder tree: `{ 'a/.promptlensrc.json': '{}' }`. */
function tree(files: Record<string, string>): string {
	const root = mkdtempSync(join(tmpdir(), 'prompt-lens-settings-'));
	for (const [path, text] of Object.entries(files)) {
		mkdirSync(join(root, path, '..'), { recursive: true });
		writeFileSync(join(root, path), text);
	}
	return root;
}

function loaded(cwd: string, config?: string): CliSettings {
	const result = loadCliSettings(cwd, config);
	assert.ok(result.ok, result.ok ? '' : result.message);
	return result.value;
}

test('the nearest folder with settings wins; in one folder .promptlensrc.json wins over package.json', () => {
	const root = tree({
		'.promptlensrc.json': '{ "compareModels": ["from-root-rc"] }',
		'app/package.json': '{ "name": "app", "promptLens": { "compareModels": ["from-app-package"] } }',
		'app/src/package.json': '{ "name": "src-without-settings" }',
		'both/.promptlensrc.json': '{ "compareModels": ["from-both-rc"] }',
		'both/package.json': '{ "promptLens": { "compareModels": ["from-both-package"] } }',
	});
	assert.deepEqual(loaded(join(root, 'app', 'src')).settings.compareModels, ['from-app-package'], 'a package.json without the key is passed over');
	assert.equal(loaded(join(root, 'app', 'src')).file, join(root, 'app', 'package.json'));
	assert.deepEqual(loaded(join(root, 'both')).settings.compareModels, ['from-both-rc']);
	assert.deepEqual(loaded(root).settings.compareModels, ['from-root-rc']);
});

test('nested and flat keys both work; relative partialPaths resolve against the settings file, absolute ones stay', () => {
	const root = tree({
		'cfg/.promptlensrc.json': JSON.stringify({ lint: { rules: { 'block-role': 'warning' } }, partialPaths: ['partials', '/abs/partials'] }),
		'flat/.promptlensrc.json': JSON.stringify({ 'lint.rules': { 'block-role': 'off' } }),
	});
	const nested = loaded(root, 'cfg/.promptlensrc.json');
	assert.deepEqual(nested.settings['lint.rules'], { 'block-role': 'warning' });
	assert.deepEqual(nested.settings.partialPaths, [join(root, 'cfg', 'partials'), '/abs/partials']);
	assert.equal(nested.root, join(root, 'cfg'));
	assert.deepEqual(loaded(join(root, 'flat')).settings['lint.rules'], { 'block-role': 'off' });
});

test('with no settings anywhere the defaults apply and the current folder is the root', () => {
	// /tmp itself could hold a stray settings file; only assert when it does not.
	const root = tree({ 'a/b.txt': '' });
	const value = loaded(join(root, 'a'));
	if (value.file === undefined) {
		assert.deepEqual(value.settings, DEFAULT_SETTINGS);
		assert.equal(value.root, join(root, 'a'));
	}
});

test('a broken package.json met while searching is skipped with a warning; a broken one named by --config is an error', () => {
	const root = tree({ '.promptlensrc.json': '{ "compareModels": ["above"] }', 'app/package.json': '{ "name": ' });
	const value = loaded(join(root, 'app'));
	assert.deepEqual(value.settings.compareModels, ['above']);
	assert.deepEqual(value.warnings, ['package.json:1:11: not valid JSON: the file ends before the JSON does; looking for settings elsewhere']);
	const named = loadCliSettings(join(root, 'app'), 'package.json');
	assert.equal(named.ok, false);
});

test('errors name the file (relative when inside the current folder) with line and column', () => {
	const root = tree({ 'a/.promptlensrc.json': '{\n  "lint": {\n    // no comments\n  }\n}', 'empty.json': '' });
	const comment = loadCliSettings(join(root, 'a'));
	assert.deepEqual(comment, { ok: false, message: '.promptlensrc.json:3:5: not valid JSON: comments are not allowed in JSON' });
	const empty = loadCliSettings(join(root, 'a'), '../empty.json');
	assert.deepEqual(empty, { ok: false, message: `${join(root, 'empty.json')}:1:1: not valid JSON: the file is empty` });
	const noKey = loadCliSettings(root, 'a/../package.json');
	assert.equal(noKey.ok, false);
});

test('a package.json named by --config must have the promptLens key', () => {
	const root = tree({ 'package.json': '{ "name": "x" }' });
	assert.deepEqual(loadCliSettings(root, 'package.json'), { ok: false, message: 'package.json has no "promptLens" key to read settings from' });
});

test('jsonErrorAt points at the first character that breaks JSON', () => {
	const cases: [string, number][] = [
		['{"a": 1}', -1],
		['  [1, 2, {"b": [true, false, null, -1.5e3, "x\\u00e9"]}]  ', -1],
		['{"a": }', 6],
		['{"a": 1,}', 8],
		['[1,]', 3],
		['{"a" 1}', 5],
		['{"a": tru}', 6],
		['{"a": 1} x', 9],
		['{"a": 01}', 7],
		["{'a': 1}", 1],
		['{"a": 1', 7],
		['', 0],
	];
	for (const [text, at] of cases) assert.equal(jsonErrorAt(text), at, text);
});

test('settingsWarnings accepts every known key in both forms and stays quiet on valid values', () => {
	assert.deepEqual(settingsWarnings({
		maxFileSize: 5000,
		compareModels: ['openai/gpt-4o'],
		contextWarningThreshold: 0.5,
		expectedOutputTokens: 100,
		inlayHints: false,
		models: [{ id: 'my-llama' }],
		partialPaths: ['p'],
		lint: { rules: { 'block-role': 'off', 'invalid-role': 'hint' } },
		trace: { server: 'off' },
		$schema: './schema.json',
	}), []);
	assert.deepEqual(settingsWarnings({ 'lint.rules': { 'unknown-helper': 'warning' }, 'trace.server': 'verbose' }), []);
});

test('settingsWarnings explains wrong types, wrappers and lint settings for codes that are not rules', () => {
	assert.deepEqual(settingsWarnings({
		promptLens: { partialPaths: [] },
		inlayHints: 'yes',
		partialPaths: ['ok', 3],
		maxFileSize: 10,
		'lint.rules': { 'unknown-model': 'off' },
	}), [
		'unknown setting "promptLens" is ignored; put the settings at the top level, without a "promptLens" wrapper',
		'"inlayHints" must be true or false, not "yes"; the default (true) is used',
		'"partialPaths" must be a list of strings; the other entries are ignored',
		'"maxFileSize" must be a number of at least 1000, not 10; the default (5000000) is used',
		'"lint.rules" names "unknown-model", which is not a lint rule; it is ignored',
	]);
});
