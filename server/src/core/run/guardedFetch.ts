// The only way a run's request leaves: headers cut to what we mean to send, the key only to the provider's own origin,
// redirects to another origin refused (a provider must not be able to forward the key, or the prompt, elsewhere);
// and the way its answer comes back: SSE keep-alives the SDK cannot parse (an empty `data:` line) dropped.
import { originOf } from './keyPolicy';

/** A redirect away from the provider's origin; classified as a configuration problem, never retried. */
export class RedirectRefusedError extends Error {
	constructor(
		readonly from: string,
		readonly to: string,
	) {
		super(
			`the provider at ${originText(from)} redirected the request to ${originText(to)}; Prompt Lens does not follow redirects to another host, so that the key and the prompt stay with the provider they were meant for`,
		);
		this.name = 'RedirectRefusedError';
	}
}

/** Headers the openai SDK sets that we keep; anything else it adds (OPENAI_CUSTOM_HEADERS from the environment…) is dropped. */
const SDK_HEADERS = new Set(['accept', 'content-type', 'user-agent', 'idempotency-key']);
const MAX_REDIRECTS = 5;

export interface GuardOptions {
	/** The provider's baseURL: the only origin requests (and the key) may go to. */
	baseURL: string;
	apiKey?: string;
	/** The provider's own extra headers from the settings. */
	headers?: Record<string, string>;
}

/** Wraps `base` (the global fetch by default) so that only our headers go out, and only to the provider's origin. */
export function guardedFetch(options: GuardOptions, base: typeof fetch = fetch): typeof fetch {
	const allowed = new Set([...SDK_HEADERS, ...Object.keys(options.headers ?? {}).map((h) => h.toLowerCase())]);
	const origin = originOf(options.baseURL);
	return async (input, init) => {
		let url = requestUrl(input);
		const headers = cleanHeaders(init?.headers, allowed, options.apiKey);
		for (let hop = 0; ; hop++) {
			if (originOf(url) !== origin) throw new RedirectRefusedError(options.baseURL, url);
			const response = await base(url, { ...init, headers, redirect: 'manual' });
			const location = response.status >= 300 && response.status < 400 ? response.headers.get('location') : null;
			if (location === null || hop >= MAX_REDIRECTS) return withoutEmptyData(response);
			// A same-origin redirect (a trailing slash, a moved path) is followed with the same method and body.
			await response.body?.cancel();
			url = new URL(location, url).href;
		}
	};
}

function cleanHeaders(
	given: ConstructorParameters<typeof Headers>[0],
	allowed: ReadonlySet<string>,
	apiKey: string | undefined,
): Headers {
	const out = new Headers();
	new Headers(given).forEach((value, name) => {
		if (allowed.has(name) || name.startsWith('x-stainless-')) out.set(name, value);
	});
	// The SDK always writes an Authorization header; it carries our key, or nothing at all when there is none.
	if (apiKey) out.set('authorization', `Bearer ${apiKey}`);
	else if (!allowed.has('authorization')) out.delete('authorization');
	return out;
}

/** Some providers and proxies send `data:` with nothing after it as a keep-alive; the SDK would fail on it as bad JSON. */
function withoutEmptyData(response: Response): Response {
	if (!response.body || !/text\/event-stream/i.test(response.headers.get('content-type') ?? '')) return response;
	const decoder = new TextDecoder();
	const encoder = new TextEncoder();
	let pending = '';
	const body = response.body.pipeThrough(
		new TransformStream<Uint8Array, Uint8Array>({
			transform(chunk, controller) {
				pending += decoder.decode(chunk, { stream: true });
				const cut = pending.lastIndexOf('\n');
				if (cut < 0) return;
				controller.enqueue(encoder.encode(dropEmptyData(pending.slice(0, cut + 1))));
				pending = pending.slice(cut + 1);
			},
			flush(controller) {
				pending += decoder.decode();
				if (pending) controller.enqueue(encoder.encode(dropEmptyData(pending)));
			},
		}),
	);
	return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}

function dropEmptyData(lines: string): string {
	return lines.replace(/^data:[ \t]*\r?\n/gm, '');
}

function requestUrl(input: Parameters<typeof fetch>[0]): string {
	if (typeof input === 'string') return input;
	return input instanceof URL ? input.href : input.url;
}

function originText(url: string): string {
	return originOf(url) ?? url;
}
