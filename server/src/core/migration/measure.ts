// Runs of a prompt's cases on one model → what a migration report shows: pass rate, judge score, latency p50/p95,
// real cost. Takes the test runner's results structurally, so the core stays free of the host.
import type { MeasuredModel } from './migrationTypes';

/** What the measure needs of one run (the host's CaseRun fits). */
export interface MeasuredRun {
	result: { status: string; output: string; totalMs: number; cost?: number };
	assertions: { type: string; pass: boolean; score?: number }[];
	pass: boolean;
}

/** What the measure needs of one case on one model (the host's CaseResult fits). */
export interface MeasuredCase {
	case: { name: string; assert: readonly unknown[] };
	model: string;
	runs: readonly MeasuredRun[];
	skipped: number;
}

export function measureModel(model: string, cases: readonly MeasuredCase[]): MeasuredModel {
	const own = cases.filter((c) => c.model === model);
	const runs = own.flatMap((c) => c.runs);
	const answered = runs.filter((r) => r.result.status === 'ok');
	const checked = own.filter((c) => c.case.assert.length > 0).flatMap((c) => c.runs);
	const scores = runs.flatMap((r) => r.assertions.filter((a) => a.type === 'llm-rubric' && a.score !== undefined));
	const latencies = answered.map((r) => r.result.totalMs).sort((a, b) => a - b);
	const cost = runs.reduce((sum, r) => sum + (r.result.cost ?? 0), 0);
	const pricedAnswers = answered.filter((r) => r.result.cost !== undefined);
	return {
		model,
		runs: runs.length,
		answered: answered.length,
		skipped: own.reduce((sum, c) => sum + c.skipped, 0),
		passRate: checked.length ? checked.filter((r) => r.pass).length / checked.length : undefined,
		judgeScore: scores.length ? scores.reduce((sum, a) => sum + (a.score ?? 0), 0) / scores.length : undefined,
		latencyP50: percentile(latencies, 0.5),
		latencyP95: percentile(latencies, 0.95),
		cost,
		costPerCall: pricedAnswers.length
			? pricedAnswers.reduce((sum, r) => sum + (r.result.cost ?? 0), 0) / pricedAnswers.length
			: undefined,
	};
}

/** Nearest-rank percentile of sorted values (p50 of [1, 2, 3, 4] is 2; p95 of 20 values is the 19th). */
export function percentile(sorted: readonly number[], p: number): number | undefined {
	if (sorted.length === 0) return undefined;
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}
