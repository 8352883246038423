// Lint rules on golden fixtures (test/fixtures/lint/<rule>/<case>): diagnostics in expected.json, and the quick fixes applied in fixed.prompt.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ALL_RULES, analyzePrompt, lint, normalizeSettings, type Fix } from '../../server/src/core';
import { assertGolden, describeSpan, goldenCases, UPDATE } from '../support/golden';
import { diagnoseText } from '../support/lintRun';
import { FIXTURES } from '../support/paths';

const LINT = join(FIXTURES, 'lint');
const folders = readdirSync(LINT).flatMap((group): { name: string; dir: string; only?: string }[] => {
	const dir = join(LINT, group);
	return existsSync(join(dir, 'input.prompt')) ? [{ name: group, dir: LINT, only: group }] : [{ name: group, dir, only: undefined }];
});

for (const folder of folders) {
	for (const fixture of goldenCases(folder.dir).filter((c) => !folder.only || c.name === folder.only)) {
		test(`lint ${folder.only ? '' : `${folder.name}/`}${fixture.name}`, async () => {
			const diagnostics = await diagnoseText(fixture.input, fixture.dir);
			assertGolden(diagnostics.map((d) => ({ code: d.code, severity: d.severity, ...describeSpan(fixture.input, d.span), message: d.message, fixes: d.fixes?.map((f) => f.title) })), join(fixture.dir, 'expected.json'));
			const fixedPath = join(fixture.dir, 'fixed.prompt');
			const fixed = await applyFixesOneByOne(fixture.input, fixture.dir);
			if (fixed === fixture.input) return;
			if (UPDATE || !existsSync(fixedPath)) writeFileSync(fixedPath, fixed);
			assert.equal(fixed, readFileSync(fixedPath, 'utf8'));
		});
	}
}

test('every rule has a fixture folder', () => {
	for (const rule of ALL_RULES) assert.ok(existsSync(join(LINT, rule.id)), `test/fixtures/lint/${rule.id} is missing`);
});

test('severities can be changed or turned off by settings', () => {
	const text = '{{#role "assistant"}}x{{/role}}';
	const settings = normalizeSettings({ lint: { rules: { 'block-role': 'warning', 'invalid-role': 'off' } } });
	assert.deepEqual(analyzePrompt(text, settings).diagnostics.map((d) => `${d.code}:${d.severity}`), ['block-role:warning']);
});

/**
 * Applies the first quick fix of the first fixable diagnostic, lints again, and repeats — as a user clicking the
 * lightbulb would — until nothing fixable is left (which must happen within a few rounds).
 */
async function applyFixesOneByOne(input: string, dir: string): Promise<string> {
	let text = input;
	for (let round = 0; round < 20; round++) {
		const fix = (await diagnoseText(text, dir)).find((d) => d.fixes?.length)?.fixes?.[0];
		if (!fix) return text;
		text = applyFix(text, fix);
	}
	return assert.fail(`quick fixes never settle on ${dir}`);
}

/** Applies one fix's edits back to front, so offsets stay valid. */
function applyFix(text: string, fix: Fix): string {
	return [...fix.edits].sort((a, b) => b.span.start - a.span.start).reduce((out, e) => out.slice(0, e.span.start) + e.newText + out.slice(e.span.end), text);
}

test('empty-render leaves a prompt of thousands of sections unjudged instead of building a huge alignment table', () => {
	const text = '{{role "user"}}Hi {{name}}\n'.repeat(5000);
	const { doc } = analyzePrompt(text, normalizeSettings({}));
	const messages = Array.from({ length: 5000 }, () => ({ role: 'user', content: 'Hi' }));
	// 25 million cells would be allocated without the bound; with it the rule says nothing.
	assert.deepEqual(lint(doc, {}, { messages, partials: { files: new Map(), searched: [] } }, 'deferred').filter((d) => d.code === 'empty-render'), []);
});
