// Tokens, cost and windows through the LSP: CodeLens, hovers, inlay hints, budget diagnostics and the status request.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CodeLensRequest, HoverRequest, InlayHintRequest, type MarkupContent } from 'vscode-languageserver-protocol/node';
import { PromptStatusRequest } from '../../server/src/protocol';
import { inProcessServer, type TestClient } from '../support/lspClient';

const PROMPT = [
	'---',
	'model: openai/gpt-4o-mini',
	'config:',
	'  maxOutputTokens: 256',
	'promptLens.compare: [openai/gpt-4o]',
	'---',
	'{{role "system"}}',
	'You are a concise assistant.',
	'{{role "user"}}',
	'Summarize: {{text}}',
	'',
].join('\n');

const whole = { start: { line: 0, character: 0 }, end: { line: 20, character: 0 } };

/** These tests are about budgets on well-known models (gpt-4o, gpt-4o-mini); their retirement notices are another rule's subject. */
const FOCUS = { lint: { rules: { 'deprecated-model': 'off', 'unpinned-model': 'off' } } };

describe('estimates over LSP', () => {
	let client: TestClient;
	before(async () => {
		client = inProcessServer();
		client.configuration = FOCUS;
		await client.initialize({ workspace: { configuration: true } });
		await client.open('file:///estimate.prompt', PROMPT);
	});
	after(async () => client.shutdown());

	test('the CodeLens shows exact tokens, cost per call and window use for an OpenAI model', async () => {
		const lenses = await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: 'file:///estimate.prompt' } });
		assert.equal(lenses?.length, 1);
		assert.match(lenses![0].command!.title, /^\d+ tokens · \$0\.000\d+\/call · 0\.\d+% of 128k$/);
		assert.match(lenses![0].command!.tooltip ?? '', /256 output tokens \(config\.maxOutputTokens\); prices from .+, \d{4}-\d{2}-\d{2}/);
	});

	test('hovering the model shows prices, window, source and the comparison with its target', async () => {
		const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: 'file:///estimate.prompt' }, position: { line: 1, character: 10 } });
		const text = (hover?.contents as MarkupContent).value;
		assert.match(text, /Context window: 128k/);
		assert.match(text, /input \$0\.15 · output \$0\.60/);
		assert.match(text, /openai\/gpt-4o.*input 17×, output 17×, window 128k → 128k/);
		assert.match(text, /Prices: .+, \d{4}-\d{2}-\d{2}/);
	});

	test('hovering a role section shows its tokens and the whole prompt', async () => {
		const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: 'file:///estimate.prompt' }, position: { line: 7, character: 3 } });
		const text = (hover?.contents as MarkupContent).value;
		assert.match(text, /^\*\*system\*\* section: \d+ tokens/);
		assert.match(text, /Whole prompt on openai\/gpt-4o-mini: \d+ input \+ 256 output tokens/);
		assert.match(text, /1 variable has no default: counted as empty \(`text`\)/);
	});

	test('inlay hints count each role section', async () => {
		const hints = await client.connection.sendRequest(InlayHintRequest.type, { textDocument: { uri: 'file:///estimate.prompt' }, range: whole });
		assert.deepEqual(hints?.map((h) => [h.position.line, /^\d+ tokens$/.test(String(h.label))]), [[7, true], [9, true]]);
		// Only the sections that end in the range the editor shows (a 5 MB prompt has tens of thousands).
		const firstOnly = { start: { line: 0, character: 0 }, end: { line: 8, character: 0 } };
		const shown = await client.connection.sendRequest(InlayHintRequest.type, { textDocument: { uri: 'file:///estimate.prompt' }, range: firstOnly });
		assert.deepEqual(shown?.map((h) => h.position.line), [7]);
	});

	test('inlay hints can be turned off', async () => {
		client.configuration = { ...FOCUS, inlayHints: false };
		await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
		const hints = await client.connection.sendRequest(InlayHintRequest.type, { textDocument: { uri: 'file:///estimate.prompt' }, range: whole });
		assert.deepEqual(hints, []);
		client.configuration = FOCUS;
		await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
	});

	test('the status request summarises the prompt for the client', async () => {
		const status = await client.connection.sendRequest(PromptStatusRequest, { uri: 'file:///estimate.prompt' });
		assert.match(status?.text ?? '', /^\d+ tokens · \$[\d.]+\/call$/);
		assert.match(status?.detail ?? '', /^[\d.]+% of 128k · 256 max output$/);
		assert.equal(status?.severity, 'info');
	});

	test('an unknown model is a warning with a did-you-mean', async () => {
		await client.open('file:///unknown.prompt', '---\nmodel: openai/gpt-4o-mnii\n---\nHi\n');
		const { diagnostics } = await client.diagnostics('file:///unknown.prompt', (p) => p.diagnostics.length > 0);
		assert.deepEqual(diagnostics.map((d) => d.code), ['unknown-model']);
		assert.match(String(diagnostics[0].message), /Did you mean `(openai\/)?gpt-4o-mini`/);
		assert.deepEqual(diagnostics[0].range, { start: { line: 1, character: 7 }, end: { line: 1, character: 25 } });
	});

	test('a prompt that cannot fit the window is an error, for the model and for a comparison target', async () => {
		const big = 'word '.repeat(20_000);
		await client.open('file:///overflow.prompt', `---\nmodel: openai/gpt-4o\npromptLens.compare: [openai/gpt-3.5-turbo]\n---\n${big}\n`);
		const { diagnostics } = await client.diagnostics('file:///overflow.prompt', (p) => p.diagnostics.length > 0);
		const codes = diagnostics.map((d) => `${d.code}@${d.range.start.line}`);
		assert.ok(codes.includes('context-overflow@2'), codes.join(', '));
		assert.ok(!codes.some((c) => c.endsWith('@1')), `gpt-4o has room: ${codes.join(', ')}`);
	});

	test('near the limit is a warning', async () => {
		client.configuration = { ...FOCUS, contextWarningThreshold: 0.1 };
		await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
		const big = 'word '.repeat(20_000);
		await client.open('file:///near.prompt', `---\nmodel: openai/gpt-4o\n---\n${big}\n`);
		const { diagnostics } = await client.diagnostics('file:///near.prompt', (p) => p.diagnostics.length > 0);
		assert.deepEqual(diagnostics.map((d) => d.code), ['context-near-limit']);
		client.configuration = FOCUS;
	});
});
