// Completion through the LSP: ranges, edits, snippet format, the catalog from settings and partial names read from disk.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { CompletionItemKind, CompletionItemTag, CompletionRequest, InsertTextFormat, type CompletionItem, type Position, type TextEdit } from 'vscode-languageserver-protocol/node';
import { plainText } from '../../server/src/lsp/completion';
import { inProcessServer, type TestClient } from '../support/lspClient';

describe('completion', () => {
	let client: TestClient;
	let dir: string;
	let count = 0;

	before(async () => {
		dir = mkdtempSync(join(tmpdir(), 'prompt-lens-complete-'));
		writeFileSync(join(dir, '_footer.prompt'), 'Thanks!');
		writeFileSync(join(dir, '_footer.short.prompt'), 'Thx');
		writeFileSync(join(dir, 'other.prompt'), 'not a partial');
		mkdirSync(join(dir, 'cards'));
		writeFileSync(join(dir, 'cards', '_user.prompt'), '{{name}}');
		client = inProcessServer();
		client.configuration = { models: [{ id: 'house-model', provider: 'house', inputPerMTok: 1, outputPerMTok: 2, contextWindow: 32000 }] };
		await client.initialize({ workspace: { configuration: true }, textDocument: { completion: { completionItem: { snippetSupport: true } } } });
	});
	after(async () => {
		await client.shutdown();
		rmSync(dir, { recursive: true, force: true });
	});

	/** Opens `marked` (cursor at `|`) as a new file in the temp folder and asks for completion there. */
	async function complete(marked: string): Promise<{ items: CompletionItem[]; position: Position; text: string }> {
		const offset = marked.indexOf('|');
		const text = marked.slice(0, offset) + marked.slice(offset + 1);
		const before = text.slice(0, offset).split('\n');
		const position = { line: before.length - 1, character: before[before.length - 1].length };
		const uri = pathToFileURL(join(dir, `main${count++}.prompt`)).href;
		await client.open(uri, text);
		const result = await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position });
		const items = Array.isArray(result) ? result : (result?.items ?? []);
		return { items, position, text };
	}

	function find(items: CompletionItem[], label: string): CompletionItem & { textEdit: TextEdit } {
		const item = items.find((i) => i.label === label);
		assert.ok(item?.textEdit && 'range' in item.textEdit, `no ${label} with a text edit among ${items.slice(0, 20).map((i) => i.label).join(', ')}`);
		return item as CompletionItem & { textEdit: TextEdit };
	}

	test('a config key: its range covers the typed letters and the snippet is marked as one', async () => {
		const { items } = await complete('---\nmodel: openai/gpt-4o\nconfig:\n  tem|\n---\nHi\n');
		const item = find(items, 'temperature');
		assert.deepEqual(item.textEdit.range, { start: { line: 3, character: 2 }, end: { line: 3, character: 5 } });
		assert.equal(item.textEdit.newText, 'temperature: ${1:0.7}');
		assert.equal(item.insertTextFormat, InsertTextFormat.Snippet);
		assert.equal(item.kind, CompletionItemKind.Property);
		assert.equal(typeof item.documentation === 'object' && item.documentation.kind, 'markdown');
	});

	test('model names come from the catalog, including models from the settings', async () => {
		const { items } = await complete('---\nmodel: gp|\n---\nHi\n');
		const gpt = find(items, 'openai/gpt-4o');
		assert.deepEqual(gpt.textEdit.range, { start: { line: 1, character: 7 }, end: { line: 1, character: 9 } });
		assert.equal(gpt.insertTextFormat, InsertTextFormat.PlainText);
		assert.match(gpt.detail ?? '', /per MTok/);
		assert.match(find(items, 'house/house-model').detail ?? '', /^\$1\.00 in \/ \$2\.00 out per MTok · 32k context$/);
		assert.ok(items.some((i) => i.tags?.includes(CompletionItemTag.Deprecated)), 'deprecated models are tagged');
	});

	test('after {{# a block snippet that replaces the auto-closed braces', async () => {
		const { items } = await complete('{{#|}}');
		const each = find(items, 'each');
		assert.deepEqual(each.textEdit.range, { start: { line: 0, character: 2 }, end: { line: 0, character: 5 } });
		assert.equal(each.textEdit.newText, '#each ${1:items}}}\n\t$0\n{{/each}}');
		assert.equal(each.filterText, '#each');
	});

	test('partial names are read from the prompt\'s folder and one level below', async () => {
		const { items } = await complete('Hello {{> |}}');
		assert.deepEqual(items.map((i) => i.label), ['cards/user', 'footer']);
		assert.deepEqual(find(items, 'footer').textEdit.range, { start: { line: 0, character: 10 }, end: { line: 0, character: 10 } });
		assert.equal(find(items, 'cards/user').kind, CompletionItemKind.File);
	});

	test('variables from the input schema, with UTF-16 ranges after non-ASCII text', async () => {
		const { items } = await complete('---\ninput:\n  schema:\n    city: string\n---\nWetter in 🌦 {{ci|}}');
		const city = find(items, 'city');
		assert.deepEqual(city.textEdit.range, { start: { line: 5, character: 15 }, end: { line: 5, character: 17 } });
		assert.equal(city.kind, CompletionItemKind.Variable);
	});

	test('nothing in plain text', async () => {
		const { items } = await complete('Hello |there');
		assert.deepEqual(items, []);
	});
});

test('clients without snippet support get the text a snippet inserts, placeholders at their defaults', () => {
	assert.equal(plainText('#each ${1:items}}}\n\t$0\n{{/each}}'), '#each items}}\n\t\n{{/each}}');
	assert.equal(plainText('role "${1|system,user,model,tool|}"}}'), 'role "system"}}');
	assert.equal(plainText('json ${1:value}}}$0'), 'json value}}');
});
