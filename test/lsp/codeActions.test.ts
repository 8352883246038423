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

	test('fixes from the deferred phase (unused-input) are offered too, but fix-all leaves such suggestions alone', async () => {
		const uri = 'file:///unused.prompt';
		await client.open(uri, '---\ninput:\n  schema:\n    question: string\n    extra: string\n---\n{{question}}\n');
		const at = { start: { line: 4, character: 5 }, end: { line: 4, character: 5 } };
		const actions = await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: at, context: { diagnostics: [] } });
		const remove = actions?.find((a) => 'title' in a && a.title === 'Remove `extra` from input.schema');
		assert.ok(remove && 'edit' in remove, JSON.stringify(actions));
		assert.deepEqual(remove.edit?.changes?.[uri], [{ range: { start: { line: 4, character: 0 }, end: { line: 5, character: 0 } }, newText: '' }]);
		const all = await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: at, context: { diagnostics: [], only: ['source.fixAll'] } });
		assert.deepEqual(all, []);
	});
});
