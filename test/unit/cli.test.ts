// The prompt-lens CLI in-process: output formats, exit codes, and the Dotprompt example files.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../../server/src/cli/runCli';
import { FIXTURES } from '../support/paths';

async function run(...argv: string[]) {
	return runIn(undefined, ...argv);
}

/** Runs as if started in `cwd`, where relative paths and the settings search begin. */
async function runIn(cwd: string | undefined, ...argv: string[]) {
	const out: string[] = [];
	const err: string[] = [];
	const code = await runCli(argv, { stdout: (t) => out.push(t), stderr: (t) => err.push(t), cwd });
	return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

const EXAMPLES = join(FIXTURES, 'dotprompt-examples');
const CLI = join(FIXTURES, 'cli');

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
	// The "valid-" examples are not all valid for the runtime, and these errors are true: two use {{#role}}…{{/role}}
	// blocks, whose text is never sent (render.test.ts proves it); two declare `string[]`, which Picoschema does not
	// have (the runtime throws looking for a schema named "string[]"); one includes `header` and `footer` partials that
	// the examples do not ship. No other error may appear on them.
	const explained = [
		/ block-role$/,
		/^valid-(blog-generator|comments-and-partials)\.prompt:\d+ picoschema$/,
		/^valid-comments-and-partials\.prompt:\d+ partial-not-found$/,
	];
	assert.deepEqual(found.filter((f) => f.startsWith('valid-') && !f.startsWith('valid-greeting') && !explained.some((e) => e.test(f))), []);
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
	// No model: model rules compare against today's date, which would make this test age.
	writeFileSync(join(dir, 'ok.prompt'), '---\ninput:\n  schema:\n    name: string\n---\nHello {{name}}\n');
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

test('help exits 0 and documents the options, the settings file and the exit codes', async () => {
	const { code, stdout } = await run('--help');
	assert.equal(code, 0);
	assert.match(stdout, /prompt-lens check <files or folders…>/);
	assert.match(stdout, /prompt-lens count <file>/);
	for (const option of ['--format text|json|sarif', '--max-warnings', '--config <file>', '.promptlensrc.json', '"promptLens" key of package.json']) {
		assert.ok(stdout.includes(option), `help does not mention ${option}`);
	}
	assert.match(stdout, /Exit codes: 0 no problems; 1 errors, unreadable files, or more warnings than --max-warnings allows;\s+2 a usage error or unusable settings/);
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

test('--max-warnings fails when there are more warnings than it allows, even with no errors (ESLint semantics)', async () => {
	const file = join(CLI, 'warnings', 'unknown-model.prompt');
	assert.equal((await run('check', file)).code, 0, 'warnings alone do not fail');
	assert.equal((await run('check', '--max-warnings', '1', file)).code, 0, 'as many warnings as allowed pass');
	const over = await run('check', '--max-warnings=0', '--format', 'json', file);
	assert.equal(over.code, 1);
	assert.equal(JSON.parse(over.stdout)[0].code, 'unknown-model');
	assert.match(over.stderr, /prompt-lens: failing because there is 1 warning and --max-warnings allows 0/);
	const sarif = await run('check', '--format', 'sarif', '--max-warnings', '0', file);
	assert.equal(sarif.code, 1, 'the limit applies to every format');
});

test('--max-warnings takes a whole number of 0 or more; anything else is a usage error', async () => {
	const file = join(CLI, 'warnings', 'unknown-model.prompt');
	for (const bad of [['--max-warnings', '-1'], ['--max-warnings', 'many'], ['--max-warnings=1.5'], ['--max-warnings']]) {
		const { code, stderr } = await run('check', file, ...bad);
		assert.equal(code, 2, bad.join(' '));
		assert.match(stderr, /--max-warnings needs/);
	}
});

test('settings come from the nearest .promptlensrc.json; relative partialPaths start at its folder, not the current one', async () => {
	const project = join(CLI, 'rc-project');
	const configured = await runIn(join(project, 'prompts'), 'check', '--format', 'json', '.');
	assert.equal(configured.code, 0, configured.stdout + configured.stderr);
	assert.deepEqual(JSON.parse(configured.stdout), [], 'invalid-role is off and the partial is found in shared/partials');
	const unconfigured = await runIn(join(project, 'prompts'), 'check', '--format', 'json', '--config', '../../empty-config.json', '.');
	assert.deepEqual(JSON.parse(unconfigured.stdout).map((d: { code: string }) => d.code).sort(), ['invalid-role', 'partial-not-found']);
});

test('settings come from the promptLens key of the nearest package.json, flat keys included', async () => {
	const { code, stdout } = await runIn(join(CLI, 'pkg-project'), 'check', '--format', 'json', 'assistant.prompt');
	assert.equal(code, 0);
	assert.deepEqual(JSON.parse(stdout), []);
	assert.equal((await runIn(join(CLI, 'malformed'), 'check', '--config', '../pkg-project/package.json', 'assistant.prompt')).code, 0, '--config can name a package.json');
});

test('--config names the settings file; its folder is where partialPaths start', async () => {
	const { code, stdout } = await runIn(CLI, 'check', '--format', 'json', '--config', 'rc-project/.promptlensrc.json', 'rc-project/prompts');
	assert.equal(code, 0);
	assert.deepEqual(JSON.parse(stdout), []);
	const missing = await runIn(CLI, 'check', '--config', 'no-such-config.json', 'rc-project');
	assert.equal(missing.code, 2);
	assert.match(missing.stderr, /cannot read the settings file no-such-config\.json: /);
});

test('a malformed settings file stops the run with exit 2, naming the file, line and column', async () => {
	const { code, stdout, stderr } = await runIn(join(CLI, 'malformed'), 'check', 'assistant.prompt');
	assert.equal(code, 2);
	assert.equal(stdout, '');
	assert.equal(stderr, 'prompt-lens: .promptlensrc.json:3:37: not valid JSON: a comma before "}": trailing commas are not allowed in JSON');
});

test('a settings file or promptLens key that is not an object stops the run with exit 2', async () => {
	const dir = mkdtempSync(join(tmpdir(), 'prompt-lens-config-'));
	writeFileSync(join(dir, 'list.json'), '["lint"]');
	writeFileSync(join(dir, 'package.json'), '{ "name": "x", "promptLens": "strict" }');
	writeFileSync(join(dir, 'a.prompt'), 'Hello\n');
	const list = await runIn(dir, 'check', '--config', 'list.json', 'a.prompt');
	assert.equal(list.code, 2);
	assert.match(list.stderr, /^prompt-lens: list\.json: settings must be a JSON object such as .+, not an array$/);
	const key = await runIn(dir, 'check', 'a.prompt');
	assert.equal(key.code, 2);
	assert.match(key.stderr, /^prompt-lens: package\.json: the "promptLens" key must be an object of settings .+, not a string$/);
});

test('unknown settings and values that cannot be used are warnings on stderr; the run goes on', async () => {
	const dir = mkdtempSync(join(tmpdir(), 'prompt-lens-config-'));
	writeFileSync(join(dir, '.promptlensrc.json'), JSON.stringify({
		$schema: 'ignored',
		partialPath: ['p'],
		'promptLens.compareModels': [],
		lint: { rules: { 'invalid-rol': 'off', 'block-role': 'warn' }, fix: true },
		contextWarningThreshold: 2,
	}));
	writeFileSync(join(dir, 'a.prompt'), 'Hello\n');
	const { code, stderr } = await runIn(dir, 'check', 'a.prompt');
	assert.equal(code, 0);
	assert.deepEqual(stderr.split('\n').filter((l) => l.includes('warning:')), [
		'prompt-lens: warning: .promptlensrc.json: unknown setting "partialPath" is ignored; did you mean "partialPaths"?',
		'prompt-lens: warning: .promptlensrc.json: unknown setting "promptLens.compareModels" is ignored; write "compareModels", without the "promptLens." prefix',
		'prompt-lens: warning: .promptlensrc.json: unknown setting "lint.fix" is ignored',
		'prompt-lens: warning: .promptlensrc.json: "lint.rules" names "invalid-rol", which is not a lint rule (did you mean "invalid-role"?); it is ignored',
		'prompt-lens: warning: .promptlensrc.json: "lint.rules": "block-role" is set to "warn", which is not one of error, warning, info, hint, off; the rule keeps its default (error)',
		'prompt-lens: warning: .promptlensrc.json: "contextWarningThreshold" must be a number from 0.1 to 1, not 2; the default (0.8) is used',
	]);
});

test('count reads the same settings: partialPaths from the settings file, compareModels as targets', async () => {
	const prompts = join(CLI, 'rc-project', 'prompts');
	assert.equal((await runIn(prompts, 'count', 'uses-partial.prompt', '--config', '../../empty-config.json')).code, 1, 'the partial is not found without settings');
	assert.equal((await runIn(prompts, 'count', 'uses-partial.prompt')).code, 0, 'partialPaths from .promptlensrc.json');
	const dir = mkdtempSync(join(tmpdir(), 'prompt-lens-config-'));
	writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'x', promptLens: { compareModels: ['openai/gpt-4o'] } }));
	writeFileSync(join(dir, 'a.prompt'), '---\nmodel: openai/gpt-4o-mini\n---\nHello\n');
	const { code, stdout } = await runIn(dir, 'count', 'a.prompt', '--json');
	assert.equal(code, 0);
	assert.deepEqual(JSON.parse(stdout).targets.map((t: { model: string }) => t.model), ['openai/gpt-4o']);
	assert.equal((await runIn(dir, 'count', 'a.prompt', '--config', 'missing.json')).code, 2);
});
