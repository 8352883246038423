// `prompt-lens run` against the local mock provider: streaming, --json, inputs, faults, Ctrl-C, history, the cache, and keys kept out of every output.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runCli } from '../../server/src/cli/runCli';
import { startMockOpenAI, type MockOpenAI } from '../support/mockOpenAI';
import { DIST } from '../support/paths';

const OPENAI_KEY = 'sk-openai-TEST-1a2b3c4d5e6f7a8b9c0d';
const MOCK_KEY = 'sk-mock-TEST-0f9e8d7c6b5a4f3e2d1c';
const URL_KEY = 'sk-url-TEST-aa11bb22cc33dd44ee55';
const ENV = { OPENAI_API_KEY: OPENAI_KEY, MOCK_KEY };

const HELLO = '---\nmodel: mock/mock-small\ninput:\n  schema:\n    name: string\n  default:\n    name: Ada\n---\nSay hello to {{name}}.\n';
const ANSWER = 'Echo: Say hello to Ada.';

let mock: MockOpenAI;
/** The user's own config folder (XDG_CONFIG_HOME): it allows MOCK_KEY for the mock's host, as a user would. */
let userConfigHome: string;
before(async () => {
	mock = await startMockOpenAI();
	userConfigHome = mkdtempSync(join(tmpdir(), 'prompt-lens-user-'));
	mkdirSync(join(userConfigHome, 'prompt-lens'));
	const config = { allowKeyEnv: { MOCK_KEY: [new URL(mock.baseURL).host] } };
	writeFileSync(join(userConfigHome, 'prompt-lens', 'config.json'), JSON.stringify(config));
});
after(() => mock.close());

/** A project folder with a settings file naming the mock as provider `mock` (key in MOCK_KEY) and a priced `mock-small`. */
function project(settings: Record<string, unknown> = {}, files: Record<string, string> = { 'hello.prompt': HELLO }): string {
	const dir = mkdtempSync(join(tmpdir(), 'prompt-lens-run-'));
	const rc = {
		providers: [{ id: 'mock', baseURL: mock.baseURL, apiKeyEnv: 'MOCK_KEY' }],
		models: [{ id: 'mock-small', provider: 'mock', inputPerMTok: 1, outputPerMTok: 2, contextWindow: 8192 }],
		run: { maxRetries: 2 },
		...settings,
	};
	writeFileSync(join(dir, '.promptlensrc.json'), JSON.stringify(rc));
	for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
	return dir;
}

interface Ran {
	code: number;
	/** What was streamed (raw writes) followed by whole lines. */
	stdout: string;
	stderr: string;
	writes: string[];
}

async function run(dir: string, argv: string[], options: { env?: Record<string, string>; signal?: AbortSignal; onWrite?: (text: string) => void } = {}): Promise<Ran> {
	const writes: string[] = [];
	const lines: string[] = [];
	const err: string[] = [];
	const code = await runCli(['run', ...argv], {
		stdout: (t) => lines.push(t),
		stderr: (t) => err.push(t),
		write: (t) => {
			writes.push(t);
			options.onWrite?.(t);
		},
		cwd: dir,
		env: { XDG_CONFIG_HOME: userConfigHome, ...options.env ?? ENV },
		signal: options.signal,
	});
	return { code, stdout: writes.join('') + lines.join('\n'), stderr: err.join('\n'), writes };
}

function chatRequests(): MockOpenAI['requests'] {
	return mock.requests.filter((r) => r.path.endsWith('/chat/completions'));
}

function historyOf(dir: string): { requestHash: string; prompt: string; result: { status: string; output: string; cached?: boolean } }[] {
	return readFileSync(join(dir, '.prompt-lens', 'runs.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
}

function assertNoKey(...texts: string[]): void {
	for (const text of texts) for (const key of [OPENAI_KEY, MOCK_KEY, URL_KEY]) assert.ok(!text.includes(key), `a key leaked into:\n${text}`);
}

test('streams the answer to stdout in pieces, with usage, cost and latency on stderr', async () => {
	const dir = project();
	const { code, stdout, stderr, writes } = await run(dir, ['hello.prompt']);
	assert.equal(code, 0, stderr);
	assert.equal(stdout, `${ANSWER}\n`);
	assert.ok(writes.length >= 3, `expected several writes, got ${JSON.stringify(writes)}`);
	assert.match(stderr, /^mock\/mock-small on mock · 4 tokens in \(our estimate ≈\d+\), 5 out · \$0\.0000\d+ · first token \d+\.\d\d s · total \d+\.\d\d s · finish stop$/m);
	const last = chatRequests().at(-1)!;
	assert.equal(last.body.model, 'mock-small');
	assert.equal(last.body.stream, true);
	assert.equal(last.headers.authorization, `Bearer ${MOCK_KEY}`);
});

test('--json prints one JSON object: the result with model, provider and requestHash', async () => {
	const dir = project();
	const { code, stdout, writes } = await run(dir, ['hello.prompt', '--json']);
	assert.equal(code, 0);
	assert.deepEqual(writes, []);
	const json = JSON.parse(stdout);
	assert.equal(json.status, 'ok');
	assert.equal(json.output, ANSWER);
	assert.deepEqual(json.usage, { inputTokens: 4, outputTokens: 5 });
	assert.equal(json.model, 'mock/mock-small');
	assert.equal(json.provider, 'mock');
	assert.match(json.requestHash, /^[0-9a-f]{64}$/);
	assert.equal(json.finishReason, 'stop');
	assert.equal(json.attempts, 1);
	assert.equal(typeof json.totalMs, 'number');
	assert.equal(typeof json.cost, 'number');
	assert.equal(json.requestHash, historyOf(dir)[0].requestHash);
});

test('--input gives values (JSON when it parses); missing variables exit 2 before any request', async () => {
	const dir = project({}, { 'topic.prompt': '---\nmodel: mock/mock-small\n---\nWrite about {{topic}} in {{count}} words.\n' });
	const before = chatRequests().length;
	const missing = await run(dir, ['topic.prompt']);
	assert.equal(missing.code, 2);
	assert.match(missing.stderr, /^prompt-lens: topic\.prompt uses variables that have no value: (count, topic|topic, count)\. Nothing was sent\. Give each a value with --input .*--input topic=…/);
	assert.equal(chatRequests().length, before);
	const given = await run(dir, ['topic.prompt', '--input', 'topic=cats', '--input=count=12']);
	assert.equal(given.code, 0, given.stderr);
	assert.equal(given.stdout, 'Echo: Write about cats in 12 words.\n');
});

test('usage errors exit 2', async () => {
	const dir = project();
	for (const argv of [[], ['a.prompt', 'b.prompt'], ['hello.prompt', '--input', 'novalue'], ['hello.prompt', '--provider-url', 'localhost:1234'], ['hello.prompt', '--model'], ['hello.prompt', '--stream']]) {
		const { code, stderr } = await run(dir, argv);
		assert.equal(code, 2, `${argv.join(' ')}: ${stderr}`);
		assert.match(stderr, /^prompt-lens: .+\n\nUsage:/);
	}
});

test('401 exits 1 and says which variable to set', async () => {
	const dir = project();
	mock.fault({ kind: 'status', status: 401, body: { error: { message: `Incorrect API key provided: ${MOCK_KEY}.`, type: 'invalid_request_error', code: 'invalid_api_key' } } });
	const { code, stdout, stderr } = await run(dir, ['hello.prompt']);
	assert.equal(code, 1);
	assert.match(stderr, /Set MOCK_KEY to a valid key for mock and run again\./);
	assertNoKey(stdout, stderr, readFileSync(join(dir, '.prompt-lens', 'runs.jsonl'), 'utf8'));
});

test('a preset provider without its key variable fails before sending anything', async () => {
	const dir = project({}, { 'gpt.prompt': '---\nmodel: openai/gpt-4o-mini\n---\nHi\n' });
	const { code, stderr } = await run(dir, ['gpt.prompt'], { env: {} });
	assert.equal(code, 1);
	assert.match(stderr, /no API key for openai: set the environment variable OPENAI_API_KEY .*Nothing was sent\./);
});

test('429 is retried (honouring Retry-After) and the retry is shown', async () => {
	const dir = project();
	const before = chatRequests().length;
	mock.fault({ kind: 'status', status: 429, retryAfter: '0' });
	const { code, stdout, stderr } = await run(dir, ['hello.prompt']);
	assert.equal(code, 0, stderr);
	assert.equal(stdout, `${ANSWER}\n`);
	assert.equal(chatRequests().length - before, 2);
	assert.match(stderr, /^prompt-lens: mock is rate limiting requests \(HTTP 429\).* Retrying in \d+\.\d\d s \(attempt 2 of 3\)\.$/m);
	assert.match(stderr, / · 1 retry$/m);
});

test('a server error after the retries are used up exits 1 with the provider\'s message', async () => {
	const dir = project({ run: { maxRetries: 0 } });
	mock.fault({ kind: 'status', status: 500 });
	const { code, stderr } = await run(dir, ['hello.prompt']);
	assert.equal(code, 1);
	assert.match(stderr, /Mock fault: HTTP 500/);
});

test('a stream that breaks mid-way keeps the partial answer, marked incomplete, and exits 1', async () => {
	const dir = project();
	mock.fault({ kind: 'disconnect', afterChunks: 2 });
	const { code, stdout, stderr } = await run(dir, ['hello.prompt']);
	assert.equal(code, 1);
	assert.equal(stdout, 'Echo: Say \n');
	assert.match(stderr, /prompt-lens: incomplete answer: .+ The 10 characters received are printed above\./);
	assert.equal(historyOf(dir)[0].result.status, 'incomplete');
});

test('aborting (Ctrl-C) mid-stream keeps the partial answer and exits 130', async () => {
	const dir = project();
	const controller = new AbortController();
	const { code, stdout, stderr } = await run(dir, ['hello.prompt'], { signal: controller.signal, onWrite: () => controller.abort() });
	assert.equal(code, 130);
	assert.ok(stdout.startsWith('Echo: ') && stdout.length < ANSWER.length, stdout);
	assert.match(stderr, /prompt-lens: cancelled\. The \d+ characters received are printed above\./);
	assert.equal(historyOf(dir)[0].result.status, 'cancelled');
});

test('aborting while waiting for the first token exits 130 at once', async () => {
	const dir = project();
	const controller = new AbortController();
	mock.fault({ kind: 'slow-first-token', ms: 10_000 });
	const started = Date.now();
	setTimeout(() => controller.abort(), 200);
	const { code, stdout } = await run(dir, ['hello.prompt'], { signal: controller.signal });
	assert.equal(code, 130);
	assert.equal(stdout, '');
	assert.ok(Date.now() - started < 5000);
});

test('history: one line per run, prompt relative to the settings folder; nothing written when disabled', async () => {
	const dir = project();
	await run(dir, ['hello.prompt']);
	await run(dir, [join(dir, 'hello.prompt'), '--input', 'name=Bo']);
	const lines = historyOf(dir);
	assert.deepEqual(lines.map((l) => [l.prompt, l.result.status, l.result.output]), [['hello.prompt', 'ok', ANSWER], ['hello.prompt', 'ok', 'Echo: Say hello to Bo.']]);
	const off = project({ history: { enabled: false }, cache: { enabled: true } });
	const { code, stderr } = await run(off, ['hello.prompt']);
	assert.equal(code, 0);
	assert.match(stderr, /cache\.enabled has no effect while history\.enabled is false/);
	assert.equal(existsSync(join(off, '.prompt-lens')), false);
});

test('history.path moves the file, relative to the settings file\'s folder', async () => {
	const dir = project({ history: { path: 'logs/prompt-runs.jsonl' } });
	await run(dir, ['hello.prompt']);
	assert.equal(readFileSync(join(dir, 'logs', 'prompt-runs.jsonl'), 'utf8').split('\n').length, 2);
});

test('with cache.enabled the same request is answered from the history: no second request, "(cached)", free', async () => {
	const dir = project({ cache: { enabled: true } });
	const first = await run(dir, ['hello.prompt']);
	assert.equal(first.code, 0);
	const before = chatRequests().length;
	const second = await run(dir, ['hello.prompt']);
	assert.equal(second.code, 0);
	assert.equal(chatRequests().length, before);
	assert.equal(second.stdout, `${ANSWER}\n`);
	assert.match(second.stderr, /^\(cached\) mock\/mock-small on mock · .* · \$0 · total/m);
	const json = JSON.parse((await run(dir, ['hello.prompt', '--json'])).stdout);
	assert.equal(json.cached, true);
	assert.equal(json.cost, 0);
	assert.deepEqual(historyOf(dir).map((l) => l.result.cached ?? false), [false, true, true]);
	// A different input is a different request.
	await run(dir, ['hello.prompt', '--input', 'name=Cy']);
	assert.equal(chatRequests().length, before + 1);
});

test('--provider-url sends no key of another provider; PROMPT_LENS_API_KEY is sent when set', async () => {
	const dir = project({ providers: [] }, { 'gpt.prompt': '---\nmodel: openai/mock-small\n---\nHi there\n' });
	const plain = await run(dir, ['gpt.prompt', '--provider-url', mock.baseURL]);
	assert.equal(plain.code, 0, plain.stderr);
	assert.equal(plain.stdout, 'Echo: Hi there\n');
	const header = String(chatRequests().at(-1)!.headers.authorization ?? '');
	assert.ok(!header.includes(OPENAI_KEY) && !header.includes(MOCK_KEY), header);
	await run(dir, ['gpt.prompt', '--provider-url', `${mock.baseURL}/`], { env: { ...ENV, PROMPT_LENS_API_KEY: URL_KEY } });
	assert.equal(chatRequests().at(-1)!.headers.authorization, `Bearer ${URL_KEY}`);
	mock.fault({ kind: 'status', status: 401 });
	const denied = await run(dir, ['gpt.prompt', '--provider-url', mock.baseURL]);
	assert.equal(denied.code, 1);
	assert.match(denied.stderr, /Set PROMPT_LENS_API_KEY to a valid key for openai at --provider-url/);
});

test('a settings file that points a preset\'s key at another host sends no key, and says how to give one', async () => {
	const dir = project({ providers: [{ id: 'openai', baseURL: mock.baseURL }] }, { 'gpt.prompt': '---\nmodel: openai/mock-small\n---\nHi\n' });
	const { code, stderr } = await run(dir, ['gpt.prompt']);
	assert.equal(code, 0, stderr);
	assert.match(stderr, /^prompt-lens: note: OPENAI_API_KEY is the openai key and is sent only to api\.openai\.com; provider "openai" points at 127\.0\.0\.1:\d+, so it was not sent\. To give that endpoint a key, set PROMPT_LENS_API_KEY.* Sending the request without a key\.$/m);
	assert.equal(chatRequests().at(-1)!.headers.authorization, undefined);
	await run(dir, ['gpt.prompt'], { env: { ...ENV, PROMPT_LENS_API_KEY: URL_KEY } });
	assert.equal(chatRequests().at(-1)!.headers.authorization, `Bearer ${URL_KEY}`);
	assertNoKey(stderr);
});

test('unknown model: exit 1 with the provider\'s list of models', async () => {
	const dir = project({}, { 'nope.prompt': '---\nmodel: mock/mock-huge\n---\nHi\n' });
	const { code, stderr } = await run(dir, ['nope.prompt']);
	assert.equal(code, 1);
	assert.match(stderr, /mock-small/);
});

test('no key ever reaches stdout, stderr or the history, whatever happens', async () => {
	const dir = project({ cache: { enabled: true } });
	const env = { ...ENV, PROMPT_LENS_API_KEY: URL_KEY };
	const outputs: string[] = [];
	const faults = [undefined, { kind: 'status', status: 401 } as const, { kind: 'status', status: 500, body: `upstream said ${MOCK_KEY}` } as const, { kind: 'malformed' } as const, { kind: 'disconnect', afterChunks: 1 } as const];
	for (const fault of faults) {
		if (fault) mock.fault(fault);
		for (const json of [[], ['--json']]) {
			const r = await run(dir, ['hello.prompt', '--input', `name=${fault?.kind ?? 'none'}${json.length}`, ...json], { env });
			outputs.push(r.stdout, r.stderr);
		}
	}
	outputs.push(readFileSync(join(dir, '.prompt-lens', 'runs.jsonl'), 'utf8'));
	assertNoKey(...outputs);
});

test('dist/cli.js: Ctrl-C stops a run and exits 130; the key is not printed', { timeout: 20_000 }, async () => {
	const cli = join(DIST, 'cli.js');
	assert.ok(existsSync(cli), `${cli} is missing: run the build first`);
	const dir = project();
	mock.fault({ kind: 'slow-first-token', ms: 15_000 });
	const before = chatRequests().length;
	const child = spawn(process.execPath, [cli, 'run', 'hello.prompt'], { cwd: dir, env: { ...process.env, ...ENV }, stdio: ['ignore', 'pipe', 'pipe'] });
	let output = '';
	child.stdout.on('data', (c) => (output += String(c)));
	child.stderr.on('data', (c) => (output += String(c)));
	let done = false;
	const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => {
		done = true;
		resolve(code);
	}));
	while (chatRequests().length === before && !done) await new Promise((r) => setTimeout(r, 20));
	assert.ok(!done, `dist/cli.js exited before sending the request (a stale build?):\n${output}`);
	child.kill('SIGINT');
	assert.equal(await exited, 130, output);
	assert.match(output, /prompt-lens: cancelled\./);
	assertNoKey(output);
});
