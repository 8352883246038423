// The migration report's server side: promptLens/migration for files on disk, and "Check the replacement…" next to the
// deprecated-model and unpinned-model fixes — only for a client that can run prompts (VS Code's says runLens).
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { CodeActionRequest, type CodeAction, type Command } from 'vscode-languageserver-protocol/node';
import { MigrationRequest } from '../../server/src/protocol';
import { inProcessServer, type TestClient } from '../support/lspClient';

// gpt-4o is retired by OpenAI on 2027-01-14 (the catalog overlay), so this prompt gets deprecated-model with a fix.
const RETIRING = '---\nmodel: openai/gpt-4o-2024-08-06\n---\nSummarize {{text}}.\n';
const UNPINNED = '---\nmodel: openai/gpt-5.4-mini\n---\nSummarize {{text}}.\n';

async function actionsAt(client: TestClient, uri: string): Promise<(CodeAction | Command)[]> {
	const at = { start: { line: 1, character: 10 }, end: { line: 1, character: 10 } };
	return (
		(await client.connection.sendRequest(CodeActionRequest.type, {
			textDocument: { uri },
			range: at,
			context: { diagnostics: [] },
		})) ?? []
	);
}

describe('migration over LSP', () => {
	let vscodeLike: TestClient;
	let neovimLike: TestClient;
	let dir: string;
	before(async () => {
		dir = mkdtempSync(join(tmpdir(), 'prompt-lens-lsp-migration-'));
		writeFileSync(join(dir, 'retiring.prompt'), RETIRING);
		writeFileSync(join(dir, 'broken.prompt'), '---\nmodel: openai/gpt-4o-2024-08-06\n---\n{{#if x}}never closed\n');
		vscodeLike = inProcessServer();
		await vscodeLike.initialize({ workspace: { configuration: true } }, { runLens: true });
		neovimLike = inProcessServer();
		await neovimLike.initialize();
		for (const client of [vscodeLike, neovimLike]) {
			await client.open('file:///w/retiring.prompt', RETIRING);
			await client.open('file:///w/unpinned.prompt', UNPINNED);
		}
	});
	after(async () => {
		await vscodeLike.shutdown();
		await neovimLike.shutdown();
	});

	test('the report rows for files on disk: both models, the ratio, what changes; a broken prompt is a row', async () => {
		const uris = ['retiring.prompt', 'broken.prompt'].map((f) => pathToFileURL(join(dir, f)).href);
		const answer = await vscodeLike.connection.sendRequest(MigrationRequest, {
			uris,
			to: 'openai/gpt-5.4-mini-2026-03-17',
		});
		assert.ok('rows' in answer, JSON.stringify(answer));
		const [retiring, broken] = answer.rows;
		assert.equal(retiring.prompt, 'retiring.prompt');
		assert.equal(retiring.from?.model, 'openai/gpt-4o-2024-08-06');
		assert.equal(retiring.to?.model, 'openai/gpt-5.4-mini-2026-03-17');
		assert.ok(retiring.costRatio !== undefined && retiring.costRatio > 0);
		assert.match(broken.error ?? '', /not analyzed/);
		const none = await vscodeLike.connection.sendRequest(MigrationRequest, { uris: ['untitled:x'], to: 'a/b' });
		assert.deepEqual(none, { error: 'no prompt files on disk to report on' });
	});

	test('deprecated-model and unpinned-model offer "Check the replacement…" with the model the fix would write', async () => {
		for (const [uri, from, to] of [
			['file:///w/retiring.prompt', 'openai/gpt-4o-2024-08-06', /^openai\/gpt-/],
			['file:///w/unpinned.prompt', 'openai/gpt-5.4-mini', /^openai\/gpt-5\.4-mini-\d{4}-\d{2}-\d{2}$/],
		] as const) {
			const actions = await actionsAt(vscodeLike, uri);
			const check = actions.find((a) => a.title.startsWith('Check the replacement…')) as CodeAction | undefined;
			assert.ok(check?.command, JSON.stringify(actions.map((a) => a.title)));
			assert.equal(check.command.command, 'promptLens.checkReplacement');
			const [target, model] = check.command.arguments as [string, string];
			assert.equal(target, uri);
			assert.match(model, to);
			assert.notEqual(model, from);
			assert.ok(check.title.includes(model) && check.title.includes(from), check.title);
		}
	});

	test('a client that cannot run prompts (Neovim, Emacs) gets the fixes without the check', async () => {
		const actions = await actionsAt(neovimLike, 'file:///w/retiring.prompt');
		assert.ok(
			actions.some((a) => a.title.startsWith('Replace with')),
			JSON.stringify(actions.map((a) => a.title)),
		);
		assert.ok(!actions.some((a) => a.title.startsWith('Check the replacement')));
	});
});
