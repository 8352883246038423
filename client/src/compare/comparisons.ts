// `promptLens.compare` and `promptLens.openComparison`: targets and variants → inputs → a panel whose columns run at once; save, export, reload.
import * as vscode from 'vscode';
import type { CompareColumn, CompareState } from '../../../media/shared/compareMessages';
import { testsByModel } from '../../../server/src/host/testResults';
import { compareMarkdown } from '../../../media/shared/compareMarkdown';
import { restoreState, settleInterrupted } from '../../../media/shared/compareViewModel';
import type { RunPlan } from '../../../server/src/core';
import { askInputs } from '../run/askInputs';
import { historyName, promptFile, targetUri } from '../run/promptTarget';
import { runGate } from '../run/runGate';
import { environmentSecrets, requestPlan, SERVER_NOT_RUNNING } from '../run/runSteps';
import { ColumnRunner, columnPromptUri, type RunDeps } from './compareColumns';
import { pickModels, pickVersions, siblingFiles } from './comparePicks';
import { COMPARE_VIEW_TYPE, ComparePanel, panelOptions, type ComparePanelProbe } from './comparePanel';
import { comparisonFileName, newCompareState, outputSpecOf, SAVE_FOLDER, SAVED_KIND, savedComparison } from './compareState';
import { ProviderLimiter } from '../../../server/src/host/providerLimiter';
import { buildColumns, compareModels, compareOptions, frontmatterOf, parsePromptFileName, promptVersions } from './compareTargets';

/** What `promptLens.compare` resolves to once the first runs are over (tests and scripts read it). */
export interface CompareOutcome {
	state: CompareState;
}

/** Each column's pass rate on the prompt's tests (own prompt, not variants), from the newest results of its folder. */
function withTests(columns: CompareColumn[], uri: vscode.Uri): CompareColumn[] {
	const folder = vscode.workspace.getWorkspaceFolder(uri);
	if (folder?.uri.scheme !== 'file') return columns;
	const testFile = historyName(uri).replace(/\.prompt$/, '.test.yaml');
	const byModel = testsByModel(folder.uri.fsPath, testFile);
	return columns.map((c) => {
		const tests = c.target.variant ? undefined : byModel.get(c.target.model);
		return tests ? { ...c, tests } : c;
	});
}

export class Comparisons implements vscode.Disposable {
	private readonly panels = new Set<ComparePanel>();
	/** Shared by every panel: a provider's limit (`promptLens.run.concurrency`) holds however many comparisons run at once. */
	private readonly limiter: ProviderLimiter;

	constructor(private readonly deps: RunDeps, private readonly extensionUri: vscode.Uri) {
		this.limiter = new ProviderLimiter(deps.config.settings()['run.concurrency']);
	}

	/** The webview panels VS Code restores after a window reload come back from their persisted state, runs settled. */
	registerSerializer(): vscode.Disposable {
		return vscode.window.registerWebviewPanelSerializer(COMPARE_VIEW_TYPE, {
			deserializeWebviewPanel: async (panel, saved) => {
				const state = restoreState(saved);
				const restored = state ? settleInterrupted(state) : undefined;
				if (!restored) {
					panel.dispose();
					return;
				}
				this.adopt(panel, restored, await this.findPrompt(restored), restored.inputs);
			},
		});
	}

	probes(): ComparePanelProbe[] {
		return [...this.panels];
	}

	async compare(arg?: unknown, optionsArg?: unknown): Promise<CompareOutcome | undefined> {
		const gate = runGate(vscode.workspace.isTrusted);
		if (!gate.ok) {
			const choice = await vscode.window.showWarningMessage(`${gate.message} Saved comparisons still open with "Prompt Lens: Open Comparison".`, 'Manage Workspace Trust');
			if (choice) await vscode.commands.executeCommand('workbench.trust.manage');
			return undefined;
		}
		const uri = targetUri(arg);
		if (!uri) {
			void vscode.window.showErrorMessage('Prompt Lens: open a .prompt file to compare it across models.');
			return undefined;
		}
		const setup = await this.setup(uri, compareOptions(optionsArg));
		if (!setup) return undefined;
		const panel = this.open(setup.state, uri, setup.given);
		await panel.session.runAll();
		return { state: panel.session.current };
	}

	/** Targets, variants and inputs; undefined when the user backed out or nothing can run (already said why). */
	private async setup(uri: vscode.Uri, options: { models?: string[]; variants?: string[] }): Promise<{ state: CompareState; given: Record<string, unknown> } | undefined> {
		const file = promptFile(uri);
		const front = frontmatterOf((await vscode.workspace.openTextDocument(uri)).getText());
		const mainModel = typeof front.model === 'string' ? front.model.trim() || undefined : undefined;
		const settings = this.deps.config.settings(uri);
		const listed = compareModels(front, settings.compareModels, mainModel).models;
		const models = options.models ?? (listed.length > 0 ? listed : await pickModels(file, settings.models, mainModel));
		if (!models || models.length === 0) return undefined;
		const own = parsePromptFileName(file)?.variant;
		const versions = promptVersions(file, await siblingFiles(uri));
		const variants = options.variants ? [own, ...options.variants.filter((v) => v !== own)] : versions.length > 1 ? await pickVersions(file, versions, own) : [own];
		if (!variants || variants.length === 0) return undefined;
		const planned = await this.inputs(uri, file, variants, models[0]);
		if (!planned) return undefined;
		const state = newCompareState({
			name: file,
			path: historyName(uri),
			inputs: { ...planned.plan.inputs, ...planned.given },
			columns: withTests(buildColumns(models, variants), uri),
			output: outputSpecOf(planned.plan.request),
		});
		return { state, given: planned.given };
	}

	/**
	 * The opened prompt's plan (it must render) and values for the variables no version provides, asked once for all.
	 * Variants that fail to render are left to their columns, which show why.
	 */
	private async inputs(uri: vscode.Uri, file: string, variants: (string | undefined)[], model: string): Promise<{ plan: RunPlan; given: Record<string, unknown> } | undefined> {
		const answers = await Promise.all(variants.map((v) => requestPlan(this.deps.ctx, columnPromptUri(uri, v), { model })));
		const own = answers[variants.indexOf(parsePromptFileName(file)?.variant)] ?? answers[0];
		if (!own) {
			void vscode.window.showErrorMessage(`Prompt Lens: ${SERVER_NOT_RUNNING}`);
			return undefined;
		}
		if ('error' in own) {
			void vscode.window.showErrorMessage(`Prompt Lens cannot compare ${file}: ${own.error}`);
			return undefined;
		}
		const missing = [...new Set(answers.flatMap((a) => (a && 'plan' in a ? a.plan.missingVariables : [])))];
		if (missing.length === 0) return { plan: own.plan, given: {} };
		const given = await askInputs(this.deps.ctx.context.workspaceState, uri, missing, file);
		return given ? { plan: own.plan, given } : undefined;
	}

	/** `promptLens.openComparison [uri]`: a saved comparison back in the panel (no runs start; rerun from there). */
	async openSaved(arg?: unknown): Promise<CompareOutcome | undefined> {
		const file = arg instanceof vscode.Uri ? arg : typeof arg === 'string' && arg !== '' ? vscode.Uri.parse(arg, true) : await this.pickSaved();
		if (!file) return undefined;
		let parsed: unknown;
		try {
			parsed = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(file)));
		} catch (error) {
			void vscode.window.showErrorMessage(`Prompt Lens cannot open ${file.path.split('/').pop()}: ${error instanceof Error ? error.message : String(error)}`);
			return undefined;
		}
		const state = restoreState(parsed);
		if (!state || (parsed as { kind?: unknown }).kind !== SAVED_KIND) {
			void vscode.window.showErrorMessage(`Prompt Lens: ${file.path.split('/').pop()} is not a comparison saved by Prompt Lens (or one from a newer version).`);
			return undefined;
		}
		const restored = settleInterrupted(state);
		this.open(restored, await this.findPrompt(restored, file), restored.inputs);
		return { state: restored };
	}

	private async pickSaved(): Promise<vscode.Uri | undefined> {
		const folder = vscode.workspace.workspaceFolders?.[0];
		const picked = await vscode.window.showOpenDialog({
			title: 'Open a saved comparison',
			defaultUri: folder ? vscode.Uri.joinPath(folder.uri, ...SAVE_FOLDER) : undefined,
			canSelectMany: false,
			filters: { 'Prompt Lens comparison': ['json'] },
		});
		return picked?.[0];
	}

	/** The prompt a restored comparison names: relative to the saved file's workspace folder first, then to any open folder. */
	private async findPrompt(state: CompareState, savedFile?: vscode.Uri): Promise<vscode.Uri | undefined> {
		const path = state.prompt.path;
		if (!path) return undefined;
		if (/^[a-z][\w+.-]*:/i.test(path)) {
			try {
				return vscode.Uri.parse(path, true);
			} catch {
				return undefined;
			}
		}
		const home = savedFile && vscode.workspace.getWorkspaceFolder(savedFile);
		const folders = [...(home ? [home] : []), ...(vscode.workspace.workspaceFolders ?? [])];
		for (const folder of folders) {
			const candidate = vscode.Uri.joinPath(folder.uri, path);
			if (await exists(candidate)) return candidate;
		}
		return undefined;
	}

	private open(state: CompareState, prompt: vscode.Uri | undefined, inputs: Record<string, unknown>): ComparePanel {
		const panel = vscode.window.createWebviewPanel(COMPARE_VIEW_TYPE, `Compare: ${state.prompt.name || 'prompt'}`, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false }, panelOptions(this.extensionUri));
		return this.adopt(panel, state, prompt, inputs);
	}

	private adopt(webviewPanel: vscode.WebviewPanel, state: CompareState, prompt: vscode.Uri | undefined, inputs: Record<string, unknown>): ComparePanel {
		const runner = new ColumnRunner(this.deps, prompt, inputs);
		const panel: ComparePanel = new ComparePanel(webviewPanel, this.extensionUri, state, {
			canRun: () => runner.refusal(),
			prepare: (column) => runner.prepare(column),
			save: (current) => this.save(current, prompt, runner, panel),
			exportMarkdown: (current) => this.exportMarkdown(current, prompt, panel),
		}, this.deps.ctx.log, this.limiter);
		this.panels.add(panel);
		panel.onDidDispose(() => this.panels.delete(panel));
		return panel;
	}

	/** `.prompt-lens/compare/<prompt>-<time>.json` in the prompt's workspace folder; a notice in the panel says where. */
	private async save(state: CompareState, prompt: vscode.Uri | undefined, runner: ColumnRunner, panel: ComparePanel): Promise<string | undefined> {
		const notify = (level: 'info' | 'error', message: string): void => panel.session.notify({ level, message });
		const folder = saveFolder(prompt);
		if (!folder) {
			notify('error', 'Comparisons are saved in the workspace folder\'s .prompt-lens/compare; open a folder to save this one.');
			return undefined;
		}
		const now = new Date();
		const saved = savedComparison(state, now, [...runner.usedKeys, ...environmentSecrets()]);
		if ('error' in saved) {
			notify('error', saved.error);
			return undefined;
		}
		const target = await writeNew(folder, (attempt) => comparisonFileName(state.prompt.name, now, 'json', attempt), saved.text);
		notify('info', `Saved to ${vscode.workspace.asRelativePath(target)}. Reopen it with "Prompt Lens: Open Comparison".`);
		return target.toString();
	}

	/** A Markdown report beside the saved comparisons (untitled outside a folder), opened beside the panel. */
	private async exportMarkdown(state: CompareState, prompt: vscode.Uri | undefined, panel: ComparePanel): Promise<string | undefined> {
		const text = compareMarkdown(state);
		const folder = saveFolder(prompt);
		const document = folder
			? await vscode.workspace.openTextDocument(await writeNew(folder, (attempt) => comparisonFileName(state.prompt.name, new Date(), 'md', attempt), text))
			: await vscode.workspace.openTextDocument({ language: 'markdown', content: text });
		await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: false });
		panel.session.notify({ level: 'info', message: `Exported to ${folder ? vscode.workspace.asRelativePath(document.uri) : 'an untitled Markdown tab'}.` });
		return document.uri.toString();
	}

	/** Stops the runs but leaves the panels open: on a window reload VS Code restores them through the serializer. */
	dispose(): void {
		for (const panel of this.panels) panel.session.cancelAll();
	}
}

function saveFolder(prompt: vscode.Uri | undefined): vscode.Uri | undefined {
	const folder = (prompt && vscode.workspace.getWorkspaceFolder(prompt)) ?? vscode.workspace.workspaceFolders?.[0];
	return folder ? vscode.Uri.joinPath(folder.uri, ...SAVE_FOLDER) : undefined;
}

/** Writes a file that did not exist (a second save within the same second gets `-2`). */
async function writeNew(folder: vscode.Uri, name: (attempt: number) => string, text: string): Promise<vscode.Uri> {
	await vscode.workspace.fs.createDirectory(folder);
	for (let attempt = 1; ; attempt++) {
		const target = vscode.Uri.joinPath(folder, name(attempt));
		if (attempt < 100 && (await exists(target))) continue;
		await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
		return target;
	}
}

async function exists(uri: vscode.Uri): Promise<boolean> {
	try {
		await vscode.workspace.fs.stat(uri);
		return true;
	} catch {
		return false;
	}
}
