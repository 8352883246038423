// `promptLens.showRunHistory` (a prompt's runs, newest first, opened in the run view) and `promptLens.diffWithPreviousRun`.
import * as vscode from 'vscode';
import { formatCost } from '../../../server/src/core';
import type { RunRecord } from '../../../server/src/core';
import { brokenLinesNote, readHistory } from '../../../server/src/host/runHistory';
import type { Config } from '../config';
import { historyName, historyPath, promptFile, targetUri } from './promptTarget';
import { RunDocuments } from './runDocuments';
import { duration, runReport, viewOfRecord } from './runReport';

const STATUS_ICON: Record<RunRecord['result']['status'], string> = { ok: '$(check)', incomplete: '$(warning)', cancelled: '$(circle-slash)', error: '$(error)' };

type RunItem = vscode.QuickPickItem & { record: RunRecord };

export class RunHistoryView {
	constructor(private readonly docs: RunDocuments, private readonly config: Config) {}

	/** Picks a run of the prompt (or takes `runId`) and opens its report; resolves with the opened URI. */
	async show(arg?: unknown, runId?: unknown): Promise<string | undefined> {
		const found = await this.records(arg);
		if (!found) return undefined;
		const { uri, records } = found;
		const record = typeof runId === 'string' ? records.find((r) => r.id === runId) : await pick(records, `Runs of ${promptFile(uri)}, newest first`);
		if (!record) return undefined;
		const shown = RunDocuments.recordUri(uri, record.id, `run ${timeOf(record)}`);
		this.docs.set(shown, runReport(viewOfRecord(promptFile(uri), record)));
		await this.docs.show(shown);
		return shown.toString();
	}

	/** Diffs a run's output (the newest, or the one picked) against the run before it. */
	async diff(arg?: unknown, runId?: unknown): Promise<void> {
		const found = await this.records(arg);
		if (!found) return;
		const { uri, records } = found;
		if (records.length < 2) {
			void vscode.window.showInformationMessage(`Prompt Lens: ${promptFile(uri)} has ${records.length === 0 ? 'no run' : 'one run'} in the history; a diff needs two.`);
			return;
		}
		const candidates = records.slice(0, -1);
		const chosen = typeof runId === 'string'
			? candidates.find((r) => r.id === runId)
			: candidates.length === 1 ? candidates[0] : await pick(candidates, 'Compare which run with the run before it?');
		if (!chosen) return;
		const previous = records[records.indexOf(chosen) + 1];
		const left = this.outputDocument(uri, previous);
		const right = this.outputDocument(uri, chosen);
		await vscode.commands.executeCommand('vscode.diff', left, right, `${promptFile(uri)}: run ${timeOf(previous)} ↔ ${timeOf(chosen)}`, { preview: false });
	}

	/** The prompt's runs, newest first; explains instead when there is no history to read. */
	private async records(arg: unknown): Promise<{ uri: vscode.Uri; records: RunRecord[] } | undefined> {
		const uri = targetUri(arg);
		if (!uri) {
			void vscode.window.showErrorMessage('Prompt Lens: open a .prompt file to see its runs.');
			return undefined;
		}
		const history = historyPath(uri, this.config.settings(uri));
		if (!history) {
			void vscode.window.showInformationMessage('Prompt Lens: there is no run history here: it is off (promptLens.history.enabled) or the prompt is not in a local workspace folder.');
			return undefined;
		}
		const read = await readHistory(history, historyName(uri));
		const note = brokenLinesNote(vscode.workspace.asRelativePath(history), read.broken);
		if (note) void vscode.window.showWarningMessage(`Prompt Lens: ${note}.`);
		const records = read.records.reverse();
		if (records.length === 0) void vscode.window.showInformationMessage(`Prompt Lens: no runs of ${promptFile(uri)} yet in ${vscode.workspace.asRelativePath(history)}.`);
		return records.length === 0 ? undefined : { uri, records };
	}

	private outputDocument(prompt: vscode.Uri, record: RunRecord): vscode.Uri {
		const uri = RunDocuments.recordUri(prompt, `${record.id}.output`, `output ${timeOf(record)}`);
		this.docs.set(uri, record.result.output);
		return uri;
	}
}

async function pick(records: RunRecord[], title: string): Promise<RunRecord | undefined> {
	const items: RunItem[] = records.map((record) => ({ record, ...describeRun(record) }));
	return (await vscode.window.showQuickPick(items, { title, matchOnDescription: true, matchOnDetail: true }))?.record;
}

function describeRun(record: RunRecord): vscode.QuickPickItem {
	const { result } = record;
	const facts = [
		record.model,
		result.cost !== undefined ? formatCost(result.cost) : 'cost unknown',
		duration(result.totalMs),
		result.usage ? `${result.usage.inputTokens} in / ${result.usage.outputTokens} out` : undefined,
		result.cached ? '(cached)' : undefined,
	];
	const preview = result.error ? `${result.error.kind}: ${result.error.message}` : result.output.replace(/\s+/g, ' ').trim();
	return {
		label: `${STATUS_ICON[result.status]} ${result.status} · ${timeOf(record)}`,
		description: facts.filter((f) => f !== undefined).join(' · '),
		detail: preview.length > 120 ? `${preview.slice(0, 119)}…` : preview || '(no output)',
	};
}

function timeOf(record: RunRecord): string {
	const date = new Date(record.result.startedAt);
	return Number.isNaN(date.getTime()) ? record.result.startedAt : date.toLocaleString();
}
