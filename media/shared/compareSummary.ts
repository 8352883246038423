// Numbers across runs and columns: repeat spreads, identical answers, cheapest/fastest, and ratios to the baseline.
import { formatCost, formatRatio } from '../../server/src/core/pricing';
import type { CompareColumn, CompareRun, CompareState } from './compareMessages';

export interface Spread {
	min: number;
	median: number;
	max: number;
}

export interface RepeatStats {
	runs: number;
	/** Runs that ended `ok`; the spreads and the identical count are over these. */
	ok: number;
	finished: number;
	length?: Spread;
	latencyMs?: Spread;
	cost?: Spread;
	/** Size of the largest group of byte-identical answers. */
	identical: number;
	distinct: number;
}

export interface SummaryRow {
	columnId: string;
	/** Median over the column's successful runs (the one value when it ran once). */
	cost?: number;
	latencyMs?: number;
	cheapest: boolean;
	fastest: boolean;
	baseline: boolean;
	winner: boolean;
	/** "4.8× the cost, 1.9× slower"; "baseline" on the baseline; undefined when nothing compares. */
	versusBaseline?: string;
}

export interface Summary {
	baseline?: string;
	rows: SummaryRow[];
}

export function okRuns(column: CompareColumn): CompareRun[] {
	return column.runs.filter((run) => run.phase === 'ok' && run.result !== undefined);
}

/** Spread of each measure over the column's runs; undefined until at least two runs were asked for. */
export function repeatStats(column: CompareColumn): RepeatStats | undefined {
	if (column.runs.length < 2) return undefined;
	const ok = okRuns(column);
	const groups = new Map<string, number>();
	for (const run of ok) groups.set(run.output, (groups.get(run.output) ?? 0) + 1);
	return {
		runs: column.runs.length,
		ok: ok.length,
		finished: column.runs.filter((run) => run.result !== undefined).length,
		length: spread(ok.map((run) => run.output.length)),
		latencyMs: spread(ok.map((run) => run.result?.totalMs)),
		cost: spread(ok.map((run) => run.result?.cost)),
		identical: Math.max(0, ...groups.values()),
		distinct: groups.size,
	};
}

/** "all 5 answers identical", "3 of 5 answers identical", "all 5 answers differ". */
export function identicalText(stats: RepeatStats): string {
	if (stats.ok === 0) return 'no successful answers';
	if (stats.ok === 1) return 'only 1 successful answer';
	if (stats.identical === stats.ok) return `all ${stats.ok} answers identical`;
	if (stats.distinct === stats.ok) return `all ${stats.ok} answers differ`;
	return `${stats.identical} of ${stats.ok} answers identical`;
}

export function spread(values: ReadonlyArray<number | undefined>): Spread | undefined {
	const known = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
	if (known.length === 0) return undefined;
	const mid = known.length >> 1;
	const median = known.length % 2 === 1 ? known[mid] : (known[mid - 1] + known[mid]) / 2;
	return { min: known[0], median, max: known[known.length - 1] };
}

/** The summary row of each column: cheapest and fastest (ties all marked), and ratios to the baseline. */
export function summarize(state: CompareState): Summary {
	const baseline = baselineId(state);
	const measured = state.columns.map((column) => {
		const ok = okRuns(column);
		return { column, cost: spread(ok.map((r) => r.result?.cost))?.median, latencyMs: spread(ok.map((r) => r.result?.totalMs))?.median };
	});
	const minCost = minimum(measured.map((m) => m.cost));
	const minLatency = minimum(measured.map((m) => m.latencyMs));
	const base = measured.find((m) => m.column.id === baseline);
	const rows = measured.map(({ column, cost, latencyMs }): SummaryRow => ({
		columnId: column.id,
		cost,
		latencyMs,
		cheapest: minCost.count > 1 && cost !== undefined && cost === minCost.value,
		fastest: minLatency.count > 1 && latencyMs !== undefined && latencyMs === minLatency.value,
		baseline: column.id === baseline,
		winner: column.id === state.vote,
		versusBaseline: column.id === baseline ? 'baseline' : versus(cost, latencyMs, base),
	}));
	return { baseline, rows };
}

/** The chosen baseline if it still exists, else the first column. */
export function baselineId(state: CompareState): string | undefined {
	if (state.baseline && state.columns.some((c) => c.id === state.baseline)) return state.baseline;
	return state.columns[0]?.id;
}

/** "4.8× the cost", "0.5× the cost", "the same cost"; undefined when the baseline's cost is 0 or unknown. */
export function costRatioText(cost: number | undefined, baseCost: number | undefined): string | undefined {
	if (cost === undefined || baseCost === undefined) return undefined;
	if (baseCost === 0) return cost === 0 ? 'the same cost' : `${formatCost(cost)} more (the baseline is free)`;
	const ratio = cost / baseCost;
	return formatRatio(ratio) === '1×' ? 'the same cost' : `${formatRatio(ratio)} the cost`;
}

/** "1.9× slower", "1.2× faster", "as fast". */
export function speedRatioText(latencyMs: number | undefined, baseMs: number | undefined): string | undefined {
	if (latencyMs === undefined || baseMs === undefined || latencyMs <= 0 || baseMs <= 0) return undefined;
	const ratio = latencyMs / baseMs;
	if (ratio >= 1) return formatRatio(ratio) === '1×' ? 'as fast' : `${formatRatio(ratio)} slower`;
	const inverse = 1 / ratio;
	return formatRatio(inverse) === '1×' ? 'as fast' : `${formatRatio(inverse)} faster`;
}

function versus(cost: number | undefined, latencyMs: number | undefined, base: { cost?: number; latencyMs?: number } | undefined): string | undefined {
	if (!base) return undefined;
	const parts = [costRatioText(cost, base.cost), speedRatioText(latencyMs, base.latencyMs)].filter((p): p is string => p !== undefined);
	return parts.length > 0 ? parts.join(', ') : undefined;
}

function minimum(values: ReadonlyArray<number | undefined>): { value?: number; count: number } {
	const known = values.filter((v): v is number => v !== undefined);
	return { value: known.length > 0 ? Math.min(...known) : undefined, count: known.length };
}
