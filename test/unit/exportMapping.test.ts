// `prompt-lens export`: the promptfoo config and the GitHub Models .prompt.yml of a fixture prompt (golden files,
// UPDATE=1 rewrites them), what is listed as not exported, and the refusal of templates GitHub Models cannot express.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { runCli } from '../../server/src/cli/runCli';
import { UPDATE } from '../support/golden';
import { FIXTURES } from '../support/paths';

const FIXTURE = join(FIXTURES, 'export', 'summarize');

async function cli(cwd: string, args: string[]) {
	const out: string[] = [];
	const err: string[] = [];
	const code = await runCli(args, {
		stdout: (t) => out.push(t),
		stderr: (t) => err.push(t),
		cwd,
		env: { XDG_CONFIG_HOME: mkdtempSync(join(tmpdir(), 'prompt-lens-export-home-')) },
	});
	return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

function assertGoldenText(actual: string, file: string): void {
	if (UPDATE || !existsSync(file)) {
		writeFileSync(file, `${actual}\n`);
		if (!UPDATE) assert.fail(`${file} did not exist and was written; review it and run again`);
		return;
	}
	assert.equal(`${actual}\n`, readFileSync(file, 'utf8'));
}

test('promptfoo: rendered messages per case, the model as an OpenAI provider, every assertion mapped or listed', async () => {
	const { code, stdout, stderr } = await cli(FIXTURE, ['export', 'summarize.prompt', '--to', 'promptfoo']);
	assert.equal(code, 0, stderr);
	assertGoldenText(stdout, join(FIXTURE, 'expected.promptfooconfig.yaml'));
	const config = parse(stdout);
	assert.deepEqual(config.tests[0].vars.prompt_lens_messages, [
		{ role: 'system', content: '\nYou summarize for engineers. \nAnswer as JSON.\n' },
		{ role: 'user', content: '\nSummarize: v2 adds search; v2 drops IE.' },
	]);
	assert.equal(config.providers[0].config.omitDefaults, true, 'promptfoo must not add temperature 0 / max_tokens 1024');
	const types = config.tests.flatMap((t: { assert: { type: string }[] }) => t.assert.map((a) => a.type));
	assert.ok(types.includes('not-contains') && types.includes('not-starts-with') && types.includes('llm-rubric'));
	// The one thing without an equivalent is named on stderr and in the file, never dropped silently.
	assert.match(stderr, /^prompt-lens: not exported: threshold 0\.67: promptfoo reports each of the 3 repeats/m);
	assert.match(stdout, /^#\s+- threshold 0\.67:/m);
	// A value with Nunjucks syntax in it is printed literally, not rendered.
	const notContains = config.tests[0].assert.find((a: { type: string }) => a.type === 'not-contains');
	assert.equal(notContains.value, '{{ "{{text}}" }}');
});

test('github-models: {{name}} placeholders, testData from each case and input.default, icontains as contains', async () => {
	const { code, stdout, stderr } = await cli(FIXTURE, ['export', 'summarize.prompt', '--to', 'github-models']);
	assert.equal(code, 0, stderr);
	assertGoldenText(stdout, join(FIXTURE, 'expected.prompt.yml'));
	const file = parse(stdout);
	assert.equal(file.model, 'openai/gpt-4o-mini');
	assert.deepEqual(file.modelParameters, { maxTokens: 300, temperature: 0.2 });
	assert.equal(file.messages[1].content, '\nSummarize: {{text}}');
	assert.deepEqual(file.testData[1], { audience: 'executives', text: 'We are thrilled!', expected_icontains_1: 'thrilled' });
	assert.deepEqual(file.evaluators, [{ name: 'icontains #1', string: { contains: '{{expected_icontains_1}}' } }]);
	assert.match(stderr, /^prompt-lens: not exported: tone › not-starts-with: GitHub Models’ startsWith ignores case/m);
	assert.match(stderr, /^prompt-lens: not exported: repeat 3: gh models eval runs each row once$/m);
});

test('github-models refuses blocks, partials, helpers and paths, naming each with its line', async () => {
	const dir = mkdtempSync(join(tmpdir(), 'prompt-lens-export-'));
	const prompt = [
		'---',
		'model: openai/gpt-4o-mini',
		'---',
		'{{role "system"}}',
		'{{#if brief}}Be brief.{{/if}}',
		'{{> footer}}',
		'{{role "user"}}',
		'{{json data}} and {{user.name}}',
		'',
	].join('\n');
	writeFileSync(join(dir, 'p.prompt'), prompt);
	writeFileSync(join(dir, '_footer.prompt'), 'Thanks.');
	writeFileSync(join(dir, 'p.test.yaml'), 'cases:\n  - name: one\n    vars: { brief: true, data: {}, user: { name: A } }\n');
	const out = join(dir, 'p.prompt.yml');
	const { code, stderr } = await cli(dir, ['export', 'p.prompt', '--to', 'github-models', '--output', out]);
	assert.equal(code, 1, stderr);
	assert.match(stderr, /^p\.prompt:5:1 `\{\{#if brief\}\}` is a block \(`#if`\)/m);
	assert.match(stderr, /^p\.prompt:6:1 `\{\{> footer\}\}` includes a partial/m);
	assert.match(stderr, /^p\.prompt:8:1 `\{\{json data\}\}` calls the helper `json`/m);
	assert.match(stderr, /^p\.prompt:8:19 `\{\{user\.name\}\}` reads a path, not a plain name/m);
	assert.ok(!existsSync(out), 'nothing is written');
});

test('github-models refuses a case whose input is an object; bad arguments are usage errors', async () => {
	const dir = mkdtempSync(join(tmpdir(), 'prompt-lens-export-'));
	writeFileSync(join(dir, 'p.prompt'), '---\nmodel: openai/gpt-4o-mini\n---\nAbout {{topic}}.\n');
	writeFileSync(join(dir, 'p.test.yaml'), 'cases:\n  - name: obj\n    vars: { topic: { a: 1 } }\n');
	const refused = await cli(dir, ['export', 'p.prompt', '--to', 'github-models']);
	assert.equal(refused.code, 1);
	assert.match(refused.stderr, /case obj: input topic is an object; GitHub Models substitutes text only/);
	assert.equal((await cli(dir, ['export', 'p.prompt'])).code, 2);
	assert.match((await cli(dir, ['export', 'p.prompt', '--to', 'langsmith'])).stderr, /--to must be promptfoo or github-models/);
	assert.match((await cli(dir, ['export', 'none.prompt', '--to', 'promptfoo'])).stderr, /no such file: none\.prompt/);
});
