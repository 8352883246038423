// The Dotprompt example files: each error-* and warning-* file gets the problem its name promises, and every file's
// full list of problems is pinned in test/fixtures/dotprompt-examples.expected.json, with the reason for each on a valid-* file.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { LineIndex } from '../../server/src/core';
import { assertGolden } from '../support/golden';
import { diagnoseText } from '../support/lintRun';
import { FIXTURES } from '../support/paths';

const EXAMPLES = join(FIXTURES, 'dotprompt-examples');
const EXPECTED = join(FIXTURES, 'dotprompt-examples.expected.json');

/** What each named example must get (file → `line code` entries that must be present). */
const PROMISED: Record<string, string[]> = {
	'error-invalid-yaml.prompt': ['7 yaml-syntax'],
	'error-multiple-issues.prompt': ['26 template-syntax'],
	'error-unbalanced-brace.prompt': ['24 template-syntax'],
	'error-unclosed-block.prompt': ['11 template-syntax'],
	'error-unmatched-closing-block.prompt': ['24 template-syntax'],
	'warning-undefined-variable.prompt': ['11 undefined-variable', '12 undefined-variable'],
	'warning-unused-variable.prompt': ['8 unused-input', '9 unused-input'],
};

async function problems(): Promise<Record<string, string[]>> {
	const out: Record<string, string[]> = {};
	for (const name of readdirSync(EXAMPLES).filter((f) => f.endsWith('.prompt')).sort()) {
		const text = readFileSync(join(EXAMPLES, name), 'utf8');
		const lines = new LineIndex(text);
		const found = await diagnoseText(text, EXAMPLES);
		out[name] = found.map((d) => `${lines.lineAt(d.span.start) + 1} ${d.code} (${d.severity})`);
	}
	return out;
}

test('each error-* and warning-* example gets the problem its name promises', async () => {
	const found = await problems();
	for (const [file, promised] of Object.entries(PROMISED)) {
		for (const entry of promised) assert.ok(found[file].some((f) => f.startsWith(`${entry} `)), `${file}: missing ${entry} in ${found[file].join('; ')}`);
	}
});

test('every example\'s problems are pinned, with the reason for each problem on a valid-* file', async () => {
	const found = await problems();
	const expected = JSON.parse(readFileSync(EXPECTED, 'utf8')) as { files: Record<string, string[]>; why: Record<string, string> };
	assertGolden({ ...expected, files: found }, EXPECTED);
	for (const [file, entries] of Object.entries(found).filter(([f]) => f.startsWith('valid-'))) {
		for (const entry of entries) assert.ok(expected.why[`${file} ${entry}`], `say why "${entry}" is genuinely wrong in ${file} (the "why" map of ${EXPECTED})`);
	}
});
