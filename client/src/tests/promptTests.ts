// Prompt tests in VS Code's Test Explorer: test file → case → model, ▶ in the gutter of each case, results with the
// expected/actual diff, the cost of the run in its output, Cancel; an untrusted workspace lists tests but runs none.
import * as vscode from 'vscode';
import { formatCost, type RunResult } from '../../../server/src/core';
import { compareWithBaseline, latestResults, saveTestResults } from '../../../server/src/host/testResults';
import { runTests, type CaseResult, type PlannedCase } from '../../../server/src/host/testRunner';
import type { RunDeps } from '../compare/compareColumns';
import { historyPath } from '../run/promptTarget';
import { gatedSend } from '../run/runGate';
import { environmentSecrets, refused } from '../run/runSteps';
import { planCase } from './planCase';
import { clientGraders } from './clientGraders';
import { TestItems, type LeafData } from './testItems';

/** What `promptLens.test` resolves to (for scripts and the extension-host tests). */
export interface TestOutcome {
	passed: number;
	failed: number;
	errored: number;
	cost: number;
}

export class PromptTests implements vscode.Disposable {
	private readonly controller = vscode.tests.createTestController('promptLens.tests', 'Prompt tests');
	private readonly items = new TestItems(this.controller);
	private readonly disposables: vscode.Disposable[] = [this.controller];

	constructor(private readonly deps: RunDeps) {
		this.controller.resolveHandler = async (item) => {
			if (!item) await this.discover();
		};
		this.controller.refreshHandler = () => this.discover();
		this.controller.createRunProfile(
			'Run',
			vscode.TestRunProfileKind.Run,
			async (request, token) => {
				await this.run(request, token);
			},
			true,
		);
		for (const glob of this.deps.config.settings().tests) {
			const watcher = vscode.workspace.createFileSystemWatcher(glob);
			watcher.onDidCreate((uri) => void this.items.load(uri));
			watcher.onDidChange((uri) => void this.items.load(uri));
			watcher.onDidDelete((uri) => this.items.remove(uri));
			this.disposables.push(watcher);
		}
	}

	dispose(): void {
		this.disposables.forEach((d) => d.dispose());
	}

	/** Every file that `promptLens.tests` matches (default `**\/*.test.yaml`), node_modules aside. */
	async discover(): Promise<void> {
		for (const glob of this.deps.config.settings().tests) {
			for (const uri of await vscode.workspace.findFiles(glob, '**/node_modules/**')) await this.items.load(uri);
		}
	}

	/** `promptLens.test [prompt or test file]`: the tests beside that prompt (all of them without an argument). */
	async testCommand(target?: unknown): Promise<TestOutcome | undefined> {
		await this.discover();
		const uri =
			typeof target === 'string'
				? vscode.Uri.parse(target)
				: target instanceof vscode.Uri
					? target
					: vscode.window.activeTextEditor?.document.uri;
		const files = uri
			? /\.ya?ml$/i.test(uri.path)
				? [this.controller.items.get(uri.toString())].filter((f): f is vscode.TestItem => f !== undefined)
				: this.items.filesFor(uri)
			: undefined;
		if (files && files.length === 0) {
			void vscode.window.showInformationMessage(
				`Prompt Lens: no tests for ${vscode.workspace.asRelativePath(uri as vscode.Uri)} (a .test.yaml beside it, or one whose \`prompt:\` names it).`,
			);
			return undefined;
		}
		const source = new vscode.CancellationTokenSource();
		try {
			return await this.run(new vscode.TestRunRequest(files), source.token);
		} finally {
			source.dispose();
		}
	}

	private async run(request: vscode.TestRunRequest, token: vscode.CancellationToken): Promise<TestOutcome> {
		const run = this.controller.createTestRun(request);
		const outcome: TestOutcome = { passed: 0, failed: 0, errored: 0, cost: 0 };
		const leaves = this.items.collect(request.include, request.exclude);
		try {
			if (!vscode.workspace.isTrusted) {
				run.appendOutput(
					'Prompt Lens runs no tests in an untrusted workspace: trust it (Manage Workspace Trust) to run them.\r\n',
				);
				leaves.forEach((leaf) => run.skipped(leaf));
				return outcome;
			}
			const planned = await this.plan(leaves, run, outcome);
			run.appendOutput(`${await this.estimate(planned)}\r\n`);
			const abort = new AbortController();
			const cancel = token.onCancellationRequested(() => abort.abort());
			const results: CaseResult[] = [];
			try {
				await this.execute(planned, run, outcome, abort.signal, results);
			} finally {
				cancel.dispose();
			}
			const against = this.againstPrevious(results);
			this.save(planned, results, run);
			if (against) run.appendOutput(`${against}\r\n`);
			run.appendOutput(
				`${outcome.passed} passed, ${outcome.failed} failed${outcome.errored ? `, ${outcome.errored} could not run` : ''} · spent ${formatCost(outcome.cost)}\r\n`,
			);
			return outcome;
		} finally {
			run.end();
		}
	}

	/** Each leaf's request (rendered by the server with the case's vars) and key; a leaf that cannot run is errored. */
	private async plan(
		leaves: vscode.TestItem[],
		run: vscode.TestRun,
		outcome: TestOutcome,
	): Promise<{ leaf: vscode.TestItem; item: PlannedCase }[]> {
		const out: { leaf: vscode.TestItem; item: PlannedCase }[] = [];
		for (const leaf of leaves) {
			const data = this.items.leaves.get(leaf) as LeafData;
			run.enqueued(leaf);
			const fail = (message: string) => {
				run.errored(leaf, new vscode.TestMessage(message));
				outcome.errored++;
			};
			const planned = await planCase(this.deps, data.prompt, data.testFile.fsPath, data.case, data.model);
			if ('error' in planned) fail(planned.error);
			else out.push({ leaf, item: planned });
		}
		return out;
	}

	/** Each test file's cases with its own repeat and threshold; files run side by side under one per-provider limit each. */
	private async execute(
		planned: { leaf: vscode.TestItem; item: PlannedCase }[],
		run: vscode.TestRun,
		outcome: TestOutcome,
		signal: AbortSignal,
		results: CaseResult[],
	): Promise<void> {
		const leafOf = new Map(planned.map((p) => [key(p.item.testFile, p.item.case.name, p.item.model), p.leaf]));
		for (const { leaf } of planned) run.started(leaf);
		const byFile = new Map<string, { leaf: vscode.TestItem; item: PlannedCase }[]>();
		for (const p of planned) byFile.set(p.item.testFile, [...(byFile.get(p.item.testFile) ?? []), p]);
		await Promise.all(
			[...byFile.values()].map((group) => {
				const data = this.items.leaves.get(group[0].leaf) as LeafData;
				const settings = this.deps.config.settings(data.prompt);
				return runTests(
					group.map((p) => p.item),
					{
						repeat: data.suite.repeat,
						threshold: () => data.suite.threshold,
						settings,
						history: historyPath(data.prompt, settings),
						cache: true,
						perProvider: settings['run.concurrency'],
						env: process.env,
						signal,
						graders: clientGraders(this.deps, data.prompt),
						gate: async (item, send) => {
							const sent = await gatedSend(vscode.workspace.isTrusted, item.provider, send);
							return sent.ok ? sent.value : refused(sent.message);
						},
						onCase: (result) => {
							results.push(result);
							this.report(result, leafOf.get(key(result.testFile, result.case.name, result.model)), run, outcome);
						},
					},
				);
			}),
		);
	}

	/** What the run will cost before it starts: each case × model once, plus the judge's calls for llm-rubric checks. */
	private async estimate(planned: { leaf: vscode.TestItem; item: PlannedCase }[]): Promise<string> {
		const items = planned.map((p) => p.item);
		const total = items.reduce((sum, i) => sum + (i.estimatedCost ?? 0), 0);
		const unpriced = [...new Set(items.filter((i) => i.estimatedCost === undefined).map((i) => i.model))];
		const judgeCalls = items.reduce((sum, i) => sum + i.case.assert.filter((a) => a.type === 'llm-rubric').length, 0);
		const first = planned[0] && (this.items.leaves.get(planned[0].leaf) as LeafData);
		const perCall =
			judgeCalls > 0 && first
				? await clientGraders(this.deps, first.prompt).judgeCost(
						this.deps.config.settings(first.prompt).expectedOutputTokens,
					)
				: 0;
		const judges =
			judgeCalls > 0
				? ` + ${judgeCalls} judge call${judgeCalls === 1 ? '' : 's'}${perCall === undefined ? ' (no price for the judge model)' : ''}`
				: '';
		return `Prompt Lens: ${items.length} case × model pair${items.length === 1 ? '' : 's'}${judges}; estimated ${formatCost(total + judgeCalls * (perCall ?? 0))} per repeat (our token counts × catalog prices)${unpriced.length ? `; no price for ${unpriced.join(', ')}` : ''}.`;
	}

	/** This run against the previous results of each folder (read before this run's are saved): what is fixed and what newly fails. */
	private againstPrevious(results: CaseResult[]): string | undefined {
		const lines: string[] = [];
		const counts = { fixed: 0, 'newly failing': 0 };
		for (const r of results) {
			const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(r.testFile));
			const previous = folder?.uri.scheme === 'file' ? latestResults(folder.uri.fsPath) : undefined;
			if (!folder || !previous) continue;
			const change = compareWithBaseline([r], previous.cases, folder.uri.fsPath).get(r);
			if (change === 'fixed' || change === 'newly failing') {
				counts[change]++;
				lines.push(`${change === 'fixed' ? 'FIXED' : 'NEWLY FAILING'} ${r.case.name} › ${r.model}`);
			}
		}
		if (lines.length === 0) return undefined;
		return [
			...lines,
			`Against the previous run: ${counts.fixed} fixed, ${counts['newly failing']} newly failing.`,
		].join('\r\n');
	}

	/** Into `.prompt-lens/test-results/` of each workspace folder, as the CLI writes them (the compare view reads them). */
	private save(planned: { item: PlannedCase }[], results: CaseResult[], run: vscode.TestRun): void {
		const folders = new Map<string, CaseResult[]>();
		for (const r of results) {
			const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(r.testFile));
			if (folder?.uri.scheme === 'file') folders.set(folder.uri.fsPath, [...(folders.get(folder.uri.fsPath) ?? []), r]);
		}
		const keys = planned.map((p) => p.item.apiKey);
		for (const [root, found] of folders) {
			try {
				saveTestResults(root, found, [...keys, ...environmentSecrets()], Date.now());
			} catch (error) {
				run.appendOutput(
					`The results were not saved in ${root}: ${error instanceof Error ? error.message : String(error)}\r\n`,
				);
			}
		}
	}

	private report(
		result: CaseResult,
		leaf: vscode.TestItem | undefined,
		run: vscode.TestRun,
		outcome: TestOutcome,
	): void {
		if (!leaf) return;
		outcome.cost += result.cost;
		run.appendOutput(
			`${result.pass ? 'PASS' : 'FAIL'} ${result.case.name} › ${result.model} (${result.runs.filter((r) => r.pass).length}/${result.runs.length} runs passed) · ${formatCost(result.cost)}\r\n`,
			undefined,
			leaf,
		);
		if (result.pass) {
			outcome.passed++;
			run.passed(leaf, result.timeMs);
			return;
		}
		outcome.failed++;
		run.failed(leaf, messages(result, leaf), result.timeMs);
	}
}

/** The first failing run's failed checks: a diff where an expected value exists, with the answer as the actual side. */
function messages(result: CaseResult, leaf: vscode.TestItem): vscode.TestMessage[] {
	const failed = result.runs.find((r) => !r.pass);
	if (!failed) return [new vscode.TestMessage(result.skipped ? 'Not run: the budget was spent.' : 'Not run.')];
	const actual = failed.result.output;
	return failed.assertions
		.filter((a) => !a.pass)
		.map((a) => {
			const message =
				a.expected !== undefined
					? vscode.TestMessage.diff(`${a.type}: ${a.reason ?? 'failed'}`, a.expected, actual)
					: new vscode.TestMessage(`${a.type}: ${a.reason ?? 'failed'}${statusNote(failed.result)}`);
			if (leaf.uri && leaf.range) message.location = new vscode.Location(leaf.uri, leaf.range);
			return message;
		});
}

function key(testFile: string, caseName: string, model: string): string {
	return `${testFile}\u0000${caseName}\u0000${model}`;
}

function statusNote(result: RunResult): string {
	return result.status === 'ok' ? '' : ` (the run ended ${result.status})`;
}
