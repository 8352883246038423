// The language server never exits, whatever it is sent: hostile shapes and mutated real prompts, opened, edited, asked
// for everything a client asks, and closed (some before the answers came) — against the shipped dist/server.js.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { ProtocolConnection } from 'vscode-languageserver-protocol/node';
import { hostilePrompt, mutatedSeed } from '../support/hostilePrompts';
import { spawnServer } from '../support/lspClient';

const REQUESTS = [
	'textDocument/codeLens',
	'textDocument/documentSymbol',
	'textDocument/foldingRange',
	'textDocument/inlayHint',
	'textDocument/hover',
	'textDocument/completion',
	'textDocument/codeAction',
	'textDocument/definition',
];

const session = fc.record({
	text: fc.oneof(hostilePrompt(300), mutatedSeed),
	edit: fc.tuple(fc.nat(), fc.nat({ max: 20 }), fc.constantFrom('', '{{', '}}', '---\n', 'x', '{{#if a}}', '\n')),
	line: fc.nat({ max: 40 }),
	character: fc.nat({ max: 80 }),
	closeEarly: fc.boolean(),
});

function params(method: string, uri: string, line: number, character: number): object {
	const position = { line, character };
	const range = { start: { line: 0, character: 0 }, end: position };
	if (method === 'textDocument/inlayHint') return { textDocument: { uri }, range };
	if (method === 'textDocument/codeAction') return { textDocument: { uri }, range, context: { diagnostics: [] } };
	if (method.endsWith('Symbol') || method.endsWith('Range') || method.endsWith('Lens'))
		return { textDocument: { uri } };
	return { textDocument: { uri }, position };
}

type Session = { text: string; edit: [number, number, string]; line: number; character: number; closeEarly: boolean };

async function exercise(connection: ProtocolConnection, uri: string, run: Session): Promise<void> {
	await connection.sendNotification('textDocument/didOpen', {
		textDocument: { uri, languageId: 'dotprompt', version: 1, text: run.text },
	});
	const [at, cut, insert] = run.edit;
	const start = at % (run.text.length + 1);
	const lines = run.text.slice(0, start).split('\n');
	const from = { line: lines.length - 1, character: lines[lines.length - 1].length };
	await connection.sendNotification('textDocument/didChange', {
		textDocument: { uri, version: 2 },
		contentChanges: [{ range: { start: from, end: from }, text: insert.repeat(Math.max(1, cut % 3)) }],
	});
	const answers = REQUESTS.map((method) =>
		connection.sendRequest(method, params(method, uri, run.line, run.character)).catch(() => undefined),
	);
	if (run.closeEarly) await connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
	await Promise.all(answers);
	if (!run.closeEarly) await connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
}

test(
	'dist/server.js never exits: open, edit, every request, close, on hostile and mutated prompts',
	{ timeout: 240_000 },
	async () => {
		const server = spawnServer();
		const { connection } = server;
		try {
			await server.initialize();
			let n = 0;
			await fc.assert(
				fc.asyncProperty(session, async (run) => {
					await exercise(connection, `file:///tmp/fuzz/p${n++}.prompt`, run);
					assert.equal(
						server.exit(),
						undefined,
						`the server exited (${server.exit()}) on:\n${JSON.stringify(run.text.slice(0, 500))}\n${server.stderr().slice(-1000)}`,
					);
				}),
				{ numRuns: 200 },
			);
			await connection.sendRequest('shutdown');
			await connection.sendNotification('exit');
			await new Promise((resolve) => setTimeout(resolve, 500));
			assert.equal(server.exit(), 'exit 0 null', server.stderr().slice(-1000));
		} finally {
			server.dispose();
		}
	},
);
