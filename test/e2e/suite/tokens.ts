// Extension-host checks for the token/cost features: CodeLens, inlay hints, the model hover, context-overflow.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { type Check, codeOf, lineOf, showDiagnostics, waitFor, workspaceFile } from './harness';

/** `24 tokens · $0.000157/call · 0.2% of 128k` (optionally with `≈ ` and thousands separators). */
const SUMMARY = /\d+ tokens · \$[\d.]+\/call · [\d.]+% of 128k/;
const HOLD_MS = 1_500;

/** Polls an async `probe` until it gives a value; rejects with `describe(last)` after `ms`. */
async function eventually<T>(probe: () => Thenable<T | undefined>, ms: number, describe: () => string): Promise<T> {
	const deadline = Date.now() + ms;
	for (;;) {
		const value = await probe();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error(describe());
		await new Promise((r) => setTimeout(r, 200));
	}
}

/** Details that help a reader of test-output/e2e/extension-host-suite.log (not parsed). */
function info(text: string): void {
	console.log(`[e2e-info] ${text}`);
}

function hoverText(hovers: readonly vscode.Hover[]): string {
	const part = (c: vscode.MarkdownString | vscode.MarkedString): string =>
		typeof c === 'string' ? c : 'value' in c ? c.value : '';
	return hovers.flatMap((h) => h.contents.map(part)).join('\n');
}

function hintLabel(hint: vscode.InlayHint): string {
	return typeof hint.label === 'string' ? hint.label : hint.label.map((p) => p.value).join('');
}

/** ~20,000 words of body: about 20k tokens, more than openai/gpt-3.5-turbo's 16k window. */
function overflowingPrompt(): string {
	const words = 'the quick brown fox jumps over the lazy dog while seven wizards quietly judge boxing matches'.split(' ');
	const body = Array.from({ length: 20_000 }, (_, i) => words[i % words.length]).join(' ');
	return `---\nmodel: openai/gpt-3.5-turbo\n---\n{{role "system"}}\nRepeat after me.\n\n{{role "user"}}\n${body}\n`;
}

const tokensUri = (): vscode.Uri => workspaceFile('tokens.prompt');

async function openTokens(): Promise<vscode.TextDocument> {
	const doc = await vscode.workspace.openTextDocument(tokensUri());
	await vscode.window.showTextDocument(doc, { preview: false });
	return doc;
}

export function tokenChecks(): Check[] {
	const check = (name: string, timeoutMs: number, fn: () => Promise<void>): Check => ({ name, timeoutMs, fn, holdMs: HOLD_MS });
	return [
		check('tokens.prompt: CodeLens at line 1 shows "N tokens · $…/call · …% of 128k"', 30_000, codeLens),
		check('tokens.prompt: inlay hints "N tokens" for the system and the user section', 20_000, inlayHints),
		check('tokens.prompt: hover on model: mentions the Context window', 20_000, modelHover),
		check('context-overflow error for ~20,000 words on openai/gpt-3.5-turbo (16k window)', 30_000, contextOverflow),
	];
}

async function codeLens(): Promise<void> {
	await openTokens();
	let seen = '(none)';
	const lens = await eventually(
		async () => {
			const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', tokensUri())) ?? [];
			seen = lenses.map((l) => `${l.range.start.line + 1}: ${JSON.stringify(l.command?.title)}`).join(' | ') || '(none)';
			return lenses.find((l) => SUMMARY.test(l.command?.title ?? ''));
		},
		28_000,
		() => `no CodeLens matching ${SUMMARY}; lenses: ${seen}`,
	);
	info(`CodeLens: ${lens.command?.title}`);
	assert.equal(lens.range.start.line, 0, 'the summary lens is on line 1');
}

async function inlayHints(): Promise<void> {
	const doc = await openTokens();
	const whole = new vscode.Range(0, 0, doc.lineCount, 0);
	let seen = '(none)';
	const hints = await eventually(
		async () => {
			const all = (await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', tokensUri(), whole)) ?? [];
			seen = all.map((h) => `${h.position.line + 1}:${h.position.character + 1} ${JSON.stringify(hintLabel(h))}`).join(' | ') || '(none)';
			const mine = all.filter((h) => /\d+ tokens$/.test(hintLabel(h)));
			return mine.length >= 2 ? mine : undefined;
		},
		18_000,
		() => `fewer than 2 "N tokens" inlay hints; hints: ${seen}`,
	);
	info(`inlay hints: ${seen}`);
	const [system, user] = [lineOf(doc, '{{role "system"}}'), lineOf(doc, '{{role "user"}}')];
	const lines = hints.map((h) => h.position.line);
	assert.ok(lines.some((l) => l >= system && l < user), `no hint in the system section: ${seen}`);
	assert.ok(lines.some((l) => l >= user), `no hint in the user section: ${seen}`);
}

async function modelHover(): Promise<void> {
	const doc = await openTokens();
	const at = new vscode.Position(lineOf(doc, 'model:'), 2);
	let seen = '';
	await eventually(
		async () => {
			const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', tokensUri(), at)) ?? [];
			seen = hoverText(hovers);
			return seen.includes('Context window') ? true : undefined;
		},
		15_000,
		() => `no hover with "Context window" at ${at.line + 1}:${at.character + 1}; hover text: ${JSON.stringify(seen)}`,
	);
	info(`model hover: ${JSON.stringify(seen)}`);
	// Show it in the editor too, for the screenshot the outer harness takes.
	const editor = vscode.window.activeTextEditor;
	if (editor) editor.selection = new vscode.Selection(at, at);
	await vscode.commands.executeCommand('editor.action.showHover');
}

async function contextOverflow(): Promise<void> {
	const doc = await vscode.workspace.openTextDocument({ language: 'dotprompt', content: overflowingPrompt() });
	await vscode.window.showTextDocument(doc, { preview: false });
	const now = (): string => showDiagnostics(vscode.languages.getDiagnostics(doc.uri));
	const [d] = await waitFor(
		() => {
			const found = vscode.languages.getDiagnostics(doc.uri).filter((x) => codeOf(x) === 'context-overflow');
			return found.length > 0 ? found : undefined;
		},
		28_000,
		() => `no context-overflow diagnostic; diagnostics: ${now()}`,
	);
	info(`context-overflow: ${showDiagnostics([d])}`);
	assert.equal(d.severity, vscode.DiagnosticSeverity.Error, 'severity');
	assert.equal(d.range.start.line, 1, `on the model: line (line 2): ${showDiagnostics([d])}`);
}
