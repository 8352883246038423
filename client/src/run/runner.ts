// `promptLens.run`: plan (server) → inputs → provider and key (gates) → cache or a streamed, cancellable request → tab, history.
import * as vscode from 'vscode';
import type { RunPlan, RunResult } from '../../../server/src/core';
import { cachedAnswer, type ExecutorEvent } from '../../../server/src/host/runExecutor';
import type { Config } from '../config';
import type { Ctx } from '../ctx';
import type { ApiKeys } from './apiKeys';
import { askInputs } from './askInputs';
import { RunDocuments } from './runDocuments';
import { redact, runGate } from './runGate';
import { announce, offerSetKey } from './runMessages';
import { runReport, viewOfPlan, type RunView } from './runReport';
import { historyName, historyPath, promptFile, targetUri } from './promptTarget';
import { execute, logEvent, logRun, planEndpoint, requestPlan, SERVER_NOT_RUNNING, type Endpoint, type Execution, type Planned } from './runSteps';

/** What `promptLens.run` resolves to (tests and other commands read it); undefined when nothing ran. */
export interface RunOutcome {
	status: RunResult['status'];
	cached: boolean;
	/** The output tab's URI. */
	output: string;
}

export class Runner {
	private readonly inFlight = new Set<string>();

	constructor(private readonly ctx: Ctx, private readonly docs: RunDocuments, private readonly keys: ApiKeys, private readonly config: Config) {}

	async run(arg?: unknown): Promise<RunOutcome | undefined> {
		// Checked before anything else: an untrusted workspace sends no request, not even to our own server.
		const gate = runGate(vscode.workspace.isTrusted);
		if (!gate.ok) {
			const choice = await vscode.window.showWarningMessage(gate.message, 'Manage Workspace Trust');
			if (choice) await vscode.commands.executeCommand('workbench.trust.manage');
			return undefined;
		}
		const uri = targetUri(arg);
		if (!uri) {
			void vscode.window.showErrorMessage('Prompt Lens: open a .prompt file to run it.');
			return undefined;
		}
		if (this.inFlight.has(uri.toString())) {
			void vscode.window.showInformationMessage(`Prompt Lens: ${promptFile(uri)} is already running; cancel it in its notification to start again.`);
			return undefined;
		}
		this.inFlight.add(uri.toString());
		try {
			return await this.runPrompt(uri);
		} finally {
			this.inFlight.delete(uri.toString());
		}
	}

	private async runPrompt(uri: vscode.Uri): Promise<RunOutcome | undefined> {
		const file = promptFile(uri);
		const plan = await this.plan(uri, file);
		if (!plan) return undefined;
		const planned = await this.endpoint(uri, plan);
		if (!planned) return undefined;
		const { provider, modelId, key } = planned;
		const settings = this.config.settings(uri);
		const history = historyPath(uri, settings);
		const named = { ...plan, prompt: historyName(uri) };
		// A cached answer sends nothing, so it needs no key.
		const cached = settings['cache.enabled'] ? await cachedAnswer({ plan: named, provider, history, onEvent: (event) => logEvent(this.ctx.log, event) }) : undefined;
		if (!cached && !key.ok) {
			offerSetKey(`Prompt Lens: ${key.message}`, provider.id);
			return undefined;
		}
		const endpoint: Endpoint = { provider, modelId, apiKey: key.ok ? key.apiKey : undefined };
		const output = RunDocuments.outputUri(uri);
		const view = viewOfPlan(file, plan, provider, modelId);
		this.docs.set(output, runReport(view));
		await this.docs.show(output);
		const run: Execution = { plan: named, endpoint, settings, history, cache: false, cached };
		const result = cached ? await execute(this.ctx.log, run) : await this.send(run, view, output);
		view.result = result;
		this.docs.set(output, runReport(view));
		logRun(this.ctx.log, file, endpoint, result);
		announce(result, { file, provider: endpoint.provider.id, modelId: endpoint.modelId });
		return { status: result.status, cached: result.cached === true, output: output.toString() };
	}

	/** Asks the server for the request; then once more with values for the variables nothing provided. */
	private async plan(uri: vscode.Uri, file: string): Promise<RunPlan | undefined> {
		let answer = await requestPlan(this.ctx, uri);
		if (answer && 'plan' in answer && answer.plan.missingVariables.length > 0) {
			const inputs = await askInputs(this.ctx.context.workspaceState, uri, answer.plan.missingVariables, file);
			if (!inputs) return undefined;
			answer = await requestPlan(this.ctx, uri, { inputs });
		}
		if (!answer) {
			void vscode.window.showErrorMessage(`Prompt Lens: ${SERVER_NOT_RUNNING}`);
			return undefined;
		}
		if ('error' in answer) {
			void vscode.window.showErrorMessage(`Prompt Lens cannot run ${file}: ${answer.error}`);
			return undefined;
		}
		return answer.plan;
	}

	/** The provider (trust-gated) and the key that may go to it. */
	private async endpoint(uri: vscode.Uri, plan: RunPlan): Promise<Planned | undefined> {
		const planned = await planEndpoint(plan, this.config.providers(uri), this.keys);
		if (!planned.ok) {
			void vscode.window.showErrorMessage(`Prompt Lens: ${planned.message}`);
			return undefined;
		}
		return planned;
	}

	/** The request with a progress notification (Cancel aborts it), streaming into the output tab. */
	private send(run: Execution, view: RunView, output: vscode.Uri): Thenable<RunResult> {
		const { endpoint, settings } = run;
		const title = `Prompt Lens: running ${view.file} on ${endpoint.provider.id}/${endpoint.modelId}`;
		return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
			const abort = new AbortController();
			const cancel = token.onCancellationRequested(() => abort.abort());
			progress.report({ message: 'waiting for the first token…' });
			const onEvent = (event: ExecutorEvent): void => {
				if (event.type === 'delta') {
					view.output += event.text;
					this.docs.update(output, () => runReport(view));
				} else if (event.type === 'first-token') {
					view.firstTokenMs = event.ms;
					progress.report({ message: 'streaming…' });
				} else if (event.type === 'retry') {
					view.retries.push(event);
					const reason = redact(event.reason, [endpoint.apiKey]);
					progress.report({ message: `${reason}; retry ${event.attempt} of ${settings['run.maxRetries']} in ${Math.ceil(event.delayMs / 1000)} s` });
					this.ctx.log.warn(`run ${view.file}: ${reason}; retry ${event.attempt} in ${event.delayMs} ms`);
					this.docs.update(output, () => runReport(view));
				}
			};
			try {
				return await execute(this.ctx.log, { ...run, signal: abort.signal, onEvent });
			} finally {
				cancel.dispose();
			}
		});
	}
}
