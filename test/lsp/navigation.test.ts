// Go to definition, find references, rename and doc hovers through the LSP, on prompts in a temp folder with a partial.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { DefinitionRequest, HoverRequest, PrepareRenameRequest, ReferencesRequest, RenameRequest, type Position } from 'vscode-languageserver-protocol/node';
import { inProcessServer, type TestClient } from '../support/lspClient';

const MAIN = [
	'---',
	'input:',
	'  schema:',
	'    user(object):',
	'      name: string, the customer\'s first name',
	'    orders(array):',
	'      total: number',
	'---',
	'Hello {{user.name}}!',
	'{{#each orders}}{{total}} {{/each}}',
	'{{> card}}',
	'{{#if user}}{{json user}}{{/if}}',
].join('\n');
const CARD = 'Signed for {{user.name}}.';

/** The position of the `n`-th occurrence (0-based) of `needle` in `text`, plus `shift` characters. */
function at(text: string, needle: string, n = 0, shift = 1): Position {
	let index = -1;
	for (let i = 0; i <= n; i++) index = text.indexOf(needle, index + 1);
	assert.ok(index >= 0, `${needle} not found`);
	const before = text.slice(0, index + shift).split('\n');
	return { line: before.length - 1, character: before[before.length - 1].length };
}

describe('navigation', () => {
	let client: TestClient;
	let dir: string;
	let uri: string;
	let cardUri: string;
	before(async () => {
		dir = mkdtempSync(join(tmpdir(), 'prompt-lens-nav-'));
		writeFileSync(join(dir, 'main.prompt'), MAIN);
		writeFileSync(join(dir, '_card.prompt'), CARD);
		uri = pathToFileURL(join(dir, 'main.prompt')).href;
		cardUri = pathToFileURL(join(dir, '_card.prompt')).href;
		client = inProcessServer();
		await client.initialize();
		await client.open(uri, MAIN);
	});
	after(async () => {
		await client.shutdown();
		rmSync(dir, { recursive: true, force: true });
	});

	test('definition of a variable is its schema entry; of a nested field, the nested entry', async () => {
		const location = await client.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri }, position: at(MAIN, 'user.name', 0, 7) });
		assert.deepEqual(location, { uri, range: { start: { line: 4, character: 6 }, end: { line: 4, character: 10 } } });
		const each = await client.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri }, position: at(MAIN, '{{total}}', 0, 3) });
		assert.deepEqual(each, { uri, range: { start: { line: 6, character: 6 }, end: { line: 6, character: 11 } } });
	});

	test('definition of a partial is its file', async () => {
		const location = await client.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri }, position: at(MAIN, 'card}}', 0, 1) });
		assert.equal((location as { uri: string }).uri, cardUri);
	});

	test('references of user.name: the declaration, the template and the partial', async () => {
		const found = await client.connection.sendRequest(ReferencesRequest.type, { textDocument: { uri }, position: at(MAIN, 'name: string'), context: { includeDeclaration: true } });
		const where = (found ?? []).map((l) => `${l.uri === uri ? 'main' : l.uri === cardUri ? 'card' : l.uri}:${l.range.start.line}:${l.range.start.character}`).sort();
		assert.deepEqual(where, ['card:0:18', 'main:4:6', 'main:8:13']);
	});

	test('rename of `user` edits the schema key, every template use and the partial', async () => {
		const prepared = await client.connection.sendRequest(PrepareRenameRequest.type, { textDocument: { uri }, position: at(MAIN, '{{json user', 0, 8) });
		assert.deepEqual(prepared, { range: { start: { line: 11, character: 19 }, end: { line: 11, character: 23 } }, placeholder: 'user' });
		const edit = await client.connection.sendRequest(RenameRequest.type, { textDocument: { uri }, position: at(MAIN, '{{json user', 0, 8), newName: 'customer' });
		const changes = edit?.changes ?? {};
		assert.deepEqual(changes[uri].map((e) => `${e.range.start.line}:${e.range.start.character}`).sort(), ['11:19', '11:6', '3:4', '8:8']);
		assert.deepEqual(changes[cardUri].map((e) => `${e.range.start.line}:${e.range.start.character}`), ['0:13']);
		assert.ok(Object.values(changes).flat().every((e) => e.newText === 'customer'));
	});

	test('rename refuses names a template cannot use, and places that are not variables', async () => {
		await assert.rejects(client.connection.sendRequest(RenameRequest.type, { textDocument: { uri }, position: at(MAIN, 'user.name'), newName: 'first name' }), /not a name/);
		await assert.rejects(client.connection.sendRequest(PrepareRenameRequest.type, { textDocument: { uri }, position: at(MAIN, 'Hello') }), /Only input variables/);
	});

	test('hover on a variable shows its schema type and description; on a helper, its docs', async () => {
		const variable = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: at(MAIN, 'user.name', 0, 7) });
		assert.match(JSON.stringify(variable?.contents), /user\.name.*string.*first name/);
		const helper = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: at(MAIN, 'each', 0, 1) });
		assert.match(JSON.stringify(helper?.contents), /each/);
	});
});
