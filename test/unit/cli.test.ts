// The prompt-lens CLI in-process: output formats, exit codes, and the Dotprompt example files.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../../server/src/cli/runCli';
import { FIXTURES } from '../support/paths';

function run(...argv: string[]) {
	const out: string[] = [];
	const err: string[] = [];
	const code = runCli(argv, { stdout: (t) => out.push(t), stderr: (t) => err.push(t) });
	return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

const EXAMPLES = join(FIXTURES, 'dotprompt-examples');

test('check reports each error-* example at the line of its mistake', () => {
	const { code, stdout } = run('check', '--format', 'json', EXAMPLES);
	assert.equal(code, 1);
	const found = (JSON.parse(stdout) as { file: string; line: number; severity: string; code: string }[])
		.filter((d) => d.severity === 'error')
		.map((d) => `${d.file.slice(EXAMPLES.length + 1)}:${d.line} ${d.code}`);
	for (const expected of [
		'error-invalid-yaml.prompt:7 yaml-syntax',
		'error-multiple-issues.prompt:26 template-syntax',
		'error-unbalanced-brace.prompt:24 template-syntax',
		'error-unclosed-block.prompt:11 template-syntax',
		'error-unmatched-closing-block.prompt:24 template-syntax',
		'valid-greeting.prompt:17 template-syntax',
	]) assert.ok(found.includes(expected), `missing ${expected} in\n${found.join('\n')}`);
	assert.deepEqual(found.filter((f) => f.startsWith('valid-') && !f.startsWith('valid-greeting')), []);
});

test('text format is file:line:col severity code message', () => {
	const { code, stdout, stderr } = run('check', join(EXAMPLES, 'error-unclosed-block.prompt'));
	assert.equal(code, 1);
	assert.match(stdout, /^.+error-unclosed-block\.prompt:11:1 error template-syntax `\{\{#if premium\}\}` is never closed/);
	assert.match(stderr, /1 error, 0 warnings in 1 file/);
});

test('json format has 1-based ranges for each diagnostic', () => {
	const { stdout } = run('check', '--format=json', join(EXAMPLES, 'error-unclosed-block.prompt'));
	const [d] = JSON.parse(stdout);
	assert.deepEqual({ ...d, file: undefined, message: undefined }, { file: undefined, message: undefined, line: 11, column: 1, endLine: 11, endColumn: 16, severity: 'error', code: 'template-syntax' });
});

test('clean files exit 0 with no output on stdout', () => {
	const dir = mkdtempSync(join(tmpdir(), 'prompt-lens-cli-'));
	writeFileSync(join(dir, 'ok.prompt'), '---\nmodel: openai/gpt-4o-mini\n---\nHello {{name}}\n');
	const { code, stdout } = run('check', dir);
	assert.equal(code, 0);
	assert.equal(stdout, '');
});

test('json output of clean files is an empty array', () => {
	const dir = mkdtempSync(join(tmpdir(), 'prompt-lens-cli-'));
	writeFileSync(join(dir, 'ok.prompt'), 'Hello\n');
	assert.deepEqual(JSON.parse(run('check', '--format', 'json', dir).stdout), []);
});

test('usage errors exit 2', () => {
	assert.equal(run().code, 2);
	assert.equal(run('lint').code, 2);
	assert.equal(run('check').code, 2);
	assert.equal(run('check', '--format', 'xml', EXAMPLES).code, 2);
	assert.equal(run('check', '--bogus', EXAMPLES).code, 2);
	assert.equal(run('check', join(EXAMPLES, 'does-not-exist.prompt')).code, 2);
});

test('help exits 0', () => {
	const { code, stdout } = run('--help');
	assert.equal(code, 0);
	assert.match(stdout, /Usage: prompt-lens check/);
});
