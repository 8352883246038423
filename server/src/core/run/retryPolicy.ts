// When a failed request is worth another try, and how long to wait first: Retry-After when the provider says, else backoff with jitter.

/** A provider asking for a longer wait than this is not retried: the user is told to come back later instead of watching a spinner. */
export const MAX_RETRY_AFTER_MS = 60_000;
const BASE_DELAY_MS = 500;
const MAX_BACKOFF_MS = 10_000;

interface HeaderSource {
	get(name: string): string | null;
}

/**
 * The wait the provider asks for, in ms: `retry-after-ms` (OpenAI), else `Retry-After` in seconds or as an HTTP date
 * (measured against `nowMs`). Undefined when absent or unreadable.
 */
export function retryAfterMs(headers: HeaderSource | undefined, nowMs: number): number | undefined {
	const ms = Number.parseFloat(headers?.get('retry-after-ms') ?? '');
	if (Number.isFinite(ms) && ms >= 0) return Math.ceil(ms);
	const value = headers?.get('retry-after')?.trim();
	if (!value) return undefined;
	if (/^\d+(?:\.\d+)?$/.test(value)) return Math.ceil(Number.parseFloat(value) * 1000);
	const date = Date.parse(value);
	return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/**
 * Exponential backoff (0.5 s, 1 s, 2 s … capped at 10 s) for the `retry`-th retry (1-based), scaled by a random factor in
 * [0.5, 1) so that many clients hit by the same outage do not come back in lockstep.
 */
export function backoffMs(retry: number, random: () => number = Math.random): number {
	const ceiling = Math.min(MAX_BACKOFF_MS, BASE_DELAY_MS * 2 ** Math.max(0, retry - 1));
	return Math.round(ceiling * (0.5 + Math.min(Math.max(random(), 0), 1) / 2));
}

/** The provider's wait when it gave one, else backoff. */
export function retryDelayMs(retry: number, providerWaitMs: number | undefined, random?: () => number): number {
	return providerWaitMs ?? backoffMs(retry, random);
}
