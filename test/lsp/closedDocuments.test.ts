// A closed document leaves nothing behind: 1,000 prompts opened, asked for CodeLens and closed at once, in a server whose
// heap is capped at 96 MB. Before the fix each late answer put its analysis back into the cache and the server ran out of memory.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { spawnServer } from '../support/lspClient';

const DOCUMENTS = 1000;
/** Every this many documents the client waits for one round trip, so a busy machine cannot pile up a backlog of unread messages. */
const BARRIER_EVERY = 25;
const BODY = `Summarize for {{audience}}: {{document}}\n${'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(380)}`;
const PROMPT = `---\nmodel: openai/gpt-4o-mini\ninput:\n  schema:\n    audience: string\n    document: string\n  default:\n    audience: managers\n    document: notes\n---\n${BODY}`;

/** A dead or stuck server must fail the test, not hang it. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<never>(
		(_, reject) =>
			(timer = setTimeout(() => reject(new Error(`the server did not answer within ${ms} ms (${what})`)), ms)),
	);
	return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function rssMb(pid: number): number {
	return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
}

test(
	`${DOCUMENTS} documents of 22 kB opened, asked for CodeLens and closed without waiting: the server stays within a 96 MB heap`,
	{ timeout: 120_000 },
	async (t) => {
		const server = spawnServer(['--max-old-space-size=96']);
		const { connection } = server;
		try {
			await server.initialize();
			let rssAt100 = 0;
			for (let i = 0; i < DOCUMENTS && !server.exit(); i++) {
				const uri = `file:///tmp/closed/doc${i}.prompt`;
				await connection.sendNotification('textDocument/didOpen', {
					textDocument: { uri, languageId: 'dotprompt', version: 1, text: PROMPT },
				});
				void connection.sendRequest('textDocument/codeLens', { textDocument: { uri } }).catch(() => undefined);
				await connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
				if (i % BARRIER_EVERY === 0)
					await within(
						connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } }),
						30_000,
						`no answer after ${i} documents`,
					);
				if (i === 100) rssAt100 = rssMb(server.pid);
			}
			await new Promise((resolve) => setTimeout(resolve, 2000));
			assert.equal(server.exit(), undefined, `the server died: ${server.stderr().slice(-500)}`);
			const symbols = await within(
				connection.sendRequest('textDocument/documentSymbol', {
					textDocument: { uri: 'file:///tmp/closed/doc0.prompt' },
				}),
				30_000,
				'no answer at the end',
			);
			assert.deepEqual(symbols, [], 'a closed document is not analyzed any more');
			t.diagnostic(
				`RSS ${rssAt100.toFixed(0)} MB after 100 documents, ${rssMb(server.pid).toFixed(0)} MB after ${DOCUMENTS}`,
			);
		} finally {
			server.dispose();
		}
	},
);
