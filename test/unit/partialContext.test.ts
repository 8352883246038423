// A partial is judged where it is included: its trailing `{{role}}` applies to the caller's text, so empty-render
// leaves the partial's own file alone and judges the caller's render, which the real runtime decides.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../../server/src/cli/runCli';
import { isPartialFile, renderPrompt } from '../../server/src/core';
import { diagnoseText } from '../support/lintRun';
import { FIXTURES } from '../support/paths';
import { partialsFrom } from '../support/partialSource';

const CASES = join(FIXTURES, 'lint', 'empty-render');

function read(dir: string, file: string): string {
	return readFileSync(join(CASES, dir, file), 'utf8');
}

/** The runtime's messages for the case's input.prompt, with its `_style.prompt` as the `style` partial. */
async function rendered(dir: string): Promise<string[]> {
	const result = await renderPrompt(read(dir, 'input.prompt'), {}, { partialSource: partialsFrom((name) => (name === 'style' ? read(dir, '_style.prompt') : null)) });
	assert.ok(result.ok);
	return result.prompt.messages.map((m) => m.role);
}

test('the runtime: a partial\'s trailing role takes the caller\'s following text, and is dropped when there is none', async () => {
	assert.deepEqual(await rendered('partial-trailing-role'), ['system', 'user']);
	assert.deepEqual(await rendered('partial-trailing-role-empty'), ['system']);
});

test('a partial file alone is not judged by empty-render; judged alone, it would be', async () => {
	const partial = read('partial-trailing-role', '_style.prompt');
	const dir = join(CASES, 'partial-trailing-role');
	const codes = async (isPartial: boolean) => (await diagnoseText(partial, dir, undefined, isPartial)).map((d) => d.code);
	assert.deepEqual(await codes(true), []);
	assert.deepEqual(await codes(false), ['empty-render'], 'the false alarm of issue 13, when the file is not known to be a partial');
});

test('check over a folder: the partial gets nothing; a caller whose section the partial leaves empty gets the warning', async () => {
	const found = async (dir: string) => {
		const out: string[] = [];
		await runCli(['check', '--format', 'json', '.'], { stdout: (t) => out.push(t), stderr: () => undefined, cwd: join(CASES, dir) });
		return (JSON.parse(out.join('\n')) as { file: string; line: number; code: string }[]).map((d) => `${d.file}:${d.line} ${d.code}`);
	};
	assert.deepEqual(await found('partial-trailing-role'), []);
	assert.deepEqual(await found('partial-trailing-role-empty'), ['input.prompt:2 empty-render']);
});

test('partial files are told by their `_name.prompt` file name, as `{{> name}}` looks them up', () => {
	for (const yes of ['_style.prompt', '/p/shared/_style.prompt', 'file:///p/_a.PROMPT', 'C:\\p\\_a.prompt']) assert.ok(isPartialFile(yes), yes);
	for (const no of ['style.prompt', '/p/_shared/style.prompt', 'file:///p/a_b.prompt', '_notes.md']) assert.ok(!isPartialFile(no), no);
});
