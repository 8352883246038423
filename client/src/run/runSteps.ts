// The steps of a run after its plan, shared by `promptLens.run` and the compare view: endpoint and key, the gated request, history, log.
import * as vscode from 'vscode';
import type { ProviderConfig, RunEvent, RunPlan, RunResult } from '../../../server/src/core/run';
import { runChat } from '../../../server/src/core/run/engine';
import { builtInKeyEnvs } from '../../../server/src/core/run/keyPolicy';
import type { Settings } from '../../../server/src/core/settings';
import { appendRun, recordRun } from '../../../server/src/host/runHistory';
import { RunPlanRequest, type RunPlanParams } from '../../../server/src/protocol';
import type { Ctx } from '../ctx';
import { describe, type Log } from '../log';
import type { ApiKeys } from './apiKeys';
import { chooseKey, gatedSend, providerGate, redact, runTarget, type KeyChoice } from './runGate';

/** The run's endpoint and key; the key stays in this object and the request. */
export interface Endpoint {
	provider: ProviderConfig;
	modelId: string;
	apiKey?: string;
}

/** Where a plan runs and which key may go there (`key.ok` false: none may). */
export type Planned = { provider: ProviderConfig; modelId: string; key: KeyChoice };

export type PlanAnswer = { plan: RunPlan } | { error: string };

/**
 * Asks the server to render the prompt into its request. Opening the document first syncs it to the server (it may
 * come from the explorer's context menu, or be a variant nobody opened). Undefined when the server is not running.
 */
export async function requestPlan(ctx: Ctx, uri: vscode.Uri, params: Omit<RunPlanParams, 'uri'> = {}): Promise<PlanAnswer | undefined> {
	const client = ctx.languageClient;
	if (!client?.isRunning()) return undefined;
	await vscode.workspace.openTextDocument(uri);
	return client.sendRequest(RunPlanRequest, { uri: uri.toString(), ...params });
}

export const SERVER_NOT_RUNNING = 'the language server is not running; run "Prompt Lens: Restart Language Server" and try again.';

/** The provider (trust-gated) and the key that may go to it; `message` says why the plan cannot run here. */
export async function planEndpoint(plan: RunPlan, userProviders: ProviderConfig[], keys: ApiKeys): Promise<({ ok: true } & Planned) | { ok: false; message: string }> {
	const resolved = runTarget(plan, userProviders);
	if (!resolved.ok) return resolved;
	const { provider, modelId } = resolved;
	const gate = providerGate(provider, vscode.workspace.isTrusted);
	if (!gate.ok) return gate;
	const stored = await keys.get(provider.id);
	let key = chooseKey(provider, stored, process.env, keys.allowedKeyEnvs());
	if (!key.ok && key.consent && await keys.askToSend(provider, key.consent)) key = chooseKey(provider, stored, process.env, keys.allowedKeyEnvs());
	return { ok: true, provider, modelId, key };
}

/** Sends the plan's request, streaming events to `onEvent`; trust and the provider are checked again right before it leaves. */
export async function sendPlan(plan: RunPlan, endpoint: Endpoint, settings: Settings, signal: AbortSignal, onEvent: (event: RunEvent) => void): Promise<RunResult> {
	const sent = await gatedSend(vscode.workspace.isTrusted, endpoint.provider, () => runChat(plan.request, {
		provider: endpoint.provider,
		apiKey: endpoint.apiKey,
		signal,
		timeoutMs: settings['run.timeoutSeconds'] * 1000,
		maxRetries: settings['run.maxRetries'],
		now: Date.now,
		onEvent,
		price: plan.price,
	}));
	return sent.ok ? sent.value : refused(sent.message);
}

/** The keys in the presets' environment variables: never written to a file, whichever run used them. */
export function envSecrets(): (string | undefined)[] {
	return builtInKeyEnvs().map((name) => process.env[name]);
}

/** Appends the run to the history; a failure is logged (without the key), never thrown: the answer matters more. */
export async function saveRun(log: Log, history: string, plan: RunPlan, endpoint: Endpoint, result: RunResult): Promise<void> {
	const secrets = [endpoint.apiKey, ...envSecrets()];
	try {
		const { redacted } = await appendRun(history, recordRun(plan, endpoint.provider, result), secrets);
		if (redacted) log.info(`the record of this run contained an API key; it is stored in ${history} as [redacted]`);
	} catch (error) {
		log.warn(`the run was not added to the history ${history}: ${redact(describe(error), secrets)}`);
	}
}

/** One line per run in the log: endpoint, status, latency, usage, cost, attempts, error; the key cut out. */
export function logRun(log: Log, file: string, endpoint: Endpoint, result: RunResult): void {
	const parts = [
		`run ${file}: ${endpoint.provider.id}/${endpoint.modelId} (${endpoint.provider.baseURL}) → ${result.status}${result.cached ? ' (cached)' : ''}`,
		`${result.totalMs} ms`,
		result.usage ? `${result.usage.inputTokens} in / ${result.usage.outputTokens} out` : undefined,
		result.cost !== undefined ? `$${result.cost}` : undefined,
		result.attempts > 1 ? `${result.attempts} attempts` : undefined,
		result.error ? `${result.error.kind}${result.error.status ? ` ${result.error.status}` : ''}: ${result.error.message}` : undefined,
	];
	const line = redact(parts.filter((p) => p !== undefined).join(' · '), [endpoint.apiKey]);
	if (result.status === 'ok' || result.status === 'cancelled') log.info(line);
	else log.warn(line);
}

/** A run that never left: the same shape as any other result, so callers show it the same way. */
export function refused(message: string, kind: NonNullable<RunResult['error']>['kind'] = 'config'): RunResult {
	return { status: 'error', output: '', startedAt: new Date().toISOString(), totalMs: 0, attempts: 0, error: { kind, message } };
}
