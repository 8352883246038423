// runChat: sends one chat request to an OpenAI-compatible provider, streams the answer, retries what is safe to retry, keeps every token.
import OpenAI from 'openai';
import type { ChatCompletionCreateParamsStreaming } from 'openai/resources/chat/completions';
import type { ModelPrice } from '../models/types';
import { estimateCost } from '../pricing';
import { guardedFetch } from './guardedFetch';
import { classifyError, notFoundMessage, redactSecrets, timeoutError, type Classified } from './runErrors';
import { retryDelayMs } from './retryPolicy';
import type { ChatRequest, ProviderConfig, RunError, RunEvent, RunResult, Usage } from './runTypes';
import { emptyStreamState, hasOutput, readStream, type StreamState } from './streamReader';

export interface RunOptions {
	provider: ProviderConfig;
	/** Sent only to `provider.baseURL`; undefined for local servers that need none. */
	apiKey?: string;
	signal?: AbortSignal;
	/** For the whole run, retries and their waits included. */
	timeoutMs: number;
	maxRetries: number;
	/** Milliseconds since the epoch; the engine reads no clock of its own. */
	now: () => number;
	fetch?: typeof fetch;
	/** Waits between retries; tests pass one that returns at once. Rejects (or returns early) when `signal` aborts. */
	sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
	onEvent?: (event: RunEvent) => void;
	price?: ModelPrice;
	/** In [0, 1): the jitter of the backoff; tests pin it. */
	random?: () => number;
}

const MODEL_LIST_TIMEOUT_MS = 10_000;

export function costOf(usage: Usage, price?: ModelPrice): number | undefined {
	return price ? estimateCost(usage, price).total : undefined;
}

/**
 * The SDK client for one provider, with only our headers, the key only to the provider's origin (guardedFetch), and
 * none of the SDK's environment defaults. `timeoutMs` bounds the wait for response headers.
 */
export function providerClient(provider: ProviderConfig, apiKey: string | undefined, fetch: typeof globalThis.fetch | undefined, timeoutMs: number): OpenAI {
	return new OpenAI({
		// The SDK insists on a key; with none, guardedFetch sends no Authorization header at all.
		apiKey: apiKey ?? 'none',
		baseURL: provider.baseURL,
		defaultHeaders: provider.headers,
		fetch: guardedFetch({ baseURL: provider.baseURL, apiKey, headers: provider.headers }, fetch),
		// Retries are ours (bounded, visible, never after the first token).
		maxRetries: 0,
		timeout: timeoutMs,
		// Never let the SDK pick up OPENAI_ORG_ID / OPENAI_PROJECT_ID / OPENAI_ADMIN_KEY (which would replace our
		// Authorization header) and send them to another provider, nor log bodies.
		organization: null,
		project: null,
		adminAPIKey: null,
		webhookSecret: null,
		logLevel: 'off',
	});
}

/** Never throws: every failure comes back as a RunResult with `status` and `error`, and whatever output arrived. */
export async function runChat(request: ChatRequest, options: RunOptions): Promise<RunResult> {
	const run = new Run(request, options);
	try {
		return await run.execute();
	} catch (error) {
		// Our bug, not the provider's; still a result, so the caller can show it and keep what arrived.
		return run.finish('error', classifyError(error, run.errorContext()).error);
	} finally {
		run.dispose();
	}
}

/** One run's state: the abort wiring (user cancel + timeout), the attempt count, and what the stream delivered. */
class Run {
	private readonly startMs: number;
	private readonly controller = new AbortController();
	private readonly timer: ReturnType<typeof setTimeout>;
	private readonly onUserAbort = () => this.stop('cancelled');
	private readonly client: OpenAI;
	private stopped?: 'cancelled' | 'timeout';
	private state: StreamState = emptyStreamState();
	private attempts = 0;

	constructor(private readonly request: ChatRequest, private readonly options: RunOptions) {
		this.startMs = options.now();
		// setTimeout fires at once for delays past 2^31 - 1 ms; the setting's maximum (an hour) is far below.
		this.timer = setTimeout(() => this.stop('timeout'), Math.min(Math.max(0, options.timeoutMs), 2 ** 31 - 1));
		if (options.signal?.aborted) this.stop('cancelled');
		else options.signal?.addEventListener('abort', this.onUserAbort, { once: true });
		this.client = providerClient(options.provider, options.apiKey, options.fetch, Math.max(1, Math.ceil(options.timeoutMs) + 1000));
	}

	async execute(): Promise<RunResult> {
		for (;;) {
			if (this.stopped) return this.stopResult();
			this.attempts++;
			const failure = await this.attempt();
			if (this.stopped) return this.stopResult();
			if (!failure) return this.completed();
			if (hasOutput(this.state)) return this.finish('incomplete', this.brokenOff(failure.error));
			if (!failure.retryable || this.attempts > this.options.maxRetries) return this.finish('error', await this.withModelList(failure.error));
			await this.wait(failure);
		}
	}

	errorContext() {
		return { provider: this.options.provider, modelId: this.request.model, hasKey: this.options.apiKey !== undefined, nowMs: this.options.now() };
	}

	dispose(): void {
		clearTimeout(this.timer);
		this.options.signal?.removeEventListener('abort', this.onUserAbort);
	}

	finish(status: RunResult['status'], error?: RunError): RunResult {
		const { state, options } = this;
		const result: RunResult = {
			status,
			output: state.output,
			startedAt: new Date(this.startMs).toISOString(),
			totalMs: Math.max(0, options.now() - this.startMs),
			attempts: this.attempts,
		};
		if (state.finishReason) result.finishReason = state.finishReason;
		if (state.usage) {
			result.usage = state.usage;
			const cost = costOf(state.usage, options.price);
			if (cost !== undefined) result.cost = cost;
		}
		if (state.firstTokenMs !== undefined) result.firstTokenMs = state.firstTokenMs;
		if (state.toolCalls.length > 0) result.toolCalls = state.toolCalls;
		if (error) result.error = { ...error, message: redactSecrets(error.message, options.apiKey) };
		return result;
	}

	private stop(why: 'cancelled' | 'timeout'): void {
		this.stopped ??= why;
		this.controller.abort();
	}

	/** One request: undefined when the stream ran to its end, else what went wrong. */
	private async attempt(): Promise<Classified | undefined> {
		this.state = emptyStreamState();
		const body = { ...this.request, stream: true, stream_options: { include_usage: true } } as unknown as ChatCompletionCreateParamsStreaming;
		try {
			const stream = await this.client.chat.completions.create(body, { signal: this.controller.signal });
			await readStream(stream, this.state, () => this.options.now() - this.startMs, (event) => this.emit(event));
			return undefined;
		} catch (error) {
			return classifyError(error, this.errorContext());
		}
	}

	/** The stream ended without an error; it is complete only if the provider said how it finished. */
	private completed(): RunResult {
		if (this.state.finishReason !== undefined) return this.finish('ok');
		if (hasOutput(this.state)) {
			return this.finish('incomplete', { kind: 'network', message: `The connection to ${this.options.provider.id} closed before the answer was complete; the text so far is kept.` });
		}
		return this.finish('error', { kind: 'malformed', message: `${this.options.provider.id} answered, but not with a chat completion stream (no text and no finish reason). Check that ${this.options.provider.baseURL} is an OpenAI-compatible API.` });
	}

	/** A network error after the first token is not "could not reach": say the answer broke off. */
	private brokenOff(error: RunError): RunError {
		if (error.kind !== 'network') return error;
		const cause = /\((.*)\)/.exec(error.message)?.[1];
		return { ...error, message: `The connection to ${this.options.provider.id} broke during the answer${cause ? ` (${cause})` : ''}; the text so far is kept.` };
	}

	private stopResult(): RunResult {
		const partial = hasOutput(this.state);
		if (this.stopped === 'cancelled') return this.finish('cancelled', { kind: 'cancelled', message: `The run was cancelled${partial ? '; the text so far is kept' : ''}.` });
		return this.finish(partial ? 'incomplete' : 'error', timeoutError(partial));
	}

	private async wait(failure: Classified): Promise<void> {
		const delayMs = retryDelayMs(this.attempts, failure.waitMs, this.options.random);
		this.emit({ type: 'retry', attempt: this.attempts + 1, delayMs, reason: failure.error.message });
		try {
			await (this.options.sleep ?? sleep)(delayMs, this.controller.signal);
		} catch {
			// Aborted while waiting: the loop sees `stopped`.
		}
	}

	/** A 404 names the models the provider does have, when it lists them. */
	private async withModelList(error: RunError): Promise<RunError> {
		if (error.kind !== 'not-found') return error;
		const available = await this.listModels();
		if (!available) return error;
		return { ...error, availableModels: available, message: notFoundMessage(this.errorContext(), available) };
	}

	private async listModels(): Promise<string[] | undefined> {
		try {
			const page = await this.client.models.list({ signal: this.controller.signal, timeout: MODEL_LIST_TIMEOUT_MS });
			return page.data.map((m) => m.id).filter((id): id is string => typeof id === 'string');
		} catch {
			return undefined;
		}
	}

	private emit(event: RunEvent): void {
		if (event.type === 'retry') event = { ...event, reason: redactSecrets(event.reason, this.options.apiKey) };
		try {
			this.options.onEvent?.(event);
		} catch {
			// A failing listener must not lose the answer.
		}
	}
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
	return new Promise((resolve, reject) => {
		if (signal?.aborted) return reject(new Error('aborted'));
		const timer = setTimeout(done, ms);
		signal?.addEventListener('abort', done, { once: true });
		function done() {
			clearTimeout(timer);
			signal?.removeEventListener('abort', done);
			resolve();
		}
	});
}
