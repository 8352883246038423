// The language server in-process: capabilities, pushed diagnostics through incremental edits, symbols, folding, settings.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DocumentSymbolRequest, FoldingRangeRequest, DidChangeConfigurationNotification, DidCloseTextDocumentNotification, type DocumentSymbol } from 'vscode-languageserver-protocol/node';
import { inProcessServer, type TestClient } from '../support/lspClient';

const BROKEN = '---\nmodel: openai/gpt-5.4-mini-2026-03-17\n---\nHello {{name}}!\n{{#if premium}}\n  Welcome!\n';
const VALID = '---\nmodel: openai/gpt-5.4-mini-2026-03-17\nconfig:\n  temperature: 0.2\n---\n{{role "system"}}\nBe brief.\n{{#if premium}}\n  Welcome!\n{{/if}}\n{{role "user"}}\n{{> question}}\n';

describe('language server (in-process)', () => {
	let client: TestClient;
	before(async () => {
		client = inProcessServer();
	});
	after(async () => client.shutdown());

	test('announces incremental sync, symbols and folding', async () => {
		const { capabilities, serverInfo } = await client.initialize();
		assert.deepEqual(capabilities.textDocumentSync, { openClose: true, change: 2 });
		assert.equal(capabilities.documentSymbolProvider, true);
		assert.equal(capabilities.foldingRangeProvider, true);
		assert.equal(serverInfo?.name, 'Prompt Lens');
	});

	test('publishes a located template-syntax error for a broken file', async () => {
		await client.open('file:///broken.prompt', BROKEN);
		const { diagnostics } = await client.diagnostics('file:///broken.prompt');
		assert.equal(diagnostics.length, 1);
		const [d] = diagnostics;
		assert.equal(d.code, 'template-syntax');
		assert.equal(d.source, 'Prompt Lens');
		assert.equal(d.severity, 1);
		assert.deepEqual(d.range, { start: { line: 4, character: 0 }, end: { line: 4, character: 15 } });
	});

	test('an incremental edit that closes the block clears the error', async () => {
		await client.change('file:///broken.prompt', [{ range: { start: { line: 6, character: 0 }, end: { line: 6, character: 0 } }, text: '{{/if}}\n' }]);
		const published = await client.diagnostics('file:///broken.prompt', (p) => p.version === 2);
		assert.deepEqual(published.diagnostics, []);
	});

	test('document symbols show the frontmatter, each role section and partials', async () => {
		await client.open('file:///valid.prompt', VALID);
		const symbols = (await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: 'file:///valid.prompt' } })) as DocumentSymbol[];
		assert.deepEqual(symbols.map((s) => s.name), ['Frontmatter', 'system', 'user']);
		assert.deepEqual(symbols[0].children?.map((s) => s.name), ['model', 'config']);
		assert.deepEqual(symbols[2].children?.map((s) => s.name), ['> question']);
		assert.deepEqual(symbols[1].selectionRange, { start: { line: 5, character: 0 }, end: { line: 5, character: 17 } });
	});

	test('folding ranges cover the frontmatter, role sections and multi-line blocks', async () => {
		const ranges = await client.connection.sendRequest(FoldingRangeRequest.type, { textDocument: { uri: 'file:///valid.prompt' } });
		const lines = (ranges ?? []).map((r) => `${r.startLine}-${r.endLine}`).sort();
		assert.deepEqual(lines, ['0-4', '10-11', '5-9', '7-9']);
	});

	test('requests for unknown documents answer empty instead of failing', async () => {
		const symbols = await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: 'file:///nope.prompt' } });
		assert.deepEqual(symbols, []);
	});

	test('settings are pulled per document and re-read on change', async () => {
		client.configuration = { maxFileSize: 1000 };
		await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: {} });
		const big = `${'x'.repeat(1500)} {{#if a}}`;
		await client.open('file:///big.prompt', big);
		const { diagnostics } = await client.diagnostics('file:///big.prompt');
		assert.deepEqual(diagnostics.map((d) => d.code), ['file-too-large']);
		client.configuration = {};
		await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: {} });
		const again = await client.diagnostics('file:///big.prompt', (p) => p.diagnostics.some((d) => d.code === 'template-syntax'));
		assert.equal(again.diagnostics.length, 1);
	});

	test('closing a document clears its diagnostics', async () => {
		await client.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: 'file:///big.prompt' } });
		await client.diagnostics('file:///big.prompt', (p) => p.diagnostics.length === 0 && p.version === undefined);
	});
});
