// Lint rules on golden fixtures (test/fixtures/lint/<rule>/<case>): diagnostics in expected.json, and the quick fixes applied in fixed.prompt.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ALL_RULES, analyzePrompt, normalizeSettings, type CoreDiagnostic } from '../../server/src/core';
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
			const fixed = applyFirstFixes(fixture.input, diagnostics);
			if (fixed === fixture.input) return;
			if (UPDATE || !existsSync(fixedPath)) writeFileSync(fixedPath, fixed);
			assert.equal(fixed, readFileSync(fixedPath, 'utf8'));
			assert.deepEqual((await diagnoseText(fixed, fixture.dir)).filter((d) => d.fixes?.length).map((d) => d.code), [], 'nothing fixable is left after the fixes');
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

/** Applies the first fix of each diagnostic, back to front so offsets stay valid. */
function applyFirstFixes(text: string, diagnostics: CoreDiagnostic[]): string {
	const edits = diagnostics.flatMap((d) => d.fixes?.[0]?.edits ?? []).sort((a, b) => b.span.start - a.span.start);
	return edits.reduce((out, e) => out.slice(0, e.span.start) + e.newText + out.slice(e.span.end), text);
}
