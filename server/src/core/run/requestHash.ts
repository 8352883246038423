// requestHash: one fingerprint per distinct request (messages, model, parameters, endpoint), for the history and the response cache.
import { createHash } from 'node:crypto';
import type { ChatRequest } from './runTypes';

/** sha256 hex of the canonical JSON (keys sorted at every level) of the request and the baseURL. Keys are never part of it. */
export function requestHash(request: ChatRequest, baseURL: string): string {
	return createHash('sha256').update(canonicalJson({ baseURL: baseURL.replace(/\/+$/, ''), request })).digest('hex');
}

/** JSON with object keys sorted and `undefined` members dropped, so equal requests give equal text whatever their key order. */
export function canonicalJson(value: unknown): string {
	if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
	if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
	const entries = Object.keys(value).sort()
		.filter((k) => (value as Record<string, unknown>)[k] !== undefined)
		.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
	return `{${entries.join(',')}}`;
}
