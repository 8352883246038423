// The steps of a run after its plan, shared by `promptLens.run` and the compare view: endpoint and key, then the one
// executor (server/src/host/runExecutor.ts) behind the trust gate, and the log.
import * as vscode from 'vscode';
import type { ProviderConfig, RunPlan, RunResult } from '../../../server/src/core';
import type { Settings } from '../../../server/src/core';
import { envSecrets, executeRun, type ExecutorEvent } from '../../../server/src/host/runExecutor';
import { RunPlanRequest, type RunPlanParams } from '../../../server/src/protocol';
import type { Ctx } from '../ctx';
import type { Log } from '../log';
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

export interface Execution {
	/** `plan.prompt` as the history names it (workspace-relative). */
	plan: RunPlan;
	endpoint: Endpoint;
	settings: Settings;
	history?: string;
	cache: boolean;
	/** An answer already found in the history (see cachedAnswer). */
	cached?: RunResult;
	signal?: AbortSignal;
	onEvent?: (event: ExecutorEvent) => void;
}

/**
 * Runs the plan through the one executor (host/runExecutor.ts): cache, the request, the history. Trust and the provider
 * are checked again right before the request leaves; history problems go to the log.
 */
export async function execute(log: Log, run: Execution): Promise<RunResult> {
	const { result } = await executeRun({
		plan: run.plan,
		provider: run.endpoint.provider,
		apiKey: run.endpoint.apiKey,
		settings: run.settings,
		history: run.history,
		cache: run.cache,
		cached: run.cached,
		env: process.env,
		signal: run.signal,
		onEvent: (event) => {
			logEvent(log, event, run.endpoint);
			run.onEvent?.(event);
		},
		gate: async (send) => {
			const sent = await gatedSend(vscode.workspace.isTrusted, run.endpoint.provider, send);
			return sent.ok ? sent.value : refused(sent.message);
		},
	});
	return result;
}

/** History warnings and redactions in the log, without the key. */
export function logEvent(log: Log, event: ExecutorEvent, endpoint?: Endpoint): void {
	if (event.type === 'warning') log.warn(redact(event.message, [endpoint?.apiKey, ...envSecrets(process.env)]));
	else if (event.type === 'saved' && event.redacted) log.info(`the record of this run contained an API key; it is stored in ${event.file} as [redacted]`);
}

/** The keys in the environment's key variables: never written to a file, whichever run used them. */
export function environmentSecrets(): (string | undefined)[] {
	return envSecrets(process.env);
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
