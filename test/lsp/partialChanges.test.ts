// Partials are read once and kept; a change on disk (workspace/didChangeWatchedFiles) re-reads the partial and refreshes
// the prompts that include it.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { DidChangeWatchedFilesNotification, FileChangeType } from 'vscode-languageserver-protocol/node';
import { inProcessServer } from '../support/lspClient';

const MAIN = '---\ninput:\n  schema:\n    name: string\n---\nHello {{> greet}}\n';

test('editing a partial on disk refreshes the diagnostics of the prompt that includes it', async () => {
	const dir = mkdtempSync(join(tmpdir(), 'prompt-lens-partial-change-'));
	const partial = join(dir, '_greet.prompt');
	writeFileSync(partial, 'there');
	const uri = pathToFileURL(join(dir, 'main.prompt')).href;
	const client = inProcessServer();
	await client.initialize({ workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } } });
	await client.open(uri, MAIN);
	const unused = (p: { diagnostics: { code?: unknown }[] }) => p.diagnostics.some((d) => d.code === 'unused-input');
	await client.diagnostics(uri, unused);
	writeFileSync(partial, 'there, {{name}}');
	const seen = client.publishedCount(uri);
	await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
		changes: [{ uri: pathToFileURL(partial).href, type: FileChangeType.Changed }],
	});
	const after = await client.diagnostics(uri, (p) => !unused(p), 5000, seen);
	assert.deepEqual(after.diagnostics, []);
	await client.shutdown();
});
