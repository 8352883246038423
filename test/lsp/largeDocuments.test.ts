// Documents over LIVE_PARSE_LIMIT are parsed by the runner, not on the request path: the same diagnostics, outline,
// folding and lenses as a small document gets, and hover still answers.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CodeLensRequest, CompletionRequest, DocumentSymbolRequest, FoldingRangeRequest, HoverRequest, ReferencesRequest } from 'vscode-languageserver-protocol/node';
import type { MarkupContent } from 'vscode-languageserver-protocol/node';
import { LIVE_PARSE_LIMIT } from '../../server/src/lsp/analyses';
import { inProcessServer, spawnServer, type TestClient } from '../support/lspClient';

const SECTION = '{{role "user"}}\nSummarize this for {{audience}}.\n{{#if audience}}\nBe brief.\n{{/if}}\n';
const HEAD = '---\nmodel: openai/gpt-4o-mini\ninput:\n  default:\n    audience: engineers\n---\n';
/** Over the limit, and broken on its second-last line (a block closed that was never opened). */
const LARGE = `${HEAD}${SECTION.repeat(Math.ceil(LIVE_PARSE_LIMIT / SECTION.length))}x{{/nope}}\n{{unknownVar}}\n`;
const lastLine = LARGE.split('\n').length - 2;

describe('a document over LIVE_PARSE_LIMIT (in process)', () => {
	let client: TestClient;
	const uri = 'file:///large.prompt';
	before(async () => {
		client = inProcessServer();
		await client.initialize({ workspace: { configuration: true } });
		await client.open(uri, LARGE);
	});
	after(async () => client.shutdown());

	test('its diagnostics are published, located on the broken line', async () => {
		const { diagnostics } = await client.diagnostics(uri, (p) => p.diagnostics.length > 0, 60_000);
		assert.ok(LARGE.length > LIVE_PARSE_LIMIT);
		assert.ok(diagnostics.some((d) => d.severity === 1 && d.range.start.line === lastLine - 1), JSON.stringify(diagnostics));
	});

	test('outline and folding ranges come back from the runner', async () => {
		const symbols = await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } });
		assert.ok((symbols?.length ?? 0) > 100, `${symbols?.length} symbols`);
		const folds = await client.connection.sendRequest(FoldingRangeRequest.type, { textDocument: { uri } });
		assert.ok((folds?.length ?? 0) > 100, `${folds?.length} folding ranges`);
	});

	test('an edit is published for its own version, and hover parses on demand', async () => {
		const at = { line: lastLine, character: 0 };
		await client.change(uri, [{ range: { start: at, end: { line: lastLine, character: 14 } }, text: '{{audience}}' }]);
		const { diagnostics } = await client.diagnostics(uri, (p) => p.version === 2, 60_000);
		assert.ok(diagnostics.length > 0);
		const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 1, character: 2 } });
		assert.match((hover?.contents as MarkupContent | undefined)?.value ?? '', /model/i);
	});
});

describe('a document over LIVE_PARSE_LIMIT (dist/server.js, on the worker)', () => {
	test('diagnostics and the CodeLens arrive; a fixed document renders and is counted', async () => {
		const server = spawnServer();
		try {
			await server.initialize();
			const uri = 'file:///large.prompt';
			const published = new Promise<{ diagnostics: { range: { start: { line: number } } }[] }>((resolve) => server.connection.onNotification('textDocument/publishDiagnostics', (p) => {
				if (p.uri === uri) resolve(p);
			}));
			const fixed = LARGE.replace('x{{/nope}}', 'x');
			await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dotprompt', version: 1, text: fixed } });
			await published;
			const lenses = await server.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } });
			assert.match(lenses?.[0]?.command?.title ?? '', /^[\d,.k]+ tokens/);
			// Hover, completion and references are answered by the worker, from its parse.
			const position = { line: 7, character: 22 };
			const key = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 2, character: 2 } });
			assert.match((key?.contents as MarkupContent | undefined)?.value ?? '', /^\*\*input\*\*/);
			const found = await server.connection.sendRequest(ReferencesRequest.type, { textDocument: { uri }, position, context: { includeDeclaration: true } });
			assert.ok((found?.length ?? 0) > 1000, `${found?.length} references`);
			const items = await server.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position });
			assert.ok((Array.isArray(items) ? items : items?.items ?? []).some((i) => i.label === 'audience'));
		} finally {
			server.dispose();
		}
	});
});
