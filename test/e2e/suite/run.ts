// Extension-host checks for runs: run.prompt against the local mock OpenAI server (started in this process), through a
// user-level provider and a key set via SecretStorage; the streamed output tab, the history, and no key in files or logs.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { startMockOpenAI, type MockOpenAI } from '../../support/mockOpenAI';
import { type Check, workspaceFile } from './harness';
import { compareModelsAcrossWorkspace } from './migration';

const EXTENSION_ID = 'prompt-lens.prompt-lens';
const KEY = 'sk-e2e-mock-7f3c9a1b5d2e4f60a8';
const ANSWER = 'Echo: Tell me about lighthouses.';
const HOLD_MS = 1_500;

interface RunOutcome {
	status: string;
	cached: boolean;
	output: string;
}

let mock: MockOpenAI | undefined;
const runUri = (): vscode.Uri => workspaceFile('run.prompt');

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

function files(dir: string): string[] {
	let names: string[];
	try {
		names = readdirSync(dir);
	} catch {
		return [];
	}
	return names.flatMap((name) => {
		const path = join(dir, name);
		return statSync(path).isDirectory() ? files(path) : [path];
	});
}

function runTabs(): vscode.Tab[] {
	return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputText && t.input.uri.scheme === 'prompt-lens-run');
}

/**
 * Runs run.prompt and waits until its output tab shows `done` (the editor's copy of a virtual document follows the
 * provider's change events a moment later); the last text seen is in the failure message.
 */
async function run(done: (text: string) => boolean, what: string): Promise<{ outcome: RunOutcome; text: string }> {
	const doc = await vscode.workspace.openTextDocument(runUri());
	await vscode.window.showTextDocument(doc, { preview: false });
	const outcome = await vscode.commands.executeCommand<RunOutcome | undefined>('promptLens.run', runUri().toString());
	assert.ok(outcome, 'promptLens.run returned nothing (it refused or failed before the request; see the Prompt Lens log)');
	const output = await vscode.workspace.openTextDocument(vscode.Uri.parse(outcome.output));
	const text = await eventually(() => (done(output.getText()) ? output.getText() : undefined), 10_000, () => `the output tab never showed ${what}; it shows:\n${output.getText()}`);
	return { outcome, text };
}

export function runPromptChecks(): Check[] {
	const check = (name: string, timeoutMs: number, fn: () => Promise<void>, holdMs?: number): Check => ({ name, timeoutMs, fn, holdMs });
	return [
		check('run: a user-level provider "mock" on the mock server, a price for mock-small, a key through promptLens.setApiKey', 20_000, configure),
		check('run.prompt: a ▶ Run CodeLens next to the token lens', 30_000, runLens),
		check('run.prompt: promptLens.run streams the echoed answer into the output tab, with usage and cost', 60_000, firstRun, HOLD_MS),
		check('run.prompt: running again reuses the output tab and appends a second history line', 60_000, secondRun),
		check('run.prompt: a 401 from the provider is reported as an auth failure in the tab', 60_000, authFailure),
		check('run.prompt: diffWithPreviousRun opens the last two runs\' outputs side by side', 20_000, diffRuns),
		check('run.prompt: the answer streams into the tab (first words shown while the provider stalls)', 60_000, streaming),
		check('run.prompt: a stream cut mid-answer keeps the partial output, marked INCOMPLETE', 60_000, disconnect),
		check('tests: promptLens.test runs run.test.yaml (two cases, one judged by llm-rubric, and a dataset row) in the Test Explorer against the mock: 2 passed, 1 failed, with the cost', 60_000, promptTests),
		check('migration: Compare Models Across Workspace measures run.prompt on mock-small and mock-large within a budget and opens the report with its chart', 90_000, () => compareModelsAcrossWorkspace(mock)),
		check('run: the key appears in no file under .prompt-lens and not in the Prompt Lens log', 30_000, keyNowhere),
		check('run: clean up (mock server stopped, settings removed)', 20_000, cleanUp),
	];
}

async function configure(): Promise<void> {
	// Scripted judge verdicts for run.test.yaml's llm-rubric check: an answer about tides meets the rubric.
	mock = await startMockOpenAI({ judge: (answer) => (answer.includes('tides') ? { score: 0.9, reason: 'about tides' } : { score: 0.1, reason: 'not about tides' }) });
	info(`mock OpenAI server at ${mock.baseURL}`);
	const config = vscode.workspace.getConfiguration('promptLens');
	await config.update('providers', [{ id: 'mock', baseURL: mock.baseURL }], vscode.ConfigurationTarget.Global);
	await config.update('models', [{ id: 'mock-small', provider: 'mock', inputPerMTok: 1, outputPerMTok: 2, contextWindow: 8192 }], vscode.ConfigurationTarget.Global);
	await config.update('judgeModel', 'mock/mock-small', vscode.ConfigurationTarget.Global);
	const stored = await vscode.commands.executeCommand<boolean>('promptLens.setApiKey', 'mock', KEY);
	assert.equal(stored, true, 'promptLens.setApiKey mock <key> did not store the key');
	const providers = JSON.stringify(vscode.workspace.getConfiguration('promptLens').inspect('providers'));
	assert.ok(!providers.includes(KEY), 'the key is in the settings');
}

async function runLens(): Promise<void> {
	await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(runUri()), { preview: false });
	let seen = '(none)';
	const lens = await eventually(
		async () => {
			const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', runUri())) ?? [];
			seen = lenses.map((l) => JSON.stringify(l.command?.title)).join(' | ') || '(none)';
			const hasTokens = lenses.some((l) => /tokens · \$[\d.]+\/call/.test(l.command?.title ?? ''));
			return hasTokens ? lenses.find((l) => l.command?.title === '▶ Run') : undefined;
		},
		28_000,
		() => `no "▶ Run" lens beside a priced token lens; lenses: ${seen}`,
	);
	info(`lenses: ${seen}`);
	assert.equal(lens.command?.command, 'promptLens.run');
	assert.equal(String(lens.command?.arguments?.[0]), runUri().toString());
}

async function firstRun(): Promise<void> {
	const { outcome, text } = await run((t) => t.includes(ANSWER) && /^status +ok/m.test(t), `${JSON.stringify(ANSWER)} with status ok`);
	info(`run output tab:\n${text}`);
	assert.equal(outcome.status, 'ok', text);
	assert.ok(text.includes(ANSWER), `the tab does not show ${JSON.stringify(ANSWER)}`);
	assert.match(text, /model +mock\/mock-small → mock-small at mock \(http:\/\/127\.0\.0\.1:\d+\/v1\)/);
	assert.match(text, /tokens +\d+ in \/ \d+ out from the provider \(our estimate ≈ \d+ in\)/);
	assert.match(text, /cost +\$[\d.]+ \(at \$1\.00 in \/ \$2\.00 out per 1M tokens/);
	assert.match(text, /first token +\d+ ms/);
	assert.match(text, /finish +stop/);
	assert.ok(runTabs().length === 1, `expected one run output tab, found ${runTabs().length}`);
	const chat = mock?.requests.filter((r) => r.path.endsWith('/chat/completions')) ?? [];
	assert.equal(chat.length, 1, 'one request reached the mock');
	assert.equal(chat[0].headers.authorization, `Bearer ${KEY}`, 'the key from SecretStorage went to the mock provider');
	assert.equal(chat[0].body.stream, true, 'streamed');
	assert.equal(chat[0].body.model, 'mock-small');
}

async function secondRun(): Promise<void> {
	const before = historyLines().length;
	const { outcome } = await run((t) => {
		const lines = historyLines();
		return lines.length > before && t.includes(`started      ${JSON.parse(lines[lines.length - 1]).result.startedAt}`);
	}, 'the second run (its start time from the history)');
	assert.equal(outcome.status, 'ok');
	assert.equal(runTabs().length, 1, 'a second tab was opened');
	const lines = historyLines();
	assert.equal(lines.length, 2, `history lines: ${lines.length}`);
	for (const line of lines) {
		const record = JSON.parse(line);
		assert.equal(record.prompt, 'run.prompt');
		assert.equal(record.model, 'mock/mock-small');
		assert.equal(record.result.status, 'ok');
		assert.equal(record.result.output, ANSWER);
	}
	const opened = await vscode.commands.executeCommand<string | undefined>('promptLens.showRunHistory', runUri().toString(), JSON.parse(lines[0]).id);
	assert.ok(opened, 'showRunHistory opened nothing');
	const text = (await vscode.workspace.openTextDocument(vscode.Uri.parse(opened))).getText();
	assert.ok(text.includes(ANSWER) && /from the history/.test(text), `history entry: ${text}`);
}

async function authFailure(): Promise<void> {
	mock?.fault({ kind: 'status', status: 401, body: { error: { message: 'Incorrect API key provided', type: 'invalid_request_error', code: 'invalid_api_key' } } });
	const { outcome, text } = await run((t) => /^status +FAILED/m.test(t), 'a FAILED status');
	info(`401 tab:\n${text}`);
	assert.equal(outcome.status, 'error');
	assert.match(text, /status +FAILED \(auth\)/);
	assert.match(text, /■ FAILED \(auth\)/);
	assert.equal(historyLines().length, 3, 'the failed run is in the history too');
}

async function diffRuns(): Promise<void> {
	const lines = historyLines();
	const newest = JSON.parse(lines[lines.length - 1]).id;
	await vscode.commands.executeCommand('promptLens.diffWithPreviousRun', runUri().toString(), newest);
	const diff = await eventually(
		() => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.scheme === 'prompt-lens-run'),
		15_000,
		() => `no diff tab; tabs: ${vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.label).join(', ')}`,
	);
	const input = diff.input as vscode.TabInputTextDiff;
	const left = (await vscode.workspace.openTextDocument(input.original)).getText();
	const right = (await vscode.workspace.openTextDocument(input.modified)).getText();
	info(`diff tab "${diff.label}": ${JSON.stringify(left)} ↔ ${JSON.stringify(right)}`);
	assert.equal(left, ANSWER, 'the previous run\'s output on the left');
	assert.equal(right, '', 'the failed run produced no output');
}

/** The live output tab of run.prompt (as client/src/run/runDocuments.ts names it). */
const outputUri = (): vscode.Uri => vscode.Uri.from({ scheme: 'prompt-lens-run', path: '/run.prompt (run)', query: runUri().toString() });

async function streaming(): Promise<void> {
	mock?.fault({ kind: 'stall', afterChunks: 3, ms: 4_000 });
	const running = vscode.commands.executeCommand<RunOutcome | undefined>('promptLens.run', runUri().toString());
	const output = await vscode.workspace.openTextDocument(outputUri());
	const partial = await eventually(
		() => {
			const text = output.getText();
			return /^status +running…/m.test(text) && text.includes('Echo: Tell') && !text.includes(ANSWER) ? text : undefined;
		},
		15_000,
		() => `the tab never showed part of the answer while running; it shows:\n${output.getText()}`,
	);
	info(`while streaming:\n${partial}`);
	const outcome = await running;
	assert.equal(outcome?.status, 'ok');
	await eventually(() => (output.getText().includes(ANSWER) ? true : undefined), 10_000, () => `no full answer after the stall:\n${output.getText()}`);
}

async function disconnect(): Promise<void> {
	mock?.fault({ kind: 'disconnect', afterChunks: 2 });
	const { outcome, text } = await run((t) => /^■ INCOMPLETE/m.test(t), 'an INCOMPLETE marker');
	info(`cut stream tab:\n${text}`);
	assert.equal(outcome.status, 'incomplete');
	assert.match(text, /^status +INCOMPLETE/m);
	assert.match(text, /─+\nEcho: Tell /, 'the words that arrived are kept');
	assert.match(text, /The output above is partial\./);
	const last = JSON.parse(historyLines().at(-1) ?? '{}');
	assert.equal(last.result?.status, 'incomplete');
	assert.match(last.result?.output ?? '', /^Echo: Tell /);
}

function historyLines(): string[] {
	const file = workspaceFile('.prompt-lens/runs.jsonl').fsPath;
	return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '');
}

async function promptTests(): Promise<void> {
	const before = mock?.requests.filter((r) => r.path.endsWith('/chat/completions')).length ?? 0;
	const outcome = await vscode.commands.executeCommand<{ passed: number; failed: number; errored: number; cost: number } | undefined>('promptLens.test', runUri().toString());
	assert.ok(outcome, 'promptLens.test returned nothing (no run.test.yaml found?)');
	info(`prompt tests: ${JSON.stringify(outcome)}`);
	assert.deepEqual({ passed: outcome.passed, failed: outcome.failed, errored: outcome.errored }, { passed: 2, failed: 1, errored: 0 });
	assert.ok(outcome.cost > 0, 'the run has a cost');
	const chats = (mock?.requests.filter((r) => r.path.endsWith('/chat/completions')) ?? []).slice(before);
	assert.equal(chats.length, 4, 'one request per case and dataset row, and one for the judge');
	assert.ok(chats.some((c) => JSON.stringify(c.body.messages).includes('Rubric:')), 'the judge prompt was sent');
	assert.ok(chats.every((c) => c.headers.authorization === `Bearer ${KEY}`), 'the stored key went to the mock');
}

async function keyNowhere(): Promise<void> {
	const api = vscode.extensions.getExtension<{ logUri: vscode.Uri }>(EXTENSION_ID)?.exports;
	assert.ok(api?.logUri, 'the extension exports no logUri');
	const written = files(workspaceFile('.prompt-lens').fsPath);
	assert.ok(written.length > 0, 'no file under .prompt-lens');
	// The log is written asynchronously: wait for our run lines, which also proves this is the right file.
	const logs = await eventually(
		() => {
			const found = files(api.logUri.fsPath).filter((f) => f.endsWith('.log'));
			return found.some((f) => readFileSync(f, 'utf8').includes('run run.prompt: mock/mock-small')) ? found : undefined;
		},
		25_000,
		() => `no "run run.prompt" line in the log files under ${api.logUri.fsPath}: ${files(api.logUri.fsPath).join(', ') || '(none)'}`,
	);
	for (const file of [...written, ...logs]) {
		assert.ok(!readFileSync(file, 'utf8').includes(KEY), `the key is in ${file}`);
	}
	info(`checked ${written.length} history file(s) and ${logs.length} log file(s)`);
}

async function cleanUp(): Promise<void> {
	await vscode.commands.executeCommand('promptLens.clearApiKey', 'mock');
	const config = vscode.workspace.getConfiguration('promptLens');
	await config.update('providers', undefined, vscode.ConfigurationTarget.Global);
	await config.update('models', undefined, vscode.ConfigurationTarget.Global);
	await config.update('judgeModel', undefined, vscode.ConfigurationTarget.Global);
	await mock?.close();
	mock = undefined;
}
