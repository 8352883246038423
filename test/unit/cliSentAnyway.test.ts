// `count` and `run` on prompts the checks call wrong but the runtime still sends (test/fixtures/cli/sent-anyway): they
// count and send what the Dotprompt runtime would, with a warning saying why; what the runtime cannot render is refused.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Dotprompt } from 'dotprompt';
import { runCli } from '../../server/src/cli/runCli';
import { renderPrompt } from '../../server/src/core';
import { startMockOpenAI, type MockOpenAI } from '../support/mockOpenAI';
import { FIXTURES } from '../support/paths';

const SENT_ANYWAY = join(FIXTURES, 'cli', 'sent-anyway');
const MOCK_KEY = 'sk-mock-TEST-5e6f7a8b9c0d1a2b3c4d';

let mock: MockOpenAI;
let project: string;
let userConfigHome: string;
before(async () => {
	mock = await startMockOpenAI();
	// The fixtures beside a settings file naming the mock as provider `mock`, with the key allowed by the user's own config.
	project = mkdtempSync(join(tmpdir(), 'prompt-lens-sent-'));
	for (const name of readdirSync(SENT_ANYWAY)) copyFileSync(join(SENT_ANYWAY, name), join(project, name));
	const rc = {
		providers: [{ id: 'mock', baseURL: mock.baseURL, apiKeyEnv: 'MOCK_KEY' }],
		models: [{ id: 'mock-small', provider: 'mock', inputPerMTok: 1, outputPerMTok: 2, contextWindow: 8192 }],
		history: { enabled: false },
	};
	writeFileSync(join(project, '.promptlensrc.json'), JSON.stringify(rc));
	userConfigHome = mkdtempSync(join(tmpdir(), 'prompt-lens-user-'));
	mkdirSync(join(userConfigHome, 'prompt-lens'));
	writeFileSync(join(userConfigHome, 'prompt-lens', 'config.json'), JSON.stringify({ allowKeyEnv: { MOCK_KEY: [new URL(mock.baseURL).host] } }));
});
after(() => mock.close());

async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string; sent: string | undefined }> {
	const out: string[] = [];
	const err: string[] = [];
	const before = mock.requests.length;
	const code = await runCli(argv, {
		stdout: (t) => out.push(t),
		stderr: (t) => err.push(t),
		write: (t) => out.push(t),
		cwd: project,
		env: { XDG_CONFIG_HOME: userConfigHome, MOCK_KEY },
	});
	const request = mock.requests.slice(before).find((r) => r.path.endsWith('/chat/completions'));
	const sent = request?.body.messages.map((m: { role: string; content: string }) => `${m.role}: ${m.content}`).join('\n');
	return { code, stdout: out.join('\n'), stderr: err.join('\n'), sent };
}

test('a stray `}}`: counted and sent as literal text, as the runtime does, with a warning at its place', async () => {
	const counted = await cli('count', 'stray-braces.prompt', '--json');
	assert.equal(counted.code, 0, counted.stderr);
	const json = JSON.parse(counted.stdout);
	assert.equal(json.model, 'mock/mock-small');
	assert.deepEqual(json.warnings.map((w: { line: number; column: number; code: string }) => `${w.line}:${w.column} ${w.code}`), ['4:19 template-syntax']);
	assert.match(json.warnings[0].message, /the model receives it as literal text/);
	const ran = await cli('run', 'stray-braces.prompt');
	assert.equal(ran.code, 0, ran.stderr);
	assert.equal(ran.sent, 'user: Say hello to Ada. }}');
	assert.match(ran.stderr, /^prompt-lens: warning: stray-braces\.prompt:4:19 template-syntax Unbalanced braces/m);
});

test('text before `---`: the frontmatter is not read; the whole file is counted and sent, and the warning says so', async () => {
	const counted = await cli('count', 'license-header.prompt');
	assert.equal(counted.code, 0, counted.stderr);
	assert.match(counted.stdout, /^license-header\.prompt on \(no model\)/);
	assert.match(counted.stdout, /^warning: license-header\.prompt:2:1 frontmatter-not-at-start The text before `---` is sent as part of the prompt: the frontmatter is not read/m);
	// The frontmatter's model is not read, so nothing names one: the warning explains the refusal.
	const unnamed = await cli('run', 'license-header.prompt');
	assert.equal(unnamed.code, 1);
	assert.match(unnamed.stderr, /warning: license-header\.prompt:2:1 frontmatter-not-at-start[\s\S]*cannot be run: The prompt names no model/);
	const ran = await cli('run', 'license-header.prompt', '--model', 'mock/mock-small');
	assert.equal(ran.code, 0, ran.stderr);
	assert.equal(ran.sent, 'user: # Copyright 2026 Example\n---\nmodel: mock/mock-small\n---\nSay hello to Ada.\n');
});

test('invalid YAML or an unclosed frontmatter: sent whole, exactly as the Dotprompt runtime renders it', async () => {
	for (const [file, code] of [['broken-yaml.prompt', 'yaml-syntax'], ['unclosed-frontmatter.prompt', 'frontmatter-unclosed']]) {
		const counted = await cli('count', file, '--json');
		assert.equal(counted.code, 0, counted.stderr);
		const warnings = JSON.parse(counted.stdout).warnings as { code: string; message: string }[];
		assert.deepEqual(warnings.map((w) => w.code), [code]);
		assert.match(warnings[0].message, /the runtime does not read it and its model, config and input defaults do not apply/);
		const ran = await cli('run', file, '--model', 'mock/mock-small');
		assert.equal(ran.code, 0, ran.stderr);
		const runtime = await renderRuntime(file);
		assert.equal(ran.sent, runtime);
		assert.match(ran.sent ?? '', /^user: ---\nmodel: mock\/mock-small\n/);
	}
});

test('a template the runtime cannot compile is still refused, in our words, and nothing is sent', async () => {
	const counted = await cli('count', 'unclosed-block.prompt');
	assert.equal(counted.code, 1);
	assert.match(counted.stderr, /^prompt-lens: unclosed-block\.prompt cannot be rendered: `\{\{#if formal\}\}` is never closed/);
	const ran = await cli('run', 'unclosed-block.prompt');
	assert.equal(ran.code, 1);
	assert.equal(ran.sent, undefined);
	assert.match(ran.stderr, /^prompt-lens: unclosed-block\.prompt cannot be rendered: `\{\{#if formal\}\}` is never closed/);
	assert.doesNotMatch(ran.stderr, /warning:/);
});

/** What the real runtime's own parse and render produce for the fixture: the file's messages as `role: text` lines. */
async function renderRuntime(file: string): Promise<string> {
	const logged = console.error;
	// The runtime reports YAML it cannot read on console.error and renders on; the message is expected here.
	console.error = () => undefined;
	try {
		const rendered = await new Dotprompt().render(readFileSync(join(SENT_ANYWAY, file), 'utf8'));
		return rendered.messages.map((m) => `${m.role}: ${m.content.map((p) => ('text' in p ? p.text : '')).join('')}`).join('\n');
	} finally {
		console.error = logged;
	}
}

test('renderPrompt agrees with the runtime on every fixture here', async () => {
	for (const file of readdirSync(SENT_ANYWAY).filter((f) => f !== 'unclosed-block.prompt')) {
		const ours = await renderPrompt(readFileSync(join(SENT_ANYWAY, file), 'utf8'));
		assert.ok(ours.ok, file);
		assert.equal(ours.prompt.messages.map((m) => `${m.role}: ${m.content.map((p) => ('text' in p ? p.text : '')).join('')}`).join('\n'), await renderRuntime(file), file);
	}
});
