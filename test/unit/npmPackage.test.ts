// The npm package `prompt-lens` as a user gets it: packed with `npm pack`, installed from the tarball into an empty
// folder (nothing else from the network), then `npx prompt-lens check` and the language server run from there.
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node';
import { TestClient } from '../support/lspClient';
import { REPO_ROOT } from '../support/paths';

/** The packed size we promise to stay under (the BPE tables are most of it). */
const MAX_PACKED_BYTES = 3_000_000;
const VERSION = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

let project = '';
let packed: { tarball: string; size: number; unpackedSize: number };

/** npm settings of an outer `npm test` (prefix, global…) must not reach the user's install. */
function cleanEnv(): NodeJS.ProcessEnv {
	const keep = /^npm_config_(registry|cache|userconfig|.*proxy|cafile|ca|strict_ssl)$/i;
	return Object.fromEntries(
		Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k) || keep.test(k)),
	) as NodeJS.ProcessEnv;
}

function npx(args: string[]): { status: number | null; stdout: string; stderr: string } {
	const result = spawnSync('npx', ['--offline', 'prompt-lens', ...args], {
		cwd: project,
		env: cleanEnv(),
		encoding: 'utf8',
	});
	return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

before(() => {
	const out = execFileSync(process.execPath, ['scripts/pack-npm.mjs', '--pack'], {
		cwd: REPO_ROOT,
		encoding: 'utf8',
		env: cleanEnv(),
	});
	packed = JSON.parse(out.trim().split('\n').at(-1)!);
	project = realpathSync(mkdtempSync(join(tmpdir(), 'prompt-lens-npm-')));
	writeFileSync(join(project, 'package.json'), '{ "private": true }\n');
	execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', resolve(REPO_ROOT, packed.tarball)], {
		cwd: project,
		env: cleanEnv(),
		stdio: ['ignore', 'ignore', 'pipe'],
	});
	cpSync(join(REPO_ROOT, 'test/e2e/neovim/broken.prompt'), join(project, 'prompts/broken.prompt'));
	cpSync(join(REPO_ROOT, 'test/e2e/neovim/valid.prompt'), join(project, 'prompts/valid.prompt'));
});

after(() => {
	if (project) rmSync(project, { recursive: true, force: true });
});

test('the tarball holds the CLI, the server (its loader and bundle), its analysis worker and the token tables only, and stays small', (t) => {
	const files = execFileSync('tar', ['-tzf', resolve(REPO_ROOT, packed.tarball)], { encoding: 'utf8' })
		.trim()
		.split('\n')
		.sort();
	assert.deepEqual(files, [
		'package/LICENSE',
		'package/README.md',
		'package/analysisWorker.js',
		'package/bpe-cl100k_base.js',
		'package/bpe-o200k_base.js',
		'package/cli.js',
		'package/languageServer.js',
		'package/package.json',
		'package/server.js',
	]);
	t.diagnostic(`packed ${(packed.size / 1e6).toFixed(2)} MB, unpacked ${(packed.unpackedSize / 1e6).toFixed(2)} MB`);
	assert.ok(packed.size < MAX_PACKED_BYTES, `packed size ${packed.size} bytes is over ${MAX_PACKED_BYTES}`);
	const manifest = JSON.parse(readFileSync(join(project, 'node_modules/prompt-lens/package.json'), 'utf8'));
	assert.deepEqual(manifest.bin, { 'prompt-lens': 'cli.js', 'prompt-lens-language-server': 'server.js' });
	assert.equal(manifest.dependencies, undefined, 'the bundles need no dependencies');
});

test('npx prompt-lens --version prints the version; check finds the broken prompt and passes the valid one', () => {
	assert.equal(npx(['--version']).stdout.trim(), VERSION);
	const broken = npx(['check', 'prompts/']);
	assert.equal(broken.status, 1, broken.stderr);
	assert.match(broken.stdout, /prompts\/broken\.prompt:\d+:\d+ error template-syntax /);
	assert.doesNotMatch(broken.stdout, /valid\.prompt:\d+:\d+ error/);
	const valid = npx(['check', 'prompts/valid.prompt']);
	assert.equal(valid.status, 0, valid.stdout + valid.stderr);
});

for (const [name, command, args] of [
	['prompt-lens-language-server --stdio', join('node_modules', '.bin', 'prompt-lens-language-server'), ['--stdio']],
	['npx prompt-lens lsp --stdio', 'npx', ['--offline', 'prompt-lens', 'lsp', '--stdio']],
] as const) {
	test(`${name} (installed from the tarball) publishes diagnostics and shuts down cleanly`, async () => {
		const child = spawn(command, [...args], { cwd: project, env: cleanEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
		let stderr = '';
		child.stderr.on('data', (chunk) => (stderr += String(chunk)));
		const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
		try {
			const reader = new StreamMessageReader(child.stdout);
			const client = new TestClient(createProtocolConnection(reader, new StreamMessageWriter(child.stdin)));
			const result = await client.initialize({});
			assert.equal(result.serverInfo?.name, 'Prompt Lens');
			assert.equal(result.serverInfo?.version, VERSION);
			const uri = `file://${join(project, 'prompts/broken.prompt')}`;
			await client.open(uri, readFileSync(join(project, 'prompts/broken.prompt'), 'utf8'));
			const { diagnostics } = await client.diagnostics(uri);
			assert.ok(diagnostics.some((d) => d.code === 'template-syntax'), JSON.stringify(diagnostics));
			await client.shutdown();
			assert.equal(await exited, 0, stderr);
		} finally {
			child.kill();
		}
	});
}

test('npm publish --dry-run accepts the package as the release workflow publishes it (nothing is sent)', () => {
	const result = spawnSync('npm', ['publish', '--dry-run', '--offline'], {
		cwd: join(REPO_ROOT, 'out/npm'),
		env: cleanEnv(),
		encoding: 'utf8',
	});
	assert.equal(result.status, 0, result.stderr);
	assert.match(`${result.stdout}${result.stderr}`, new RegExp(`\\+ prompt-lens@${VERSION.replace(/\./g, '\\.')}`));
	assert.match(result.stderr, /total files:\s+9/);
});

test('vsce ls: the .vsix the release workflow publishes holds the bundles, grammar and docs, no sources or tests', () => {
	const result = spawnSync(join(REPO_ROOT, 'node_modules/.bin/vsce'), ['ls', '--no-dependencies'], {
		cwd: REPO_ROOT,
		encoding: 'utf8',
	});
	assert.equal(result.status, 0, result.stderr);
	const files = result.stdout.trim().split('\n');
	for (const needed of ['package.json', 'dist/client.js', 'dist/server.js', 'dist/cli.js', 'README.md', 'LICENSE']) {
		assert.ok(files.includes(needed), `${needed} is missing from ${files.join(', ')}`);
	}
	const unwanted = files.filter((f) => /^(server|client|test|out|node_modules|scripts)\/|\.map$|\.ts$/.test(f));
	assert.deepEqual(unwanted, []);
});
