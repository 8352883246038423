// The results of prompt test runs, one JSON file per run in `.prompt-lens/test-results/` (CLI and VS Code alike):
// written with keys cut out, read back for --only-failed and for each compare column's pass rate.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { CaseResult, CaseRun } from './testRunner';

export const RESULTS_DIR = join('.prompt-lens', 'test-results');

interface SavedCase {
	testFile: string;
	case: string;
	model: string;
	pass: boolean;
	passRate: number;
	cost: number;
	runs: { assertions: { type: string; pass: boolean }[] }[];
}

/** A model's result on one test file, for a compare column. */
export interface ModelTests {
	passed: number;
	total: number;
	/** `case › check` of each failing case (its first failed check). */
	failing: string[];
	/** When the results were written (ISO). */
	at: string;
}

/** One run of a case as results files and the JSON reporter keep it. */
export function savedRun(run: CaseRun): Record<string, unknown> {
	const { result } = run;
	return {
		status: result.status,
		output: result.output,
		usage: result.usage,
		cost: result.cost,
		latencyMs: result.totalMs,
		cached: result.cached === true,
		pass: run.pass,
		assertions: run.assertions,
	};
}

/** Writes the run's results; returns the file. Values of `secrets` (the keys used) never reach it. */
export function saveTestResults(
	root: string,
	results: CaseResult[],
	secrets: readonly (string | undefined)[],
	nowMs: number,
): string {
	const dir = join(root, RESULTS_DIR);
	mkdirSync(dir, { recursive: true });
	const file = join(dir, `${new Date(nowMs).toISOString().replace(/[:.]/g, '-')}.json`);
	const saved = results.map((r) => ({
		testFile: relative(root, r.testFile).split(sep).join('/'),
		case: r.case.name,
		vars: r.case.vars,
		model: r.model,
		pass: r.pass,
		passRate: r.passRate,
		cost: r.cost,
		runs: r.runs.map(savedRun),
	}));
	let text = JSON.stringify({ version: 1, at: new Date(nowMs).toISOString(), results: saved }, null, 2);
	for (const secret of secrets) if (secret && secret.length >= 8) text = text.split(secret).join('[redacted]');
	writeFileSync(file, text);
	return file;
}

/** The newest results file's cases (none when there is no readable one). */
export function latestResults(root: string): { at: string; cases: SavedCase[] } | undefined {
	const dir = join(root, RESULTS_DIR);
	try {
		const newest = readdirSync(dir)
			.filter((f) => f.endsWith('.json'))
			.sort()
			.at(-1);
		return newest ? readResults(join(dir, newest)) : undefined;
	} catch {
		return undefined;
	}
}

/** One results file; undefined when it cannot be read as one. */
export function readResults(file: string): { at: string; cases: SavedCase[] } | undefined {
	try {
		const saved = JSON.parse(readFileSync(file, 'utf8')) as { at?: string; results?: SavedCase[] };
		if (!Array.isArray(saved.results)) return undefined;
		return { at: saved.at ?? file, cases: saved.results };
	} catch {
		return undefined;
	}
}

export type Change = 'fixed' | 'still failing' | 'newly failing' | 'unchanged' | 'new';

/** How each case of this run compares with the same case (test file, name, model) in `baseline`. */
export function compareWithBaseline(
	results: CaseResult[],
	baseline: SavedCase[],
	root: string,
): Map<CaseResult, Change> {
	const before = new Map(baseline.map((c) => [resultKey(c.testFile, c.case, c.model), c.pass]));
	const out = new Map<CaseResult, Change>();
	for (const r of results) {
		const was = before.get(resultKey(relative(root, r.testFile).split(sep).join('/'), r.case.name, r.model));
		out.set(
			r,
			was === undefined
				? r.pass
					? 'new'
					: 'newly failing'
				: was
					? r.pass
						? 'unchanged'
						: 'newly failing'
					: r.pass
						? 'fixed'
						: 'still failing',
		);
	}
	return out;
}

export function resultKey(testFile: string, caseName: string, model: string): string {
	return `${testFile}\u0000${caseName}\u0000${model}`;
}

/** The cases that failed (or did not run) last time, as result keys. */
export function lastFailures(root: string): Set<string> {
	return new Set(
		(latestResults(root)?.cases ?? []).filter((c) => !c.pass).map((c) => resultKey(c.testFile, c.case, c.model)),
	);
}

/** Per model, how the newest results went on `testFile` (relative to `root`, with `/`). */
export function testsByModel(root: string, testFile: string): Map<string, ModelTests> {
	const latest = latestResults(root);
	const out = new Map<string, ModelTests>();
	for (const c of latest?.cases ?? []) {
		if (c.testFile !== testFile || typeof c.model !== 'string') continue;
		const entry = out.get(c.model) ?? { passed: 0, total: 0, failing: [], at: latest!.at };
		entry.total++;
		if (c.pass) entry.passed++;
		else
			entry.failing.push(
				`${c.case} › ${c.runs?.flatMap((r) => r.assertions ?? []).find((a) => !a.pass)?.type ?? 'not run'}`,
			);
		out.set(c.model, entry);
	}
	return out;
}
