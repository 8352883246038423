// The compare panel's contract: its persisted state and every message between the extension and the webview, with validators.
import type { RunEvent, RunResult, RunStatus } from '../../server/src/core/run/runTypes';

export type { RunEvent, RunResult, RunStatus };

// ---- state (persisted by `setState`, the panel serializer and saved comparisons) ----

export const COMPARE_STATE_VERSION = 1;

/** What one column runs: a model, optionally a prompt variant (`name.variant.prompt`) and a provider. */
export interface CompareTarget {
	model: string;
	variant?: string;
	provider?: string;
}

/** `pending` before the request leaves, `running` while it streams, then the engine's own status. */
export type RunPhase = 'pending' | 'running' | RunStatus;

export interface CompareRun {
	phase: RunPhase;
	/** The text streamed so far; the final output once the run finished. */
	output: string;
	firstTokenMs?: number;
	/** Retries announced while the run was in flight (the result's `attempts` has the final count). */
	retries: number;
	/** The last retry's reason, shown while the column waits. */
	retryNote?: string;
	result?: RunResult;
}

export type { JsonSchema } from '../../server/src/core/jsonSchemaCheck';
import type { JsonSchema } from '../../server/src/core/jsonSchemaCheck';

/** What the prompt asks for: `output.format` and `output.schema` (already converted from Picoschema). */
export interface OutputSpec {
	format?: 'json' | 'text';
	schema?: JsonSchema;
}

export interface CompareColumn {
	id: string;
	target: CompareTarget;
	runs: CompareRun[];
	/** Set when this column's prompt (a variant) declares its own output; otherwise the state's `output` applies. */
	output?: OutputSpec;
	/** The prompt's tests on this column's model, from the newest `prompt-lens test` / Test Explorer results. */
	tests?: ColumnTests;
}

/** How a model did on the prompt's tests: "which model is better" gets a number beside cost and latency. */
export interface ColumnTests {
	passed: number;
	total: number;
	/** `case › check` of each failing case. */
	failing: string[];
	/** When those results were written (ISO). */
	at: string;
}

/** View choices; kept in the state so they survive hide/show and reloads. */
export interface CompareUi {
	/** Columns showing raw text instead of rendered Markdown. */
	raw: string[];
	/** The run each column shows when it ran more than once (index into `runs`; default the last). */
	shownRun: Record<string, number>;
	/** The two columns of the word diff. */
	diff?: { left: string; right: string };
}

export interface Notice {
	level: 'info' | 'warning' | 'error';
	message: string;
}

export interface CompareState {
	version: typeof COMPARE_STATE_VERSION;
	prompt: { name: string; path?: string };
	inputs: Record<string, unknown>;
	columns: CompareColumn[];
	output: OutputSpec;
	/** Column the summary's ratios compare against (default: the first). */
	baseline?: string;
	/** Column the user voted the winner. */
	vote?: string;
	ui: CompareUi;
	notice?: Notice;
}

// ---- extension → webview ----

export type ExtensionMessage =
	/** The whole state: sent after `ready`, after reopening a saved comparison, and when targets change. */
	| { type: 'init'; state: CompareState }
	/** A new batch for a column (rerun: 1, repeat: N runs); the column's earlier runs are dropped. */
	| { type: 'batchStarted'; columnId: string; runs: number }
	| { type: 'runStarted'; columnId: string; runIndex: number }
	| { type: 'runEvent'; columnId: string; runIndex: number; event: RunEvent }
	| { type: 'runFinished'; columnId: string; runIndex: number; result: RunResult }
	/** The output format/schema of the prompt (no `columnId`) or of one column's variant; `null` removes the schema. */
	| { type: 'schema'; columnId?: string; format?: 'json' | 'text'; jsonSchema: JsonSchema | null }
	/** A line for the user (saved to…, could not open a link…). */
	| { type: 'notice'; notice: Notice };

// ---- webview → extension (validate with `validateWebviewMessage` before use) ----

export const MAX_REPEAT = 20;
export const MAX_ID_LENGTH = 200;
export const MAX_URL_LENGTH = 2048;

export type WebviewMessage =
	/** The webview is listening: answer with `init`. */
	| { type: 'ready' }
	| { type: 'cancelAll' }
	| { type: 'rerun'; columnId: string }
	/** Run every column `times` times (1…MAX_REPEAT) for the spread of length, latency and cost. */
	| { type: 'repeat'; times: number }
	| { type: 'setBaseline'; columnId: string }
	/** `null` withdraws the vote. */
	| { type: 'vote'; columnId: string | null }
	| { type: 'save' }
	| { type: 'exportMarkdown' }
	/** A link in model output was clicked: open it only after checking it again (`isSafeLinkUrl`). */
	| { type: 'openLink'; url: string }
	| { type: 'toggleRaw'; columnId: string; raw: boolean }
	| { type: 'showRun'; columnId: string; runIndex: number }
	| { type: 'selectDiff'; left: string; right: string };

export type WebviewMessageType = WebviewMessage['type'];

/**
 * The message if `value` is a well-formed webview message, rebuilt with only its known fields; otherwise
 * undefined. The host must still check that column ids exist.
 */
export function validateWebviewMessage(value: unknown): WebviewMessage | undefined {
	if (!isRecord(value) || typeof value.type !== 'string') return undefined;
	const v = value;
	switch (v.type) {
		case 'ready':
		case 'cancelAll':
		case 'save':
		case 'exportMarkdown':
			return { type: v.type };
		case 'rerun':
		case 'setBaseline':
			return isId(v.columnId) ? { type: v.type, columnId: v.columnId } : undefined;
		case 'vote':
			return v.columnId === null || isId(v.columnId) ? { type: 'vote', columnId: v.columnId } : undefined;
		case 'repeat':
			return isInt(v.times, 1, MAX_REPEAT) ? { type: 'repeat', times: v.times } : undefined;
		case 'openLink':
			return typeof v.url === 'string' && isSafeLinkUrl(v.url) ? { type: 'openLink', url: v.url } : undefined;
		case 'toggleRaw':
			return isId(v.columnId) && typeof v.raw === 'boolean' ? { type: 'toggleRaw', columnId: v.columnId, raw: v.raw } : undefined;
		case 'showRun':
			return isId(v.columnId) && isInt(v.runIndex, 0, 10_000) ? { type: 'showRun', columnId: v.columnId, runIndex: v.runIndex } : undefined;
		case 'selectDiff':
			return isId(v.left) && isId(v.right) ? { type: 'selectDiff', left: v.left, right: v.right } : undefined;
		default:
			return undefined;
	}
}

/**
 * The webview's check of what arrives on `message`: the shape of each message, so a stray or stale message
 * cannot break rendering. The state inside `init` is checked by `restoreState` in the view-model.
 */
export function validateExtensionMessage(value: unknown): ExtensionMessage | undefined {
	if (!isRecord(value) || typeof value.type !== 'string') return undefined;
	const v = value;
	switch (v.type) {
		case 'init':
			return isRecord(v.state) ? (v as unknown as ExtensionMessage) : undefined;
		case 'batchStarted':
			return isId(v.columnId) && isInt(v.runs, 1, MAX_REPEAT) ? { type: 'batchStarted', columnId: v.columnId, runs: v.runs } : undefined;
		case 'runStarted':
			return isId(v.columnId) && isInt(v.runIndex, 0, MAX_REPEAT - 1) ? { type: 'runStarted', columnId: v.columnId, runIndex: v.runIndex } : undefined;
		case 'runEvent':
			return isId(v.columnId) && isInt(v.runIndex, 0, MAX_REPEAT - 1) && isRunEvent(v.event) ? { type: 'runEvent', columnId: v.columnId, runIndex: v.runIndex, event: v.event } : undefined;
		case 'runFinished':
			return isId(v.columnId) && isInt(v.runIndex, 0, MAX_REPEAT - 1) && isRunResult(v.result) ? { type: 'runFinished', columnId: v.columnId, runIndex: v.runIndex, result: v.result } : undefined;
		case 'schema':
			if (v.columnId !== undefined && !isId(v.columnId)) return undefined;
			if (v.format !== undefined && v.format !== 'json' && v.format !== 'text') return undefined;
			if (v.jsonSchema !== null && !isRecord(v.jsonSchema)) return undefined;
			return { type: 'schema', columnId: v.columnId, format: v.format, jsonSchema: v.jsonSchema as JsonSchema | null };
		case 'notice':
			return isNotice(v.notice) ? { type: 'notice', notice: { level: v.notice.level, message: v.notice.message } } : undefined;
		default:
			return undefined;
	}
}

/**
 * Links from model output open only on http(s) and mailto, without credentials or control characters:
 * never `command:`, `javascript:`, `data:`, `file:` or `vscode:` URIs.
 */
export function isSafeLinkUrl(url: string): boolean {
	if (url.length === 0 || url.length > MAX_URL_LENGTH) return false;
	// eslint-disable-next-line no-control-regex
	if (/[\u0000-\u0020\u007f-\u009f\u2028\u2029]/.test(url)) return false;
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return false;
	}
	if (parsed.protocol === 'mailto:') return /^mailto:/i.test(url);
	if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false;
	return /^https?:\/\//i.test(url) && parsed.username === '' && parsed.password === '' && parsed.hostname !== '';
}

export function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isId(value: unknown): value is string {
	return typeof value === 'string' && value.length > 0 && value.length <= MAX_ID_LENGTH;
}

function isInt(value: unknown, min: number, max: number): value is number {
	return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

function isNotice(value: unknown): value is Notice {
	return isRecord(value) && (value.level === 'info' || value.level === 'warning' || value.level === 'error') && typeof value.message === 'string';
}

function isRunEvent(value: unknown): value is RunEvent {
	if (!isRecord(value)) return false;
	switch (value.type) {
		case 'delta':
			return typeof value.text === 'string';
		case 'first-token':
			return isFiniteNumber(value.ms);
		case 'retry':
			return isFiniteNumber(value.attempt) && isFiniteNumber(value.delayMs) && typeof value.reason === 'string';
		default:
			return false;
	}
}

const RUN_STATUSES: readonly string[] = ['ok', 'incomplete', 'cancelled', 'error'] satisfies RunStatus[];

/** The fields the view reads; the rest of a result is carried as it came (it is saved with the comparison). */
export function isRunResult(value: unknown): value is RunResult {
	return isRecord(value) && RUN_STATUSES.includes(value.status as string) && typeof value.output === 'string' && isFiniteNumber(value.totalMs);
}

function isFiniteNumber(value: unknown): value is number {
	return typeof value === 'number' && Number.isFinite(value);
}
