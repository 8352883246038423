// The shipped bundle: spawns `node dist/server.js --stdio` and gets diagnostics for a broken file, as Neovim or Emacs would.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node';
import { TestClient } from '../support/lspClient';
import { DIST } from '../support/paths';

const SERVER = join(DIST, 'server.js');

test('dist/server.js --stdio answers initialize and publishes diagnostics, then exits cleanly', async () => {
	assert.ok(existsSync(SERVER), `${SERVER} is missing: run the build first`);
	const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
	const stderr: string[] = [];
	child.stderr.on('data', (chunk) => stderr.push(String(chunk)));
	const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
	try {
		const client = new TestClient(createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin)));
		const result = await client.initialize({});
		assert.equal(result.serverInfo?.name, 'Prompt Lens');
		await client.open('file:///tmp/broken.prompt', 'Hello\n{{#if age >= 18}}adult{{/if}}\n');
		const { diagnostics } = await client.diagnostics('file:///tmp/broken.prompt');
		assert.deepEqual(diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character]), [['template-syntax', 1, 10]]);
		await client.shutdown();
		assert.equal(await exited, 0, stderr.join(''));
	} finally {
		child.kill();
	}
});

test('dist/server.js: the libraries\' warnings about a prompt (yaml, Handlebars) reach the log as information, not errors', async () => {
	const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
	const stderr: string[] = [];
	child.stderr.on('data', (chunk) => stderr.push(String(chunk)));
	try {
		const client = new TestClient(createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin)));
		await client.initialize({});
		await client.open('file:///tmp/keys.prompt', '---\ninput:\n  default:\n    ? [a, b]\n    : 1\n    obj: {a: 1}\n---\nHi {{#with obj}}{{toString}}{{/with}}\n');
		const wanted = [/Keys with collection values/, /Access has been denied to resolve the property "toString"/];
		for (let waited = 0; waited < 10_000 && !wanted.every((w) => client.logs.some((l) => w.test(l))); waited += 50) await new Promise((r) => setTimeout(r, 50));
		for (const pattern of wanted) {
			const index = client.logs.findIndex((l) => pattern.test(l));
			assert.ok(index >= 0, `no log entry matches ${pattern}: ${client.logs.join('\n')}`);
			assert.equal(client.logTypes[index], 3, `${client.logs[index]} is logged as type ${client.logTypes[index]}`);
		}
		assert.equal(stderr.join(''), '');
	} finally {
		child.kill();
	}
});

const DEEP_YAML: Record<string, string> = {
	'5,000 unclosed [': `x: ${'['.repeat(5000)}`,
	'10,000 closed [ ]': `x: ${'['.repeat(10_000)}1${']'.repeat(10_000)}`,
	'10,000 - items on one line': `x:\n  ${'- '.repeat(10_000)}1`,
	'10,000 unclosed {a:': `x: ${'{a: '.repeat(10_000)}`,
};

for (const [shape, yaml] of Object.entries(DEEP_YAML)) {
	test(`dist/server.js survives deep frontmatter as its first document (${shape}): one clear diagnostic`, { timeout: 20_000 }, async () => {
		const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
		const stderr: string[] = [];
		child.stderr.on('data', (chunk) => stderr.push(String(chunk)));
		let exit: string | undefined;
		child.on('exit', (code, signal) => (exit = `exit ${code} ${signal}`));
		try {
			const client = new TestClient(createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin)));
			await client.initialize({});
			const uri = 'file:///tmp/deep.prompt';
			await client.open(uri, `---\n${yaml}\n---\nhi\n`);
			const { diagnostics } = await client.diagnostics(uri);
			assert.deepEqual(diagnostics.map((d) => d.code), ['yaml-syntax']);
			assert.match(String(diagnostics[0].message), /nests YAML collections more than 64 levels deep/);
			// The crash came about 0.4 s after the open, from the render that follows the first diagnostics.
			await client.connection.sendRequest('textDocument/codeLens', { textDocument: { uri } });
			await new Promise((resolve) => setTimeout(resolve, 800));
			const symbols = await client.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } });
			assert.ok(Array.isArray(symbols));
			assert.equal(exit, undefined, stderr.join(''));
		} finally {
			child.kill();
		}
	});
}
