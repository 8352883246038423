// The prompt-lens CLI in-process: output formats, exit codes, and the Dotprompt example files.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../../server/src/cli/runCli';
import { FIXTURES } from '../support/paths';

async function run(...argv: string[]) {
	const out: string[] = [];
	const err: string[] = [];
	const code = await runCli(argv, { stdout: (t) => out.push(t), stderr: (t) => err.push(t) });
	return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

const EXAMPLES = join(FIXTURES, 'dotprompt-examples');

test('check reports each error-* example at the line of its mistake', async () => {
	const { code, stdout } = await run('check', '--format', 'json', EXAMPLES);
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
	// Two "valid-" examples use {{#role}}…{{/role}} blocks, whose text the runtime never sends (render.test.ts
	// proves it): block-role errors there are true. No other error may appear on them.
	assert.deepEqual(found.filter((f) => f.startsWith('valid-') && !f.startsWith('valid-greeting') && !f.endsWith('block-role')), []);
});

test('text format is file:line:col severity code message', async () => {
	const { code, stdout, stderr } = await run('check', join(EXAMPLES, 'error-unclosed-block.prompt'));
	assert.equal(code, 1);
	assert.match(stdout, /^.+error-unclosed-block\.prompt:11:1 error template-syntax `\{\{#if premium\}\}` is never closed/);
	assert.match(stderr, /1 error, 0 warnings in 1 file/);
});

test('json format has 1-based ranges for each diagnostic', async () => {
	const { stdout } = await run('check', '--format=json', join(EXAMPLES, 'error-unclosed-block.prompt'));
	const [d] = JSON.parse(stdout);
	assert.deepEqual({ ...d, file: undefined, message: undefined }, { file: undefined, message: undefined, line: 11, column: 1, endLine: 11, endColumn: 16, severity: 'error', code: 'template-syntax' });
});

test('clean files exit 0 with no output on stdout', async () => {
	const dir = mkdtempSync(join(tmpdir(), 'prompt-lens-cli-'));
	writeFileSync(join(dir, 'ok.prompt'), '---\nmodel: openai/gpt-4o-mini\n---\nHello {{name}}\n');
	const { code, stdout } = await run('check', dir);
	assert.equal(code, 0);
	assert.equal(stdout, '');
});

test('json output of clean files is an empty array', async () => {
	const dir = mkdtempSync(join(tmpdir(), 'prompt-lens-cli-'));
	writeFileSync(join(dir, 'ok.prompt'), 'Hello\n');
	assert.deepEqual(JSON.parse((await run('check', '--format', 'json', dir)).stdout), []);
});

test('usage errors exit 2', async () => {
	assert.equal((await run()).code, 2);
	assert.equal((await run('lint')).code, 2);
	assert.equal((await run('check')).code, 2);
	assert.equal((await run('check', '--format', 'xml', EXAMPLES)).code, 2);
	assert.equal((await run('check', '--bogus', EXAMPLES)).code, 2);
	assert.equal((await run('check', join(EXAMPLES, 'does-not-exist.prompt'))).code, 2);
});

test('help exits 0', async () => {
	const { code, stdout } = await run('--help');
	assert.equal(code, 0);
	assert.match(stdout, /prompt-lens check <files or folders…>/);
	assert.match(stdout, /prompt-lens count <file>/);
});

function promptFile(text: string, name = 'p.prompt'): string {
	const dir = mkdtempSync(join(tmpdir(), 'prompt-lens-count-'));
	writeFileSync(join(dir, name), text);
	return join(dir, name);
}

test('count --json gives exact OpenAI counts per message, cost and window for the model and each target', async () => {
	const file = promptFile('---\nmodel: openai/gpt-4o-mini\nconfig:\n  maxOutputTokens: 100\npromptLens.compare: [openai/gpt-4o, googleai/gemini-2.5-flash]\n---\n{{role "system"}}Be brief.\n{{role "user"}}Hello {{name}}\n');
	const { code, stdout } = await run('count', file, '--json', '--input', 'name=Ada');
	assert.equal(code, 0);
	const result = JSON.parse(stdout);
	assert.equal(result.model, 'openai/gpt-4o-mini');
	assert.equal(result.exact, true);
	assert.deepEqual(result.messages.map((m: { role: string }) => m.role), ['system', 'user']);
	const sum = result.messages.reduce((total: number, m: { tokens: number }) => total + m.tokens, 0);
	assert.equal(result.inputTokens, sum + 3, 'reply priming is part of the billed input');
	assert.equal(result.maxOutputTokens, 100);
	assert.ok(Math.abs(result.costPerCall - (result.inputTokens * 0.15 + 100 * 0.6) / 1e6) < 1e-12);
	assert.ok(Math.abs(result.costPer1k - result.costPerCall * 1000) < 1e-9);
	assert.equal(result.contextWindow, 128000);
	assert.deepEqual(result.targets.map((t: { model: string; exact: boolean }) => [t.model, t.exact]), [['openai/gpt-4o', true], ['googleai/gemini-2.5-flash', false]]);
});

test('count --model overrides the frontmatter model; text output says when counts are approximate', async () => {
	const file = promptFile('---\nmodel: openai/gpt-4o-mini\n---\nHello\n');
	const { code, stdout } = await run('count', file, '--model', 'anthropic/claude-sonnet-4-5');
	assert.equal(code, 0);
	assert.match(stdout, /on anthropic\/claude-sonnet-4-5 \(approximate: no offline tokenizer/);
	assert.match(stdout, /input\s+≈\d+ tokens/);
	assert.match(stdout, /cost\s+\$[\d.]+ per call · \$[\d.]+ per 1,000 calls \(@pydantic\/genai-prices, \d{4}-\d{2}-\d{2}\)/);
});

test('count reports a prompt that does not render and exits 1; usage errors exit 2', async () => {
	assert.equal((await run('count', promptFile('{{#if a}}open'))).code, 1);
	assert.equal((await run('count')).code, 2);
	assert.equal((await run('count', 'a.prompt', 'b.prompt')).code, 2);
	assert.equal((await run('count', 'a.prompt', '--input', 'novalue')).code, 2);
});

test('check also reports budget problems, as the editor does', async () => {
	const file = promptFile(`---\nmodel: openai/gpt-3.5-turbo\n---\n${'word '.repeat(20_000)}\n`);
	const { code, stdout } = await run('check', file);
	assert.equal(code, 1);
	assert.match(stdout, /:2:8 error context-overflow .+16k context window/);
});
