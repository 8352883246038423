// Quick fixes and fix-all through the LSP.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CodeActionRequest } from 'vscode-languageserver-protocol/node';
import { inProcessServer, type TestClient } from '../support/lspClient';

const URI = 'file:///roles.prompt';
const TEXT = '{{#role "system"}}You are kind.{{/role}}\n{{role "assistant"}}Earlier answer.\n';

describe('code actions', () => {
	let client: TestClient;
	before(async () => {
		client = inProcessServer();
		await client.initialize();
		await client.open(URI, TEXT);
	});
	after(async () => client.shutdown());

	test('a quick fix rewrites the block role, with its diagnostic attached', async () => {
		const actions = await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: URI }, range: { start: { line: 0, character: 2 }, end: { line: 0, character: 2 } }, context: { diagnostics: [] } });
		const action = actions?.find((a) => 'title' in a && a.title === 'Rewrite as {{role "system"}}');
		assert.ok(action && 'edit' in action, JSON.stringify(actions));
		assert.equal(action.diagnostics?.[0].code, 'block-role');
		assert.deepEqual(action.edit?.changes?.[URI].map((e) => e.newText), ['{{role "system"}}', '']);
	});

	test('source.fixAll.promptLens applies every first fix at once', async () => {
		const actions = await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: URI }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ['source.fixAll'] } });
		assert.equal(actions?.length, 1);
		const edits = (actions![0] as { edit: { changes: Record<string, { newText: string }[]> } }).edit.changes[URI];
		assert.deepEqual(edits.map((e) => e.newText).sort(), ['', 'model', '{{role "system"}}']);
	});
});
