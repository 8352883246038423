// Settings: core/settings.ts is the single source of truth; package.json must declare exactly the same keys, types and defaults.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { DEFAULT_SETTINGS, normalizeSettings, SETTING_SPECS } from '../../server/src/core';
import { REPO_ROOT } from '../support/paths';

const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
const declared: Record<string, Record<string, unknown>> = manifest.contributes.configuration.properties;

test('package.json declares every setting of core/settings.ts, and no other', () => {
	assert.deepEqual(Object.keys(declared).sort(), Object.keys(SETTING_SPECS).map((key) => `promptLens.${key}`).sort());
});

for (const [key, spec] of Object.entries(SETTING_SPECS)) {
	test(`promptLens.${key} matches its spec`, () => {
		const property = declared[`promptLens.${key}`];
		assert.equal(property.type, spec.type);
		assert.deepEqual(property.default, spec.default);
		assert.equal(property.scope, spec.scope);
		assert.equal(property.markdownDescription ?? property.description, spec.description);
		assert.deepEqual(property.enum, spec.enum);
		assert.equal(property.minimum, spec.minimum);
		assert.equal(property.maximum, spec.maximum);
		assert.deepEqual(property.items, spec.items);
		assert.deepEqual(property.additionalProperties, spec.additionalProperties);
	});
}

test('normalizeSettings fills defaults for missing or malformed input', () => {
	for (const raw of [undefined, null, 42, 'x', [], {}, { maxFileSize: 'big' }, { maxFileSize: -1 }, { maxFileSize: Number.NaN }, { contextWarningThreshold: 5 }, { compareModels: 'gpt-4o' }, { inlayHints: 'yes' }, { models: {} }]) {
		assert.deepEqual(normalizeSettings(raw), DEFAULT_SETTINGS, `for ${JSON.stringify(raw)}`);
	}
});

test('normalizeSettings keeps valid values', () => {
	const settings = normalizeSettings({ maxFileSize: 5000, compareModels: ['openai/gpt-4o', 3], contextWarningThreshold: 0.5, expectedOutputTokens: 100, inlayHints: false });
	assert.deepEqual(settings, { ...DEFAULT_SETTINGS, maxFileSize: 5000, compareModels: ['openai/gpt-4o'], contextWarningThreshold: 0.5, expectedOutputTokens: 100, inlayHints: false });
});
