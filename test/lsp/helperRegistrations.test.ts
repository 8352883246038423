// Helpers registered in the workspace's code are accepted: the server scans the source files after start, and
// re-reads one when the client reports it changed (workspace/didChangeWatchedFiles), then refreshes open prompts.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { DidChangeWatchedFilesNotification, FileChangeType, HoverRequest, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { inProcessServer } from '../support/lspClient';

const PROMPT = '{{role "system"}}\nGreet {{shout name}} and {{whisper name}}.\n';
const CAPABILITIES = { workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } } };

const nameOf = (message: string) => message.slice(0, message.indexOf('`', 1) + 1);
const unknownHelpers = (p: PublishDiagnosticsParams) => p.diagnostics.filter((d) => d.code === 'unknown-helper').map((d) => nameOf(String(d.message))).sort();

test('a helper registered in a .ts file is accepted, and editing that file updates the diagnostics', async () => {
	const dir = mkdtempSync(join(tmpdir(), 'prompt-lens-helpers-'));
	mkdirSync(join(dir, 'src'));
	const source = join(dir, 'src', 'genkit.ts');
	writeFileSync(source, "import { ai } from './ai';\n\nai.defineHelper('shout', (s: string) => s.toUpperCase());\n");
	// A copy under node_modules must not count: it is not the app's code.
	mkdirSync(join(dir, 'node_modules', 'lib'), { recursive: true });
	writeFileSync(join(dir, 'node_modules', 'lib', 'index.js'), "ai.defineHelper('whisper', f);\n");
	const uri = pathToFileURL(join(dir, 'main.prompt')).href;
	const client = inProcessServer();
	await client.initialize(CAPABILITIES, undefined, pathToFileURL(dir).href);
	await client.open(uri, PROMPT);

	const onlyWhisper = await client.diagnostics(uri, (p) => unknownHelpers(p).join() === '`whisper`');
	assert.match(String(onlyWhisper.diagnostics[0].message), /promptLens\.helpers/);
	const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 1, character: 9 } });
	assert.match(JSON.stringify(hover?.contents), /Registered in `src\/genkit\.ts:3`/);

	writeFileSync(source, "import { ai } from './ai';\n\nai.defineHelper('shout', f);\nai.defineHelper('whisper', f);\n");
	const seen = client.publishedCount(uri);
	await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: pathToFileURL(source).href, type: FileChangeType.Changed }] });
	await client.diagnostics(uri, (p) => unknownHelpers(p).length === 0, 5000, seen);

	writeFileSync(source, '');
	const later = client.publishedCount(uri);
	await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: pathToFileURL(source).href, type: FileChangeType.Deleted }] });
	await client.diagnostics(uri, (p) => unknownHelpers(p).join() === '`shout`,`whisper`', 5000, later);
	assert.ok(client.logs.some((line) => /Scanned 1 source files, found 1 helper and 0 partials/.test(line)), client.logs.join('\n'));
	await client.shutdown();
});
