// Extension → webview messages for the Chromium checks: an init with N columns and whole runs (start, chunked deltas, result).
// Plain objects on purpose: the page receives JSON, exactly as from the extension.

export type Message = Record<string, unknown>;

export interface ColumnSpec {
	model: string;
	variant?: string;
	provider?: string;
}

export function init(columns: ColumnSpec[], extra: Record<string, unknown> = {}): Message {
	return {
		type: 'init',
		state: {
			version: 1,
			prompt: { name: 'summarize', path: '/work/prompts/summarize.prompt' },
			inputs: { topic: 'tides', audience: 'children' },
			columns: columns.map((target, i) => ({ id: `c${i + 1}`, target, runs: [] })),
			output: {},
			ui: { raw: [], shownRun: {} },
			...extra,
		},
	};
}

export interface RunSpec {
	output: string;
	totalMs?: number;
	cost?: number;
	status?: 'ok' | 'incomplete' | 'cancelled' | 'error';
	error?: { kind: string; message: string };
	/** Split the output into this many deltas. */
	chunks?: number;
}

export function started(columnId: string, runIndex = 0): Message {
	return { type: 'runStarted', columnId, runIndex };
}

export function deltas(columnId: string, text: string, chunks: number, runIndex = 0): Message[] {
	const size = Math.max(1, Math.ceil(text.length / chunks));
	const out: Message[] = [];
	for (let i = 0; i < text.length; i += size) out.push({ type: 'runEvent', columnId, runIndex, event: { type: 'delta', text: text.slice(i, i + size) } });
	return out;
}

export function finished(columnId: string, run: RunSpec, runIndex = 0): Message {
	const totalMs = run.totalMs ?? 1000;
	return {
		type: 'runFinished',
		columnId,
		runIndex,
		result: {
			status: run.status ?? 'ok',
			output: run.output,
			startedAt: '2026-11-26T10:00:00.000Z',
			totalMs,
			firstTokenMs: Math.round(totalMs / 5),
			attempts: 1,
			...(run.status === 'error' ? {} : { finishReason: 'stop', usage: { inputTokens: 412, outputTokens: Math.max(1, Math.round(run.output.length / 4)) } }),
			...(run.cost !== undefined ? { cost: run.cost } : {}),
			...(run.error ? { error: run.error } : {}),
		},
	};
}

/** A whole run: start, first token, the deltas, the result. */
export function wholeRun(columnId: string, run: RunSpec, runIndex = 0): Message[] {
	return [
		started(columnId, runIndex),
		{ type: 'runEvent', columnId, runIndex, event: { type: 'first-token', ms: Math.round((run.totalMs ?? 1000) / 5) } },
		...deltas(columnId, run.output, run.chunks ?? 3, runIndex),
		finished(columnId, run, runIndex),
	];
}

export const ANSWERS = {
	base: 'Tides are the **rise and fall** of the sea. The quick pull of the moon causes them.\n\n- two high tides a day\n- see [NOAA](https://oceanservice.noaa.gov/facts/tides.html)',
	pricey: 'Tides are the **rise and fall** of sea levels. The slow, steady pull of the moon and the sun causes them.\n\n| body | effect |\n|---|--:|\n| moon | 2.2 |\n| sun | 1 |',
	cheap: 'Tides: the sea goes up and down because the moon pulls on it.',
};

/** A JSON column's answer with two schema problems (a string where a number belongs, an extra key). */
export const JSON_SCHEMA = {
	type: 'object',
	properties: { summary: { type: 'string' }, confidence: { type: 'number' } },
	required: ['summary', 'confidence'],
	additionalProperties: false,
};
export const JSON_ANSWER = '{"summary":"The moon pulls the sea.","confidence":"high","mood":"calm"}';
