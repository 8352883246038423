// columnView: everything one column shows, as plain strings (titles, status, metrics, repeat spreads, JSON check) for the DOM layer.
import { formatCost, formatTokens } from '../../server/src/core/pricing';
import type { CompareColumn, CompareRun, CompareState, CompareTarget, RunPhase } from './compareMessages';
import { identicalText, repeatStats, type Spread, type SummaryRow } from './compareSummary';
import { shownRunIndex } from './compareViewModel';
import { expectsJson, jsonView, type JsonView } from './jsonOutput';

export interface Metric {
	label: string;
	value: string;
}

export interface ColumnView {
	id: string;
	title: string;
	/** `variant · provider`, empty when neither is set. */
	subtitle: string;
	phase: RunPhase | 'idle';
	/** Short status for the badge and the column's live region: "streaming", "done", "error: …". */
	status: string;
	runIndex: number;
	runCount: number;
	output: string;
	raw: boolean;
	/** Set when the prompt asks for JSON and some output arrived. */
	json?: JsonView;
	/** Not JSON-checked while the answer is still streaming. */
	jsonPending: boolean;
	error?: string;
	metrics: Metric[];
	/** Spreads when the column ran more than once. */
	repeat?: Metric[];
	baseline: boolean;
	winner: boolean;
	cheapest: boolean;
	fastest: boolean;
	versusBaseline?: string;
}

export function targetLabel(target: CompareTarget): string {
	return target.variant ? `${target.model} (${target.variant})` : target.model;
}

export function columnView(state: CompareState, column: CompareColumn, row: SummaryRow | undefined): ColumnView {
	const runIndex = shownRunIndex(state, column);
	const run: CompareRun | undefined = column.runs[runIndex];
	const streaming = run?.phase === 'running' || run?.phase === 'pending';
	const spec = column.output ?? state.output;
	const wantsJson = expectsJson(spec) && run !== undefined;
	return {
		id: column.id,
		title: column.target.model,
		subtitle: [column.target.variant && `variant ${column.target.variant}`, column.target.provider].filter(Boolean).join(' · '),
		phase: run?.phase ?? 'idle',
		status: statusText(run),
		runIndex,
		runCount: column.runs.length,
		output: run?.output ?? '',
		raw: state.ui.raw.includes(column.id),
		json: wantsJson && !streaming ? jsonView(run.output, spec.schema) : undefined,
		jsonPending: wantsJson && streaming,
		error: run?.result?.error?.message,
		metrics: [...(run ? runMetrics(run) : []), ...testMetrics(column)],
		repeat: repeatMetrics(column),
		baseline: row?.baseline ?? false,
		winner: row?.winner ?? false,
		cheapest: row?.cheapest ?? false,
		fastest: row?.fastest ?? false,
		versusBaseline: row?.versusBaseline,
	};
}

export function statusText(run: CompareRun | undefined): string {
	if (!run) return 'not run';
	switch (run.phase) {
		case 'pending':
			return 'waiting';
		case 'running':
			return run.retryNote ?? (run.output ? 'streaming' : 'waiting for the first token');
		case 'ok':
			return run.result?.cached ? 'done (cached)' : 'done';
		case 'incomplete':
			return 'incomplete';
		case 'cancelled':
			return 'cancelled';
		case 'error':
			return 'error';
	}
}

/** `840 ms`, `1.25 s`, `12.3 s` (as the run output tab writes them). */
export function formatDuration(ms: number): string {
	return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

function runMetrics(run: CompareRun): Metric[] {
	const result = run.result;
	const ttft = result?.firstTokenMs ?? run.firstTokenMs;
	const metrics: Metric[] = [
		{ label: 'First token', value: ttft !== undefined ? formatDuration(ttft) : '—' },
		{ label: 'Latency', value: result ? formatDuration(result.totalMs) : '—' },
		{ label: 'Tokens in', value: result?.usage ? formatTokens(result.usage.inputTokens) + cachedText(result.usage.cachedInputTokens) : result ? 'not reported' : '—' },
		{ label: 'Tokens out', value: result?.usage ? formatTokens(result.usage.outputTokens) : result ? 'not reported' : '—' },
		{ label: 'Cost', value: result?.cost !== undefined ? formatCost(result.cost) : result ? 'unknown price' : '—' },
		{ label: 'Finish reason', value: result?.finishReason ?? '—' },
	];
	const attempts = result?.attempts ?? run.retries + 1;
	if (attempts > 1) metrics.push({ label: 'Attempts', value: String(attempts) });
	return metrics;
}

/** The prompt's tests on this model (newest results): the pass rate, and which cases failed on what. */
function testMetrics(column: CompareColumn): Metric[] {
	const tests = column.tests;
	if (!tests) return [];
	const rate = `${tests.passed}/${tests.total} passed (${tests.at.slice(0, 10)})`;
	return [{ label: 'Tests', value: rate }, ...(tests.failing.length ? [{ label: 'Failing', value: tests.failing.join('; ') }] : [])];
}

function cachedText(cached: number | undefined): string {
	return cached ? ` (${formatTokens(cached)} cached)` : '';
}

function repeatMetrics(column: CompareColumn): Metric[] | undefined {
	const stats = repeatStats(column);
	if (!stats) return undefined;
	const line = (spread: Spread | undefined, format: (n: number) => string): string =>
		spread ? `${format(spread.min)} · ${format(spread.median)} · ${format(spread.max)}` : '—';
	return [
		{ label: 'Runs', value: `${stats.ok} of ${stats.runs} succeeded${stats.finished < stats.runs ? `, ${stats.runs - stats.finished} still running` : ''}` },
		{ label: 'Length (min · median · max)', value: line(stats.length, (n) => `${formatTokens(n)} chars`) },
		{ label: 'Latency (min · median · max)', value: line(stats.latencyMs, formatDuration) },
		{ label: 'Cost (min · median · max)', value: line(stats.cost, formatCost) },
		{ label: 'Answers', value: identicalText(stats) },
	];
}
