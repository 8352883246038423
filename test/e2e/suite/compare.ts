// Extension-host checks for the compare view: compare.prompt on mock/mock-small and mock/mock-large against the local mock
// OpenAI server — two columns with metrics, the webview's ready handshake, save / reopen / export, refused messages, no key written.
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { startMockOpenAI, type MockOpenAI } from '../../support/mockOpenAI';
import { type Check, workspaceFile } from './harness';

const EXTENSION_ID = 'prompt-lens.prompt-lens';
const KEY = 'sk-e2e-compare-3b9d7e1a4c6f28d0';
const ANSWER = 'Echo: Name one sight worth seeing in Lisbon.';
const HOLD_MS = 2_000;

/** The parts of the compare state this suite reads (media/shared/compareMessages.ts has the full types). */
interface RunResultLike {
	status: string;
	output: string;
	totalMs: number;
	firstTokenMs?: number;
	usage?: { inputTokens: number; outputTokens: number };
	cost?: number;
	finishReason?: string;
}
interface StateLike {
	prompt: { name: string; path?: string };
	columns: { id: string; target: { model: string }; runs: { phase: string; output: string; result?: RunResultLike }[] }[];
	vote?: string;
	notice?: { level: string; message: string };
}
interface Probe {
	state(): StateLike;
	readonly visible: boolean;
	readonly viewColumn: vscode.ViewColumn | undefined;
	reveal(): void;
	readonly handshakes: number;
	readonly posted: number;
	receive(message: unknown): Promise<string | undefined>;
	idle(): Promise<void>;
}
interface Api {
	comparePanels(): Probe[];
}

let mock: MockOpenAI | undefined;
let savedFile: string | undefined;
const compareUri = (): vscode.Uri => workspaceFile('compare.prompt');

function info(text: string): void {
	console.log(`[e2e-info] ${text}`);
}

async function eventually<T>(probe: () => Thenable<T | undefined> | T | undefined, ms: number, describe: () => string): Promise<T> {
	const deadline = Date.now() + ms;
	for (;;) {
		const value = await probe();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error(describe());
		await new Promise((r) => setTimeout(r, 200));
	}
}

function api(): Api {
	const exports = vscode.extensions.getExtension<Api>(EXTENSION_ID)?.exports;
	assert.ok(exports?.comparePanels, 'the extension exports no comparePanels()');
	return exports;
}

/** The newest compare panel (the suite opens them one after another). */
function panel(): Probe {
	const panels = api().comparePanels();
	assert.ok(panels.length > 0, 'no compare panel is open');
	return panels[panels.length - 1];
}

function summary(state: StateLike): string {
	return state.columns.map((c) => `${c.target.model}: ${c.runs.map((r) => `${r.phase} ${JSON.stringify(r.output)} ${r.result ? `${r.result.totalMs} ms, ${JSON.stringify(r.result.usage)}, $${r.result.cost}` : ''}`).join('; ')}`).join(' | ');
}

export function compareChecks(): Check[] {
	const check = (name: string, timeoutMs: number, fn: () => Promise<void>, holdMs?: number): Check => ({ name, timeoutMs, fn, holdMs });
	return [
		check('compare: a user-level provider "mock" on the mock server, prices for mock-small and mock-large, a key', 20_000, configure),
		check('compare.prompt: a ⇄ Compare CodeLens after ▶ Run', 30_000, compareLens),
		check('compare.prompt: promptLens.compare runs mock-small and mock-large side by side, each column with its metrics', 60_000, compareTwo),
		check('compare: the panel\'s webview said ready and got the state', 30_000, handshake, HOLD_MS),
		check('compare: hidden behind an editor and shown again, the webview asks again and gets the same state', 30_000, hideAndShow),
		check('compare: save writes .prompt-lens/compare/compare-*.json (inputs, outputs, metrics, vote; no key)', 20_000, save),
		check('compare: promptLens.openComparison reopens the saved comparison in a panel', 20_000, reopen),
		check('compare: export opens a Markdown report with the summary table and both answers', 20_000, exportMarkdown),
		check('compare: malformed messages, command: and javascript: links from the webview are refused', 20_000, refused),
		check('compare: both runs are in the run history; the key is in no file under .prompt-lens', 20_000, historyAndKey),
		check('compare: clean up (panels closed, mock server stopped, settings removed)', 20_000, cleanUp),
	];
}

/** Lines of the run history before these checks: earlier checks (the migration report) also run compare.prompt. */
let historyBefore = 0;

function historyLines(): string[] {
	const file = workspaceFile('.prompt-lens/runs.jsonl').fsPath;
	return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '') : [];
}

async function configure(): Promise<void> {
	historyBefore = historyLines().length;
	mock = await startMockOpenAI();
	info(`mock OpenAI server for compare at ${mock.baseURL}`);
	const config = vscode.workspace.getConfiguration('promptLens');
	await config.update('providers', [{ id: 'mock', baseURL: mock.baseURL }], vscode.ConfigurationTarget.Global);
	await config.update('models', [
		{ id: 'mock-small', provider: 'mock', inputPerMTok: 1, outputPerMTok: 2, contextWindow: 8192 },
		{ id: 'mock-large', provider: 'mock', inputPerMTok: 5, outputPerMTok: 10, contextWindow: 32768 },
	], vscode.ConfigurationTarget.Global);
	assert.equal(await vscode.commands.executeCommand<boolean>('promptLens.setApiKey', 'mock', KEY), true, 'the key was not stored');
}

async function compareLens(): Promise<void> {
	await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(compareUri()), { preview: false });
	let seen = '(none)';
	const lenses = await eventually(
		async () => {
			const found = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', compareUri())) ?? [];
			seen = found.map((l) => JSON.stringify(l.command?.title)).join(' | ') || '(none)';
			return found.some((l) => l.command?.title === '⇄ Compare') ? found : undefined;
		},
		28_000,
		() => `no "⇄ Compare" lens; lenses: ${seen}`,
	);
	info(`lenses: ${seen}`);
	const titles = lenses.map((l) => l.command?.title);
	assert.ok(titles.indexOf('⇄ Compare') === titles.indexOf('▶ Run') + 1, `⇄ Compare right after ▶ Run: ${seen}`);
	const lens = lenses.find((l) => l.command?.title === '⇄ Compare');
	assert.equal(lens?.command?.command, 'promptLens.compare');
	assert.equal(String(lens?.command?.arguments?.[0]), compareUri().toString());
}

async function compareTwo(): Promise<void> {
	const before = mock?.requests.length ?? 0;
	const outcome = await vscode.commands.executeCommand<{ state: StateLike } | undefined>('promptLens.compare', compareUri().toString());
	assert.ok(outcome, 'promptLens.compare returned nothing (it refused or failed before running; see the Prompt Lens log)');
	const state = outcome.state;
	info(`columns: ${summary(state)}`);
	assert.deepEqual(state.columns.map((c) => c.target.model), ['mock/mock-small', 'mock/mock-large']);
	for (const column of state.columns) {
		assert.equal(column.runs.length, 1, `${column.target.model}: one run`);
		const run = column.runs[0];
		assert.equal(run.phase, 'ok', `${column.target.model}: ${summary(state)}`);
		assert.equal(run.output, ANSWER);
		const r = run.result;
		assert.ok(r, 'a result');
		assert.ok(r.totalMs >= 0 && r.firstTokenMs !== undefined, 'latency and time to first token');
		assert.ok(r.usage && r.usage.inputTokens > 0 && r.usage.outputTokens > 0, 'tokens from the provider');
		assert.ok(r.cost !== undefined && r.cost > 0, 'a cost');
		assert.equal(r.finishReason, 'stop');
	}
	const [small, large] = state.columns.map((c) => c.runs[0].result?.cost ?? 0);
	assert.ok(large > small * 4, `mock-large costs 5× mock-small per token: ${small} vs ${large}`);
	const chat = (mock?.requests ?? []).slice(before).filter((r) => r.path.endsWith('/chat/completions'));
	assert.deepEqual(chat.map((r) => r.body.model).sort(), ['mock-large', 'mock-small']);
	assert.ok(chat.every((r) => r.headers.authorization === `Bearer ${KEY}` && r.body.stream === true), 'streamed, with the stored key');
	assert.deepEqual(panel().state().columns.map((c) => c.runs[0]?.phase), ['ok', 'ok'], 'the panel holds the same state');
}

async function handshake(): Promise<void> {
	const p = panel();
	await eventually(() => (p.handshakes > 0 ? true : undefined), 25_000, () => `the webview never posted "ready" (posted ${p.posted} messages)`);
	assert.ok(p.posted >= 1, 'init was posted');
	info(`handshakes ${p.handshakes}, messages posted ${p.posted}`);
}

/** No retainContextWhenHidden: a hidden webview is torn down, so showing it again must bring a new `ready` and `init`. */
async function hideAndShow(): Promise<void> {
	const p = panel();
	const before = { handshakes: p.handshakes, state: JSON.stringify(p.state()) };
	await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(compareUri()), { viewColumn: p.viewColumn, preview: false });
	await eventually(() => (p.visible ? undefined : true), 10_000, () => 'the panel stayed visible behind the editor');
	p.reveal();
	await eventually(() => (p.handshakes > before.handshakes ? true : undefined), 20_000, () => `no new "ready" after the panel came back (handshakes ${p.handshakes})`);
	assert.equal(JSON.stringify(p.state()), before.state, 'the state is unchanged');
}

async function save(): Promise<void> {
	const p = panel();
	await p.receive({ type: 'vote', columnId: 'c2' });
	const saved = await p.receive({ type: 'save' });
	assert.ok(saved, `save wrote nothing; notice: ${JSON.stringify(p.state().notice)}`);
	savedFile = saved;
	const path = vscode.Uri.parse(saved).fsPath;
	assert.match(path.replace(/\\/g, '/'), /\/\.prompt-lens\/compare\/compare-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z\.json$/);
	const text = readFileSync(path, 'utf8');
	const json = JSON.parse(text);
	assert.equal(json.kind, 'prompt-lens-comparison');
	assert.deepEqual(json.inputs, { city: 'Lisbon' });
	assert.equal(json.vote, 'c2');
	assert.equal(json.prompt.path, 'compare.prompt');
	assert.deepEqual(json.columns.map((c: StateLike['columns'][number]) => [c.target.model, c.runs[0].output, typeof c.runs[0].result?.cost]), [['mock/mock-small', ANSWER, 'number'], ['mock/mock-large', ANSWER, 'number']]);
	assert.ok(!text.includes(KEY), 'the key is in the saved comparison');
	assert.match(p.state().notice?.message ?? '', /^Saved to \.prompt-lens\/compare\/compare-.*\.json/);
}

async function reopen(): Promise<void> {
	assert.ok(savedFile, 'nothing was saved (an earlier check failed)');
	const count = api().comparePanels().length;
	const outcome = await vscode.commands.executeCommand<{ state: StateLike } | undefined>('promptLens.openComparison', savedFile);
	assert.ok(outcome, 'openComparison returned nothing');
	assert.equal(api().comparePanels().length, count + 1, 'a new panel');
	const state = panel().state();
	assert.deepEqual(state.columns.map((c) => [c.target.model, c.runs[0]?.phase, c.runs[0]?.output]), [['mock/mock-small', 'ok', ANSWER], ['mock/mock-large', 'ok', ANSWER]]);
	assert.equal(state.vote, 'c2');
}

async function exportMarkdown(): Promise<void> {
	const exported = await panel().receive({ type: 'exportMarkdown' });
	assert.ok(exported, 'export opened nothing');
	const text = (await vscode.workspace.openTextDocument(vscode.Uri.parse(exported))).getText();
	info(`export:\n${text.split('\n').slice(0, 12).join('\n')}`);
	assert.match(text, /^# Comparison: compare\.prompt$/m);
	assert.match(text, /^\| mock\/mock-small \| \$[\d.]+ \| [\d.]+ m?s \| baseline \|/m);
	assert.match(text, /^\| mock\/mock-large \| \$[\d.]+ \| [\d.]+ m?s \| [\d.]+× the cost/m);
	assert.equal(text.split(ANSWER).length - 1, 2, 'both answers');
}

async function refused(): Promise<void> {
	const p = panel();
	const before = JSON.stringify(p.state());
	const requests = mock?.requests.length;
	for (const message of [
		{ type: 'openLink', url: 'command:workbench.action.quit' },
		{ type: 'openLink', url: 'javascript:alert(1)' },
		{ type: 'rerun', columnId: 'no-such-column' },
		{ type: 'repeat', times: 1000 },
		{ type: 'evil', payload: 1 },
		'ready',
		null,
	]) {
		assert.equal(await p.receive(message), undefined, JSON.stringify(message));
	}
	await p.idle();
	assert.equal(JSON.stringify(p.state()), before, 'the state did not change');
	assert.equal(mock?.requests.length, requests, 'no request was sent');
}

async function historyAndKey(): Promise<void> {
	const file = workspaceFile('.prompt-lens/runs.jsonl').fsPath;
	const records = historyLines().slice(historyBefore).map((l) => JSON.parse(l)).filter((r) => r.prompt === 'compare.prompt');
	assert.deepEqual(records.map((r) => r.model).sort(), ['mock/mock-large', 'mock/mock-small']);
	assert.ok(records.every((r) => r.result.status === 'ok' && r.result.output === ANSWER));
	const dir = workspaceFile('.prompt-lens/compare').fsPath;
	for (const name of readdirSync(dir)) assert.ok(!readFileSync(`${dir}/${name}`, 'utf8').includes(KEY), `the key is in ${name}`);
	assert.ok(!readFileSync(file, 'utf8').includes(KEY), 'the key is in the history');
}

async function cleanUp(): Promise<void> {
	const panels = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && /promptLens\.compare/.test(t.input.viewType));
	// All at once: closing one tab invalidates the other Tab objects.
	await vscode.window.tabGroups.close(panels);
	await eventually(() => (api().comparePanels().length === 0 ? true : undefined), 10_000, () => `${api().comparePanels().length} compare panel(s) still open`);
	await vscode.commands.executeCommand('promptLens.clearApiKey', 'mock');
	const config = vscode.workspace.getConfiguration('promptLens');
	await config.update('providers', undefined, vscode.ConfigurationTarget.Global);
	await config.update('models', undefined, vscode.ConfigurationTarget.Global);
	await mock?.close();
	mock = undefined;
}
