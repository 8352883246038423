// "Compare Models Across Workspace" and "Check the replacement…": the migration report of `prompt-lens migrate` in VS
// Code — the free part from the server, then (if asked) each prompt's tests or samples on both models, with the estimate
// and a budget before anything is sent, behind the same trust gate and keys as ▶ Run.
import * as vscode from 'vscode';
import {
	formatCost,
	migrationTotals,
	type MigrationReport,
	type MigrationRow,
	type Settings,
} from '../../../server/src/core';
import { isPartialFile } from '../../../server/src/host/migration';
import { casesOf, measuredPair, promptModel, type Subject } from '../../../server/src/host/migrationMeasure';
import { runTests, type PlannedCase } from '../../../server/src/host/testRunner';
import { MigrationRequest } from '../../../server/src/protocol';
import type { RunDeps } from '../compare/compareColumns';
import { catalogPickItems } from '../compare/comparePicks';
import { historyPath } from '../run/promptTarget';
import { gatedSend } from '../run/runGate';
import { refused, SERVER_NOT_RUNNING } from '../run/runSteps';
import { clientGraders } from '../tests/clientGraders';
import { planCase } from '../tests/planCase';
import type { MigrationPanels } from './migrationPanel';

/** Scripts and the extension-host tests answer the questions up front. */
export interface ReportOptions {
	to?: string;
	from?: string;
	/** true: measure (run); false: the free report only. */
	run?: boolean;
	/** USD: no request starts once this much is spent; the run is refused when the estimate is above it. */
	maxCost?: number;
}

interface Measured {
	subject: Subject;
	uri: vscode.Uri;
}

export class MigrationReports {
	constructor(
		private readonly deps: RunDeps,
		private readonly panels: MigrationPanels,
	) {}

	/** Every prompt of the workspace (partials and node_modules aside). */
	async acrossWorkspace(options: ReportOptions = {}): Promise<MigrationReport | undefined> {
		const found = await vscode.workspace.findFiles('**/*.prompt', '**/node_modules/**');
		const uris = found
			.filter((u) => u.scheme === 'file' && !isPartialFile(u.fsPath))
			.sort((a, b) => a.path.localeCompare(b.path));
		if (uris.length === 0) {
			void vscode.window.showInformationMessage('Prompt Lens: there are no .prompt files in this workspace.');
			return undefined;
		}
		return this.report(uris, options);
	}

	/** The quick fix of deprecated-model / unpinned-model: this prompt on its model and on the replacement. */
	async checkReplacement(
		target: unknown,
		to: unknown,
		options: ReportOptions = {},
	): Promise<MigrationReport | undefined> {
		const uri =
			typeof target === 'string' ? vscode.Uri.parse(target) : target instanceof vscode.Uri ? target : undefined;
		if (!uri || typeof to !== 'string') return undefined;
		return this.report([uri], { run: true, ...options, to });
	}

	private async report(uris: vscode.Uri[], options: ReportOptions): Promise<MigrationReport | undefined> {
		const to = options.to ?? (await this.pickModel(uris[0]));
		if (!to) return undefined;
		const rows = await this.rows(uris, to, options.from);
		if (!rows) return undefined;
		const report: MigrationReport = { to, from: options.from, prompts: rows, totals: migrationTotals(rows) };
		const run = options.run ?? (await this.askToRun(rows.length));
		if (run === undefined) return undefined;
		if (run && !(await this.measure(report, uris, options))) return undefined;
		this.panels.show(report);
		return report;
	}

	private async pickModel(scope: vscode.Uri): Promise<string | undefined> {
		const picked = await vscode.window.showQuickPick(catalogPickItems(this.deps.config.settings(scope).models), {
			title: 'Compare the prompts with which model?',
			placeHolder: 'The model to move to (type to filter by name or price)',
			matchOnDescription: true,
			ignoreFocusOut: true,
		});
		return picked?.label;
	}

	private async rows(uris: vscode.Uri[], to: string, from: string | undefined): Promise<MigrationRow[] | undefined> {
		const client = this.deps.ctx.languageClient;
		if (!client?.isRunning()) {
			void vscode.window.showErrorMessage(`Prompt Lens: ${SERVER_NOT_RUNNING}`);
			return undefined;
		}
		const answer = await client.sendRequest(MigrationRequest, { uris: uris.map((u) => u.toString()), to, from });
		if ('error' in answer) {
			void vscode.window.showErrorMessage(`Prompt Lens: ${answer.error}`);
			return undefined;
		}
		return answer.rows;
	}

	/** true: measure; false: the free report; undefined: the user backed out. */
	private async askToRun(prompts: number): Promise<boolean | undefined> {
		const free = { label: 'Report only', description: 'free: tokens, cost, window, what changes', run: false };
		const measure = {
			label: 'Measure too…',
			description: `run each prompt's tests (or samples) on both models — the estimate comes first`,
			run: true,
		};
		const items = vscode.workspace.isTrusted ? [free, measure] : [free];
		const picked = await vscode.window.showQuickPick(items, {
			title: `Migration report for ${prompts} prompt${prompts === 1 ? '' : 's'}`,
			placeHolder: vscode.workspace.isTrusted ? undefined : 'Runs need a trusted workspace: report only',
			ignoreFocusOut: true,
		});
		return picked?.run;
	}

	/** Plans, estimates, asks for the budget, runs, and fills in `measured`; false when nothing ran (refused, backed out). */
	private async measure(report: MigrationReport, uris: vscode.Uri[], options: ReportOptions): Promise<boolean> {
		if (!vscode.workspace.isTrusted) {
			void vscode.window.showWarningMessage('Prompt Lens runs no models in an untrusted workspace.');
			return false;
		}
		const { items: planned, measured: subjects } = await this.plan(
			this.subjects(report.prompts, uris, options.from),
			report.to,
		);
		const scope = subjects[0]?.uri;
		if (!scope || planned.length === 0) {
			const why = report.prompts.flatMap((r) => r.notes.filter((n) => n.startsWith('not measured')))[0];
			void vscode.window.showWarningMessage(`Prompt Lens: no prompt here could be measured${why ? ` (${why})` : ''}.`);
			return false;
		}
		const repeat = Math.max(1, ...subjects.map((s) => s.subject.tests.suite.repeat));
		const estimate = await this.estimate(planned, repeat, scope);
		const budget = options.maxCost ?? (await this.askBudget(planned.length * repeat, estimate));
		if (budget === undefined) return false;
		if (estimate > budget) {
			void vscode.window.showWarningMessage(
				`Prompt Lens: the estimate ${formatCost(estimate)} is above the budget ${formatCost(budget)}; nothing was sent.`,
			);
			return false;
		}
		const results = await this.run(planned, repeat, budget, scope);
		for (const { subject } of subjects)
			subject.row.measured = measuredPair(subject.tests, subject.from, report.to, results);
		report.run = {
			repeat,
			estimate,
			spent: results.reduce((sum, r) => sum + r.cost, 0),
			maxCost: budget,
			skipped: results.reduce((sum, r) => sum + r.skipped, 0),
		};
		return true;
	}

	private subjects(rows: MigrationRow[], uris: vscode.Uri[], from: string | undefined): Measured[] {
		return rows.flatMap((row, index) => {
			const uri = uris[index];
			if (row.error || !row.from || !uri) return [];
			const settings = this.deps.config.settings(uri);
			const root = vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath ?? vscode.Uri.joinPath(uri, '..').fsPath;
			const tests = casesOf(uri.fsPath, { settings, cwd: root, root });
			if (!tests) return [];
			if (tests.problems.length > 0) {
				row.notes.push(`not measured: its test file has problems (${tests.problems[0]})`);
				return [];
			}
			return [{ uri, subject: { row, tests, from: from ?? promptModel(tests, settings) ?? row.from.model } }];
		});
	}

	/** Every case on both models; a prompt that cannot run here (no key, no provider) is left out with a note why. */
	private async plan(subjects: Measured[], to: string): Promise<{ items: PlannedCase[]; measured: Measured[] }> {
		const items: PlannedCase[] = [];
		const measured: Measured[] = [];
		for (const entry of subjects) {
			const own = await this.planSubject(entry, to);
			if ('error' in own) entry.subject.row.notes.push(`not measured: ${own.error}`);
			else {
				items.push(...own);
				measured.push(entry);
			}
		}
		return { items, measured };
	}

	private async planSubject({ uri, subject }: Measured, to: string): Promise<PlannedCase[] | { error: string }> {
		const items: PlannedCase[] = [];
		for (const model of new Set([subject.from, to]))
			for (const testCase of subject.tests.cases) {
				const planned = await planCase(this.deps, uri, subject.tests.testFile, testCase, model);
				if ('error' in planned) return { error: `${testCase.name} › ${model}: ${planned.error}` };
				items.push(planned);
			}
		return items;
	}

	private async estimate(items: PlannedCase[], repeat: number, scope: vscode.Uri): Promise<number> {
		const judgeCalls = items.reduce((sum, i) => sum + i.case.assert.filter((a) => a.type === 'llm-rubric').length, 0);
		const perJudge = judgeCalls
			? await clientGraders(this.deps, scope).judgeCost(this.deps.config.settings(scope).expectedOutputTokens)
			: 0;
		return (items.reduce((sum, i) => sum + (i.estimatedCost ?? 0), 0) + judgeCalls * (perJudge ?? 0)) * repeat;
	}

	private async askBudget(requests: number, estimate: number): Promise<number | undefined> {
		const suggested = Math.max(0.01, Math.ceil(estimate * 1.5 * 100) / 100);
		const value = await vscode.window.showInputBox({
			title: `${requests} request${requests === 1 ? '' : 's'}, estimated ${formatCost(estimate)} (our token counts × catalog prices)`,
			prompt: 'Budget in USD: no request starts once this much is spent.',
			value: suggested.toFixed(2),
			ignoreFocusOut: true,
			validateInput: (v) => (/^\d+(\.\d+)?$/.test(v.trim()) ? undefined : 'An amount in USD, such as 0.50'),
		});
		return value === undefined ? undefined : Number(value.trim());
	}

	private run(items: PlannedCase[], repeat: number, budget: number, scope: vscode.Uri) {
		const settings: Settings = this.deps.config.settings(scope);
		return vscode.window.withProgress(
			{
				location: vscode.ProgressLocation.Notification,
				title: 'Prompt Lens: measuring both models',
				cancellable: true,
			},
			async (progress, token) => {
				const abort = new AbortController();
				const cancel = token.onCancellationRequested(() => abort.abort());
				let done = 0;
				try {
					return await runTests(items, {
						repeat,
						threshold: () => 1,
						settings,
						history: historyPath(scope, settings),
						cache: true,
						maxCost: budget,
						perProvider: settings['run.concurrency'],
						env: process.env,
						signal: abort.signal,
						graders: clientGraders(this.deps, scope),
						gate: async (item, send) => {
							const sent = await gatedSend(vscode.workspace.isTrusted, item.provider, send);
							return sent.ok ? sent.value : refused(sent.message);
						},
						onCase: () => progress.report({ message: `${++done}/${items.length}`, increment: 100 / items.length }),
					});
				} finally {
					cancel.dispose();
				}
			},
		);
	}
}
