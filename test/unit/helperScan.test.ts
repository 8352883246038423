// The host's scan of a workspace for helper registrations: which files it reads, what it skips, its caps, its cache.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { CodeRegistrations, SCAN_LIMITS, scanSummaryText } from '../../server/src/host/helperScan';

function workspace(files: Record<string, string>): string {
	const dir = mkdtempSync(join(tmpdir(), 'prompt-lens-scan-'));
	for (const [path, text] of Object.entries(files)) {
		mkdirSync(join(dir, path, '..'), { recursive: true });
		writeFileSync(join(dir, path), text);
	}
	return dir;
}

const names = (code: CodeRegistrations) => [...code.registered().helpers.values()].map((h) => `${h.name}@${h.location}`).sort();

test('reads the app\'s sources, not dependencies, build output, hidden or excluded folders', async () => {
	const dir = workspace({
		'src/ai.ts': "ai.defineHelper('app', f);",
		'py/main.py': "ai.define_helper('py', f)",
		'node_modules/x/index.js': "ai.defineHelper('dependency', f);",
		'dist/bundle.js': "ai.defineHelper('built', f);",
		'.venv/lib/x.py': "ai.define_helper('hidden', f)",
		'generated/gen.ts': "ai.defineHelper('excluded', f);",
		'notes.md': "ai.defineHelper('markdown', f);",
	});
	const code = new CodeRegistrations();
	const summary = await code.scan([dir], ['generated/**']);
	assert.deepEqual(names(code), ['app@src/ai.ts:1', 'py@py/main.py:1']);
	assert.deepEqual(summary, { files: 2, helpers: 2, partials: 0, capped: undefined });
	rmSync(dir, { recursive: true });
});

test('stops at the file cap and says so', async () => {
	const dir = workspace(Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`src/f${i}.ts`, `ai.defineHelper('h${i}', f);`])));
	const code = new CodeRegistrations({ ...SCAN_LIMITS, maxFiles: 3 });
	const summary = await code.scan([dir]);
	assert.equal(code.registered().helpers.size, 3);
	assert.match(scanSummaryText(summary), /^Scanned 3 source files, found 3 helpers and 0 partials registered in code; stopped after more than 3 source files: .*promptLens\.helpers/);
	rmSync(dir, { recursive: true });
});

test('update re-reads one file and tells whether its registrations changed', async () => {
	const dir = workspace({ 'a.ts': "ai.defineHelper('one', f);", 'lib/b.go': 'genkit.DefinePartial(g, "footer", "Bye")' });
	const code = new CodeRegistrations();
	await code.scan([dir]);
	assert.deepEqual([...code.registered().partials.keys()], ['footer']);
	writeFileSync(join(dir, 'a.ts'), "// a comment first\nai.defineHelper('one', f);");
	assert.equal(await code.update(join(dir, 'a.ts'), false), true, 'the line moved');
	assert.deepEqual(names(code), ['one@a.ts:2']);
	assert.equal(await code.update(join(dir, 'a.ts'), false), false, 'nothing new');
	assert.equal(await code.update(join(dir, 'node_modules', 'x.js'), false), false, 'outside what is scanned');
	assert.equal(await code.update(join(dir, 'a.ts'), true), true);
	assert.deepEqual(names(code), []);
	rmSync(dir, { recursive: true });
});
