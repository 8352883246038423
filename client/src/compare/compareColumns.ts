// How one column of a comparison runs in VS Code: its plan from the server (model override, the variant's file), endpoint and key, history, log.
import * as vscode from 'vscode';
import type { CompareColumn } from '../../../media/shared/compareMessages';
import type { Config } from '../config';
import type { Ctx } from '../ctx';
import type { ApiKeys } from '../run/apiKeys';
import { historyName, historyPath, promptFile } from '../run/promptTarget';
import { runGate } from '../run/runGate';
import { execute, logRun, planEndpoint, requestPlan, SERVER_NOT_RUNNING, type Endpoint } from '../run/runSteps';
import type { Preparation } from './compareSession';
import { outputSpecOf } from './compareState';
import { parsePromptFileName, promptFileName } from './compareTargets';

export interface RunDeps {
	ctx: Ctx;
	config: Config;
	keys: ApiKeys;
}

/** The file a column runs: the prompt itself, or its variant beside it (`name.variant.prompt`). */
export function columnPromptUri(prompt: vscode.Uri, variant: string | undefined): vscode.Uri {
	const file = promptFile(prompt);
	const parsed = parsePromptFileName(file);
	if (!parsed || parsed.variant === variant) return prompt;
	return vscode.Uri.joinPath(prompt, '..', promptFileName(parsed.name, variant));
}

/**
 * Prepares the columns of one comparison. Inputs are the ones the comparison was opened with, so every column (and
 * every rerun) renders the same values. Keys used are remembered so a saved comparison can be checked for them.
 */
export class ColumnRunner {
	readonly usedKeys = new Set<string>();

	constructor(private readonly deps: RunDeps, readonly prompt: vscode.Uri | undefined, private readonly inputs: Record<string, unknown>) {}

	/** Why the columns cannot run now, or undefined. */
	refusal(): string | undefined {
		const gate = runGate(vscode.workspace.isTrusted);
		if (!gate.ok) return gate.message;
		if (!this.prompt) return 'The prompt of this comparison is not in the open workspace, so its columns cannot run again. Open the folder that has it, or compare the prompt anew.';
		return undefined;
	}

	async prepare(column: CompareColumn): Promise<Preparation> {
		const refusal = this.refusal();
		if (refusal || !this.prompt) return { ok: false, kind: 'config', message: refusal ?? '' };
		const uri = columnPromptUri(this.prompt, column.target.variant);
		const file = promptFile(uri);
		const answer = await requestPlan(this.deps.ctx, uri, { inputs: this.inputs, model: column.target.model });
		if (!answer) return { ok: false, kind: 'config', message: `Prompt Lens: ${SERVER_NOT_RUNNING}` };
		if ('error' in answer) return { ok: false, kind: 'config', message: `${file}: ${answer.error}` };
		const plan = answer.plan;
		const planned = await planEndpoint(plan, this.deps.config.providers(uri), this.deps.keys);
		if (!planned.ok) return { ok: false, kind: 'config', message: planned.message };
		if (!planned.key.ok) return { ok: false, kind: 'auth', message: planned.key.message };
		const endpoint: Endpoint = { provider: planned.provider, modelId: planned.modelId, apiKey: planned.key.apiKey };
		if (endpoint.apiKey) this.usedKeys.add(endpoint.apiKey);
		const settings = this.deps.config.settings(uri);
		const history = historyPath(uri, settings);
		const log = this.deps.ctx.log;
		return {
			ok: true,
			provider: endpoint.provider.id,
			output: outputSpecOf(plan.request),
			run: async (signal, onEvent) => {
				// The compare view never answers from the cache: cached latencies would make the comparison meaningless.
				const result = await execute(log, { plan: { ...plan, prompt: historyName(uri) }, endpoint, settings, history, cache: false, signal, onEvent: (event) => {
					if (event.type === 'delta' || event.type === 'first-token' || event.type === 'retry') onEvent(event);
				} });
				logRun(log, `${file} (compare)`, endpoint, result);
				return result;
			},
		};
	}

}
