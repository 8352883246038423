// The promptfoo export checked by promptfoo itself: the same prompt and test file run by `prompt-lens test` and by
// `promptfoo eval` on the exported config, against the mock provider, must pass and fail the same cases and send the
// same messages. promptfoo (with the Node 24 it needs) comes from scripts/install-promptfoo.sh; without it this fails.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runCli } from '../../server/src/cli/runCli';
import { startMockOpenAI, type MockOpenAI } from '../support/mockOpenAI';

const PROMPTFOO_VERSION = '0.123.1';
const cacheRoot = process.env.PROMPT_LENS_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'prompt-lens');
const prefix = join(cacheRoot, `promptfoo-${PROMPTFOO_VERSION}`);

const PROMPT = `---
model: mock/mock-small
config:
  temperature: 0.3
  maxOutputTokens: 200
input:
  schema:
    topic: string
    style?: string
  default:
    style: plain
---
{{role "system"}}
Answer in a {{style}} style.
{{! not sent }}
{{role "user"}}
Tell me about {{topic}}.
`;

const TESTS = `repeat: 2
defaults: { assert: [{ type: max-latency, value: 60000 }] }
cases:
  - name: cats pass
    vars: { topic: cats }
    assert:
      - { type: icontains, value: "CATS" }
      - { type: not-contains, value: dogs }
      - { type: starts-with, value: "Echo" }
      - { type: regex, value: "^Echo: .*cats\\\\.$" }
      - { type: contains-all, value: [Tell, cats] }
      - { type: javascript, value: "output.length > 5 && json === undefined" }
      - { type: max-tokens, value: 10 }
      - { type: similar, value: "Echo: Tell me about cats.", threshold: 0.9 }
  - name: equals fails
    vars: { topic: birds, style: terse }
    assert:
      - { type: equals, value: "nope" }
  - name: not-icontains fails
    vars: { topic: birds }
    assert:
      - { type: not-icontains, value: "BIRDS" }
  - name: json passes
    vars: { topic: json }
    assert:
      - { type: is-json }
      - { type: equals, value: { a: 1, b: [true, null] } }
      - { type: matches-schema, value: { type: object, required: [a], properties: { a: { type: integer } } } }
      - { type: not-javascript, value: "json !== undefined" }
      - { type: not-starts-with, value: "Echo" }
  - name: json number fails
    vars: { topic: json }
    assert:
      - { type: equals, value: 1 }
  - name: braces stay literal
    vars: { topic: "{{ x }} and {% raw %} \\"q\\" <b>" }
    assert:
      - { type: contains, value: "{{ x }}" }
      - { type: contains-any, value: [zebra, "{% raw %} \\"q\\" <b>"] }
  - name: javascript fails
    vars: { topic: owls }
    assert:
      - { type: javascript, value: "output.length > 1000" }
  - name: not-regex fails
    vars: { topic: owls }
    assert:
      - { type: not-regex, value: "owls" }
  - name: similar fails
    vars: { topic: owls }
    assert:
      - { type: similar, value: "quarterly revenue forecast", threshold: 0.5 }
`;

let mock: MockOpenAI;
before(async () => {
	mock = await startMockOpenAI({
		chunkDelayMs: 0,
		reply: (_model, asked) => (asked.includes('json') ? '```json\n{"b": [true, null], "a": 1}\n```' : undefined),
	});
});
after(() => mock.close());

function project(): string {
	const dir = mkdtempSync(join(tmpdir(), 'prompt-lens-export-'));
	const rc = {
		providers: [{ id: 'mock', baseURL: mock.baseURL }],
		models: [{ id: 'mock-small', provider: 'mock', inputPerMTok: 1, outputPerMTok: 2, contextWindow: 8192 }],
		embeddingModel: 'mock/mock-embed',
		history: { enabled: false },
	};
	writeFileSync(join(dir, '.promptlensrc.json'), JSON.stringify(rc));
	writeFileSync(join(dir, 'about.prompt'), PROMPT);
	writeFileSync(join(dir, 'about.test.yaml'), TESTS);
	return dir;
}

async function cli(dir: string, args: string[]) {
	const out: string[] = [];
	const err: string[] = [];
	const code = await runCli(args, {
		stdout: (t) => out.push(t),
		stderr: (t) => err.push(t),
		cwd: dir,
		env: { XDG_CONFIG_HOME: dir },
	});
	return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

/** Runs promptfoo without blocking this process (the mock answers from its event loop), offline and in a temp home. */
function promptfoo(dir: string, args: string[]): Promise<{ code: number | null; output: string }> {
	const home = join(dir, 'home');
	mkdirSync(home, { recursive: true });
	const env = {
		PATH: process.env.PATH ?? '',
		HOME: home,
		XDG_CONFIG_HOME: home,
		PROMPTFOO_CONFIG_DIR: join(home, '.promptfoo'),
		PROMPTFOO_DISABLE_TELEMETRY: '1',
		PROMPTFOO_DISABLE_UPDATE: '1',
		PROMPTFOO_DISABLE_SHARING: '1',
		NO_COLOR: '1',
	};
	const child = spawn(join(prefix, 'node'), [join(prefix, 'node_modules/promptfoo/dist/src/entrypoint.js'), ...args], {
		cwd: dir,
		env,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let output = '';
	child.stdout.on('data', (d: Buffer) => (output += d.toString()));
	child.stderr.on('data', (d: Buffer) => (output += d.toString()));
	return new Promise((resolve) => child.on('close', (code) => resolve({ code, output })));
}

interface PromptfooRow {
	success: boolean;
	error?: string;
	testCase: { description: string };
}

function chatBodies(from: number): string[] {
	return mock.requests
		.slice(from)
		.filter((r) => r.path.endsWith('/chat/completions'))
		.map((r) => JSON.stringify({ messages: r.body.messages, temperature: r.body.temperature, max_tokens: r.body.max_tokens }))
		.sort();
}

test('promptfoo passes and fails the exported cases exactly as prompt-lens test does, with the same requests', { timeout: 180_000 }, async () => {
	assert.ok(
		existsSync(join(prefix, '.complete')),
		`promptfoo ${PROMPTFOO_VERSION} is not installed in ${prefix}: run scripts/install-promptfoo.sh (scripts/ensure-test-deps.sh runs it)`,
	);
	const dir = project();
	const start = mock.requests.length;
	const ours = await cli(dir, ['test', '--reporter', 'json', '--no-cache']);
	assert.equal(ours.code, 1, ours.stderr);
	const ourRequests = chatBodies(start);
	const ourPass = new Map((JSON.parse(ours.stdout) as { case: string; pass: boolean }[]).map((r) => [r.case, r.pass]));

	const exported = await cli(dir, ['export', 'about.prompt', '--to', 'promptfoo', '--output', 'promptfooconfig.yaml']);
	assert.equal(exported.code, 0, exported.stderr);
	assert.doesNotMatch(exported.stderr, /not exported/, 'every assertion of this file has a promptfoo equivalent');

	const middle = mock.requests.length;
	const run = await promptfoo(dir, ['eval', '-c', 'promptfooconfig.yaml', '--no-cache', '-o', 'results.json', '--no-table']);
	assert.ok(run.code === 0 || run.code === 100, `promptfoo eval exited ${run.code}:\n${run.output}`);
	const rows = (JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as { results: { results: PromptfooRow[] } })
		.results.results;
	assert.equal(rows.length, ourPass.size * 2, 'each case twice (repeat: 2)');
	for (const row of rows) assert.equal(row.error && !/^Expected|Custom function|Similarity/.test(row.error) ? row.error : undefined, undefined);
	const theirPass = new Map<string, boolean>();
	for (const row of rows)
		theirPass.set(row.testCase.description, (theirPass.get(row.testCase.description) ?? true) && row.success);

	assert.deepEqual(Object.fromEntries(theirPass), Object.fromEntries(ourPass));
	assert.deepEqual(
		[...ourPass.values()].sort(),
		[false, false, false, false, false, false, true, true, true],
		'the file has passing and failing cases',
	);
	assert.deepEqual(chatBodies(middle), ourRequests, 'promptfoo sends the messages and parameters our run sends');
});
