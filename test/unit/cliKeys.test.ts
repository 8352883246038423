// A repository's settings must not send the user's secrets anywhere: `prompt-lens run` against mocks that record every header.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runCli } from '../../server/src/cli/runCli';
import { startMockOpenAI, type MockOpenAI, type RecordedRequest } from '../support/mockOpenAI';
import { DIST } from '../support/paths';

const SECRETS = {
	GITHUB_TOKEN: 'ghp_TEST_github_token_0123456789abcdef',
	AWS_SECRET_ACCESS_KEY: 'aws-TEST-secret-access-key-9876543210',
	HOME: '/home/TEST-secret-home-folder',
	OPENAI_API_KEY: 'sk-openai-TEST-1a2b3c4d5e6f7a8b9c0d',
	OPENAI_ADMIN_KEY: 'sk-admin-TEST-ffeeddccbbaa99887766',
};
const PROMPT = '---\nmodel: evil/mock-small\n---\nHello\n';

let evil: MockOpenAI;
/** A second host the evil provider redirects to. */
let elsewhere: MockOpenAI;
before(async () => {
	evil = await startMockOpenAI();
	elsewhere = await startMockOpenAI();
});
after(async () => {
	await evil.close();
	await elsewhere.close();
});

/** A cloned repository whose settings file defines provider `evil`. */
function repository(provider: Record<string, unknown>): string {
	const dir = mkdtempSync(join(tmpdir(), 'prompt-lens-evil-'));
	writeFileSync(
		join(dir, '.promptlensrc.json'),
		JSON.stringify({ providers: [{ id: 'evil', ...provider }], history: { enabled: false } }),
	);
	writeFileSync(join(dir, 'steal.prompt'), PROMPT);
	return dir;
}

/** The user's own config folder, outside the repository. */
function userConfig(config?: Record<string, unknown>): string {
	const home = mkdtempSync(join(tmpdir(), 'prompt-lens-home-'));
	if (config) {
		mkdirSync(join(home, 'prompt-lens'));
		writeFileSync(join(home, 'prompt-lens', 'config.json'), JSON.stringify(config));
	}
	return home;
}

async function run(dir: string, argv: string[], options: { xdg?: string; fetch?: typeof fetch } = {}) {
	const out: string[] = [];
	const err: string[] = [];
	const code = await runCli(['run', 'steal.prompt', ...argv], {
		stdout: (t) => out.push(t),
		stderr: (t) => err.push(t),
		cwd: dir,
		env: { ...SECRETS, XDG_CONFIG_HOME: options.xdg ?? userConfig() },
		fetch: options.fetch,
	});
	return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

function lastChat(mock: MockOpenAI): RecordedRequest | undefined {
	return mock.requests.filter((r) => r.path.endsWith('/chat/completions')).at(-1);
}

function assertNoSecret(request: RecordedRequest | undefined, ...texts: string[]): void {
	const all = [JSON.stringify(request?.headers ?? {}), ...texts];
	for (const [name, value] of Object.entries(SECRETS))
		for (const text of all) assert.ok(!text.includes(value), `${name} leaked into:\n${text}`);
}

/** Sends requests for `host` to the mock instead (the test's own DNS), keeping the path. */
function routeTo(mock: MockOpenAI, host: string): typeof fetch {
	return (input, init) => {
		const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
		assert.equal(url.host, host);
		return fetch(`${new URL(mock.baseURL).origin}${url.pathname}${url.search}`, init);
	};
}

for (const variable of ['GITHUB_TOKEN', 'AWS_SECRET_ACCESS_KEY', 'HOME']) {
	test(`a repository's provider naming ${variable} as apiKeyEnv gets no key, and the note says how to allow one`, async () => {
		const dir = repository({ baseURL: evil.baseURL, apiKeyEnv: variable });
		const { code, stdout, stderr } = await run(dir, []);
		assert.equal(code, 0, stderr);
		const request = lastChat(evil);
		assert.ok(request, 'the request was sent (without a key)');
		assert.equal(request.headers.authorization, undefined, 'no Authorization header at all');
		assertNoSecret(request, stdout, stderr);
		assert.match(
			stderr,
			new RegExp(
				`^prompt-lens: note: provider "evil" comes from the repository's settings and asks for the environment variable ${variable} to be sent to 127\\.0\\.0\\.1:\\d+; it was not sent.*--allow-key-env ${variable}.*"allowKeyEnv".*PROMPT_LENS_API_KEY\\. Sending the request without a key\\.$`,
				'm',
			),
		);
	});
}

test("the user can allow a variable for a repository's provider: --allow-key-env, or allowKeyEnv for that host in their own config", async () => {
	const dir = repository({ baseURL: evil.baseURL, apiKeyEnv: 'GITHUB_TOKEN' });
	await run(dir, ['--allow-key-env', 'GITHUB_TOKEN']);
	assert.equal(lastChat(evil)?.headers.authorization, `Bearer ${SECRETS.GITHUB_TOKEN}`);
	const host = new URL(evil.baseURL).host;
	await run(dir, [], { xdg: userConfig({ allowKeyEnv: { GITHUB_TOKEN: [host] } }) });
	assert.equal(lastChat(evil)?.headers.authorization, `Bearer ${SECRETS.GITHUB_TOKEN}`);
	await run(dir, [], { xdg: userConfig({ allowKeyEnv: { GITHUB_TOKEN: ['llm.example.com'] } }) });
	assert.equal(lastChat(evil)?.headers.authorization, undefined, 'allowed for another host only');
});

test('a 401 from a provider whose key was withheld repeats how to allow it', async () => {
	const dir = repository({ baseURL: evil.baseURL, apiKeyEnv: 'GITHUB_TOKEN' });
	evil.fault({ kind: 'status', status: 401 });
	const { code, stderr } = await run(dir, []);
	assert.equal(code, 1);
	assert.match(stderr, /^prompt-lens: No API key for evil \(HTTP 401\).*--allow-key-env GITHUB_TOKEN/m);
});

test("a built-in provider's variable never goes to another host, even when the user allows it", async () => {
	const dir = repository({ baseURL: evil.baseURL, apiKeyEnv: 'OPENAI_API_KEY' });
	const { stderr } = await run(dir, ['--allow-key-env', 'OPENAI_API_KEY']);
	assert.equal(lastChat(evil)?.headers.authorization, undefined);
	assert.match(stderr, /OPENAI_API_KEY is the openai key and is sent only to api\.openai\.com/);
});

test('a look-alike host (api.openai.com.evil.test) gets no OpenAI key; the real host does', async () => {
	const lookalike = repository({ baseURL: 'https://api.openai.com.evil.test/v1', apiKeyEnv: 'OPENAI_API_KEY' });
	const { stderr } = await run(lookalike, [], { fetch: routeTo(evil, 'api.openai.com.evil.test') });
	const request = lastChat(evil);
	assert.equal(request?.headers.authorization, undefined, stderr);
	assertNoSecret(request, stderr);
	// The control: the same route with the real host sends the key, so the check above can fail.
	const genuine = repository({ baseURL: 'https://api.openai.com/v1', apiKeyEnv: 'OPENAI_API_KEY' });
	await run(genuine, [], { fetch: routeTo(evil, 'api.openai.com') });
	assert.equal(lastChat(evil)?.headers.authorization, `Bearer ${SECRETS.OPENAI_API_KEY}`);
	await run(lookalike, ['--provider-url', 'https://api.openai.com.evil.test/v1'], {
		fetch: routeTo(evil, 'api.openai.com.evil.test'),
	});
	assert.equal(lastChat(evil)?.headers.authorization, undefined, '--provider-url on a look-alike host');
});

test('a redirect to another host is not followed: the key and the prompt stay with the provider', async () => {
	const dir = repository({ baseURL: evil.baseURL, apiKeyEnv: 'GITHUB_TOKEN' });
	const before = elsewhere.requests.length;
	evil.fault({ kind: 'redirect', location: `${elsewhere.baseURL}/chat/completions` });
	const { code, stderr } = await run(dir, ['--allow-key-env', 'GITHUB_TOKEN']);
	assert.equal(code, 1);
	assert.equal(elsewhere.requests.length, before, 'nothing reached the other host');
	assert.match(
		stderr,
		/redirected the request to http:\/\/127\.0\.0\.1:\d+; Prompt Lens does not follow redirects to another host/,
	);
	assertNoSecret(undefined, stderr);
});

test(
	'dist/cli.js: OPENAI_ADMIN_KEY and OPENAI_CUSTOM_HEADERS in the environment never reach a provider',
	{ timeout: 20_000 },
	async () => {
		const dir = repository({ baseURL: evil.baseURL });
		const env = {
			...process.env,
			...SECRETS,
			XDG_CONFIG_HOME: userConfig(),
			OPENAI_CUSTOM_HEADERS: `X-Leak: ${SECRETS.GITHUB_TOKEN}`,
		};
		const child = spawn(process.execPath, [join(DIST, 'cli.js'), 'run', 'steal.prompt'], {
			cwd: dir,
			env,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let output = '';
		child.stdout.on('data', (c) => (output += String(c)));
		child.stderr.on('data', (c) => (output += String(c)));
		const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
		assert.equal(code, 0, output);
		const request = lastChat(evil);
		assert.equal(request?.headers.authorization, undefined);
		assert.equal(request?.headers['x-leak'], undefined);
		assertNoSecret(request, output);
	},
);
