// executeRun: where a run happens — for `prompt-lens run`, ▶ Run, each compare column and (next) the test runner.
// A planned request → the response cache → the provider (the engine: streaming, retries, timeout, cancel) → events →
// one history record (keys redacted) → the result. Callers only render the events and the result.
import { GENERIC_KEY_ENV, builtInKeyEnvs } from '../core';
import { runChat } from '../core';
import { requestHash } from '../core';
import type { ProviderConfig, RunEvent, RunPlan, RunResult } from '../core';
import type { Settings } from '../core';
import { errorMessage } from '../core';
import { appendRun, brokenLinesNote, cachedRunResult, findCached, recordRun } from './runHistory';

export type ExecutorEvent =
	| RunEvent
	/** The request is about to leave (not sent for a cached answer). */
	| { type: 'start'; provider: string; model: string }
	/** Something the user should know that did not stop the run (history unreadable or not written, lines skipped). */
	| { type: 'warning'; message: string }
	/** The record was written; `redacted` when a key in it was replaced by `[redacted]`. */
	| { type: 'saved'; file: string; redacted: boolean }
	| { type: 'done'; result: RunResult };

export interface RunRequest {
	/** `plan.prompt` is the name the history records (relative to the workspace or settings folder). */
	plan: RunPlan;
	provider: ProviderConfig;
	apiKey?: string;
	settings: Pick<Settings, 'run.timeoutSeconds' | 'run.maxRetries'>;
	/** The history file; undefined when history is off (then nothing is cached either). */
	history?: string;
	/** Answer a request answered before from the history, free. Ignored without a history. */
	cache: boolean;
	/** An answer the caller already looked up (to know whether a key is needed at all); skips the lookup. */
	cached?: RunResult;
	/** The environment whose key variables are never written to the history, whichever run used them. */
	env: Readonly<Record<string, string | undefined>>;
	signal?: AbortSignal;
	onEvent?: (event: ExecutorEvent) => void;
	/** The last check before the network (VS Code: workspace trust); its refusal comes back as the result. */
	gate?: (send: () => Promise<RunResult>) => Promise<RunResult>;
	/** Wraps the history write (the CLI keeps a second Ctrl-C from cutting it short). */
	critical?: <T>(work: () => Promise<T>) => Promise<T>;
	fetch?: typeof fetch;
	now?: () => number;
}

export interface Executed {
	result: RunResult;
	/** The request's hash (with the endpoint): the history's and the cache's key. */
	hash: string;
}

/** Never throws: every failure is a result (status `error`) or a warning event. */
export async function executeRun(request: RunRequest): Promise<Executed> {
	const hash = requestHash(request.plan.request, request.provider.baseURL);
	const emit = (event: ExecutorEvent) => {
		try {
			request.onEvent?.(event);
		} catch {
			// A failing renderer must not lose the run.
		}
	};
	const cached =
		request.cached ??
		(request.cache && request.history ? await lookupCache(request.history, hash, emit, request.now) : undefined);
	const result = cached ?? (await send(request, emit));
	if (request.history) await save(request, result, emit);
	emit({ type: 'done', result });
	return { result, hash };
}

/** The history's answer to this request, as this run's (free, at once); undefined when there is none. */
export async function cachedAnswer(
	request: Pick<RunRequest, 'plan' | 'provider' | 'history' | 'now' | 'onEvent'>,
): Promise<RunResult | undefined> {
	if (!request.history) return undefined;
	const hash = requestHash(request.plan.request, request.provider.baseURL);
	return lookupCache(request.history, hash, (event) => request.onEvent?.(event), request.now);
}

async function lookupCache(
	history: string,
	hash: string,
	emit: (event: ExecutorEvent) => void,
	now: () => number = Date.now,
): Promise<RunResult | undefined> {
	const started = now();
	try {
		const hit = await findCached(history, hash);
		const note = brokenLinesNote(history, hit.broken);
		if (note) emit({ type: 'warning', message: note });
		return hit.record ? cachedRunResult(hit.record, started, now()) : undefined;
	} catch (error) {
		emit({
			type: 'warning',
			message: `cannot read the history for the cache (${errorMessage(error)}); sending the request`,
		});
		return undefined;
	}
}

function send(request: RunRequest, emit: (event: ExecutorEvent) => void): Promise<RunResult> {
	const call = () => {
		emit({ type: 'start', provider: request.provider.id, model: request.plan.request.model });
		return runChat(request.plan.request, {
			provider: request.provider,
			apiKey: request.apiKey,
			signal: request.signal,
			timeoutMs: request.settings['run.timeoutSeconds'] * 1000,
			maxRetries: request.settings['run.maxRetries'],
			now: request.now ?? Date.now,
			onEvent: emit,
			price: request.plan.price,
			fetch: request.fetch,
		});
	};
	return request.gate ? request.gate(call) : call();
}

async function save(request: RunRequest, result: RunResult, emit: (event: ExecutorEvent) => void): Promise<void> {
	const file = request.history as string;
	const append = () =>
		appendRun(file, recordRun(request.plan, request.provider, result), [request.apiKey, ...envSecrets(request.env)]);
	try {
		const { redacted } = await (request.critical ? request.critical(append) : append());
		emit({ type: 'saved', file, redacted });
	} catch (error) {
		emit({ type: 'warning', message: `the run was not added to the history ${file}: ${errorMessage(error)}` });
	}
}

/** The values of the key variables in `env`: never written to a file, whichever run used them. */
export function envSecrets(env: Readonly<Record<string, string | undefined>>): (string | undefined)[] {
	return [...builtInKeyEnvs(), GENERIC_KEY_ENV].map((name) => env[name]);
}
