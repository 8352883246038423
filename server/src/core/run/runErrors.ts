// What went wrong with a run, in words the user can act on: SDK and network errors → RunError, whether to retry, and key redaction.
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { closestName } from '../closestName';
import { RedirectRefusedError } from './guardedFetch';
import { MAX_RETRY_AFTER_MS, retryAfterMs } from './retryPolicy';
import type { ProviderConfig, RunError } from './runTypes';

export interface ErrorContext {
	provider: ProviderConfig;
	modelId: string;
	hasKey: boolean;
	nowMs: number;
}

export interface Classified {
	error: RunError;
	/** Worth another try (before any output arrived). */
	retryable: boolean;
	/** The wait the provider asked for. */
	waitMs?: number;
}

const MAX_PROVIDER_TEXT = 300;

export function classifyError(error: unknown, context: ErrorContext): Classified {
	if (error instanceof APIConnectionTimeoutError) return { error: timeoutError(), retryable: false };
	if (error instanceof APIUserAbortError) return { error: { kind: 'cancelled', message: 'The run was cancelled.' }, retryable: false };
	const cause = error instanceof Error ? error.cause : undefined;
	if (error instanceof RedirectRefusedError || cause instanceof RedirectRefusedError) {
		const refused = error instanceof RedirectRefusedError ? error : cause as RedirectRefusedError;
		return { error: { kind: 'config', message: `${context.provider.id}: ${refused.message}. Set its baseURL to the address it redirects to, if you trust it.` }, retryable: false };
	}
	if (error instanceof APIConnectionError) return networkError(error.cause ?? error, context);
	if (error instanceof APIError) return statusError(error, context);
	if (error instanceof SyntaxError) {
		return { error: { kind: 'malformed', message: `${context.provider.id} sent a part of the answer that is not valid JSON (${providerText(error.message)}); the text before it is kept.` }, retryable: false };
	}
	return networkError(error, context);
}

export function timeoutError(partial = false): RunError {
	return { kind: 'timeout', message: `The run took longer than the timeout (setting \`promptLens.run.timeoutSeconds\`) and was stopped${partial ? '; the text so far is kept' : ''}.` };
}

function networkError(error: unknown, context: ErrorContext): Classified {
	const cause = describeCause(error);
	const local = context.provider.keyOptional ? ' Is the server running?' : '';
	return { error: { kind: 'network', message: `Could not reach ${context.provider.id} at ${context.provider.baseURL} (${cause}).${local}` }, retryable: true };
}

/** undici reports `fetch failed` with the useful part (ECONNREFUSED, ENOTFOUND, "other side closed") in `cause`. */
function describeCause(error: unknown): string {
	const parts: string[] = [];
	for (let e: unknown = error, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth++) {
		const code = (e as { code?: unknown }).code;
		parts.push(typeof code === 'string' && !e.message.includes(code) ? `${e.message} ${code}` : e.message);
	}
	return providerText(parts.filter((p, i) => p && parts.indexOf(p) === i).join(': ') || String(error));
}

function statusError(error: APIError, context: ErrorContext): Classified {
	const status = error.status;
	const said = providerSaid(error);
	const { id } = context.provider;
	if (status === 401 || status === 403) return { error: { kind: 'auth', status, message: authMessage(status, said, context) }, retryable: false };
	if (status === 404) return { error: { kind: 'not-found', status, message: notFoundMessage(context, undefined, said) }, retryable: false };
	if (status === 429) return rateLimit(error, said, context);
	if (status === undefined) return { error: { kind: 'server', message: `${id} reported an error while answering${said}.` }, retryable: true };
	if (status === 408 || status >= 500) return { error: { kind: 'server', status, message: `${id} had a server error (HTTP ${status})${said}.` }, retryable: true };
	return { error: { kind: 'bad-request', status, message: `${id} refused the request (HTTP ${status})${said}.` }, retryable: false };
}

function rateLimit(error: APIError, said: string, context: ErrorContext): Classified {
	const { id } = context.provider;
	// OpenAI answers 429 also when the account has no credit left; waiting does not help then.
	if (error.code === 'insufficient_quota') {
		return { error: { kind: 'rate-limit', status: 429, message: `${id} refused the request: the account's quota is used up${said}. Check the plan and billing details with the provider.` }, retryable: false };
	}
	const waitMs = retryAfterMs(error.headers ?? undefined, context.nowMs);
	if (waitMs !== undefined && waitMs > MAX_RETRY_AFTER_MS) {
		return { error: { kind: 'rate-limit', status: 429, message: `${id} is rate limiting requests and asks to wait ${Math.ceil(waitMs / 1000)} s before trying again${said}.` }, retryable: false };
	}
	return { error: { kind: 'rate-limit', status: 429, message: `${id} is rate limiting requests (HTTP 429)${said}.` }, retryable: true, waitMs };
}

function authMessage(status: number, said: string, context: ErrorContext): string {
	const { id, apiKeyEnv } = context.provider;
	const where = `with the command "Prompt Lens: Set API Key" (${id})${apiKeyEnv ? ` or the ${apiKeyEnv} environment variable` : ` or an \`apiKeyEnv\` for ${id} in the \`promptLens.providers\` setting`}`;
	if (!context.hasKey) return `No API key for ${id} (HTTP ${status})${said}. Set the API key ${where}.`;
	const refused = status === 403 ? 'does not allow this request with the API key' : 'refused the API key';
	return `${id} ${refused} (HTTP ${status})${said}. Set the API key ${where}.`;
}

/** Also used once the provider's model list is known. */
export function notFoundMessage(context: Pick<ErrorContext, 'provider' | 'modelId'>, available: string[] | undefined, said = ''): string {
	const { id, baseURL } = context.provider;
	const head = `${id} has no model \`${context.modelId}\` (HTTP 404)${said}.`;
	if (!available) return `${head} If the name is right, check that ${baseURL} is the provider's API address.`;
	if (available.length === 0) return `${head} It lists no models.`;
	if (available.some((m) => m.toLowerCase() === context.modelId.toLowerCase())) {
		return `${head} It does list \`${context.modelId}\`, so the model exists there but is not available for this request: check that the key's account or project has access to it, and that ${baseURL} is the right endpoint for it.`;
	}
	const guess = closestName(context.modelId, available);
	const shown = available.slice(0, 20).map((m) => `\`${m}\``).join(', ');
	return `${head}${guess ? ` Did you mean \`${guess}\`?` : ''} It lists: ${shown}${available.length > 20 ? ` and ${available.length - 20} more` : ''}.`;
}

/** The provider's own explanation, short and on one line, as `: …`; empty when it gave none. */
function providerSaid(error: APIError): string {
	const body = error.error as { message?: unknown } | undefined;
	const raw = typeof body?.message === 'string' ? body.message : error.message.replace(/^\d{3}\s+/, '');
	if (/status code \(no body\)|^\(no status code or body\)$/.test(raw)) return '';
	// Our sentences end with their own full stop.
	const text = providerText(raw).replace(/[.\s]+$/, '');
	return text ? `: ${text}` : '';
}

function providerText(text: string): string {
	const line = text.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
	return line.length > MAX_PROVIDER_TEXT ? `${line.slice(0, MAX_PROVIDER_TEXT - 1)}…` : line;
}

const KEY_LIKE = /\b(?:sk|pk|rk|gsk|xai)-[-_A-Za-z0-9]{12,}|\bAIza[-_A-Za-z0-9]{30,}/g;
const MIN_FRAGMENT = 8;

/**
 * Removes the key from text a provider may have echoed (some put the key, or most of it, in their error messages), and
 * anything shaped like an API key, before the text reaches the user, a log or the history.
 */
export function redactSecrets(text: string, key: string | undefined): string {
	let out = text;
	if (key && key.length >= 4) {
		out = out.split(key).join('[redacted]');
		if (key.length >= MIN_FRAGMENT) {
			out = out.replace(/[^\s"'`,;()[\]{}<>]+/g, (word) => (word.length >= MIN_FRAGMENT && key.includes(word) ? '[redacted]' : word));
		}
	}
	return out.replace(KEY_LIKE, '[redacted]');
}
