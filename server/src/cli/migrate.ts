// `prompt-lens migrate --to model`: the free report (tokens, cost, window, capabilities, parameters per prompt), and
// with --run each prompt's tests (or its input.default / samples) on both models — estimate first, stopped at --max-cost.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
	formatCost,
	migrationHtml,
	migrationMarkdown,
	migrationTotals,
	type MigrationReport,
	type MigrationRow,
} from '../core';
import { createGraders } from '../host/graders';
import { isPartialFile, migrationRows } from '../host/migration';
import { casesOf, measuredPair, promptModel, type Subject } from '../host/migrationMeasure';
import { runTests, type PlannedCase } from '../host/testRunner';
import { collectPromptFiles, skippedSummary } from './promptFiles';
import type { RunContext } from './run';
import { Progress } from './test';
import {
	cliRunOptions,
	estimateLine,
	graderContext,
	planOne,
	sharedFor,
	TEST_EXIT,
	usage,
	type Shared,
} from './testPlan';

export interface MigrateOptions {
	paths: string[];
	to: string;
	from?: string;
	format: 'md' | 'json' | 'html';
	output?: string;
	/** Measure: run each prompt's tests (or samples) on both models. */
	run: boolean;
	repeat?: number;
	maxCost?: number;
	cache: boolean;
}

export async function migrateCommand(options: MigrateOptions, context: RunContext): Promise<number> {
	const collected = collectPromptFiles(options.paths.length ? options.paths : ['.'], context.cwd);
	if (!collected.ok) return usage(context, collected.message);
	const skipped = skippedSummary(collected.skipped, collected.countStopped);
	if (skipped) context.stderr(`prompt-lens: ${skipped}`);
	const rows = await migrationRows(collected.files, options, context);
	const report: MigrationReport = { to: options.to, from: options.from, prompts: rows, totals: migrationTotals(rows) };
	let code: number = TEST_EXIT.passed;
	if (options.run) {
		const measured = await measure(report, collected.files, options, context);
		if (typeof measured === 'number') return measured;
		code = measured.failedRuns > 0 ? TEST_EXIT.failed : TEST_EXIT.passed;
	}
	const out = written(report, options.format);
	if (options.output) writeFileSync(resolve(context.cwd, options.output), `${out}\n`);
	else context.stdout(out);
	return code;
}

function written(report: MigrationReport, format: MigrateOptions['format']): string {
	if (format === 'json') return JSON.stringify(report, null, 2);
	if (format === 'html') return migrationHtml(report, { nonce: randomBytes(16).toString('base64') });
	return migrationMarkdown(report);
}

/** Plans every case of every prompt on both models, prints the estimate, runs within the budget, fills in `measured`. */
async function measure(
	report: MigrationReport,
	files: string[],
	options: MigrateOptions,
	context: RunContext,
): Promise<{ failedRuns: number } | number> {
	const subjects = subjectsOf(
		report.prompts,
		files.filter((f) => !isPartialFile(f)),
		options,
		context,
	);
	if (typeof subjects === 'number') return subjects;
	if (subjects.length === 0)
		return usage(context, '--run: no prompt here could be measured (see the report without --run)');
	const shared = sharedFor(context);
	const planned = await planSubjects(subjects, options.to, shared, context);
	const { items } = planned;
	if (items.length === 0)
		return usage(context, '--run: no prompt here could be measured (see the notes in the report)');
	const repeat = options.repeat ?? Math.max(1, ...planned.measured.map((s) => s.tests.suite.repeat));
	const graders = createGraders(graderContext(context, shared));
	const estimate = await estimateLine(items, repeat, graders, context.settings.expectedOutputTokens);
	context.stderr(`prompt-lens: ${estimate.text}`);
	if (options.maxCost !== undefined && estimate.total > options.maxCost) {
		context.stderr(`prompt-lens: the estimate is above --max-cost ${formatCost(options.maxCost)}; nothing was sent.`);
		return TEST_EXIT.overBudget;
	}
	const progress = new Progress(items.length, context, (p) => p);
	const results = await runTests(items, {
		repeat,
		threshold: () => 1,
		...cliRunOptions(context, options, (r) => progress.add(r), graders),
	});
	progress.done();
	for (const s of planned.measured) s.row.measured = measuredPair(s.tests, s.from, options.to, results);
	const spent = results.reduce((sum, r) => sum + r.cost, 0);
	const skipped = results.reduce((sum, r) => sum + r.skipped, 0);
	report.run = { repeat, estimate: estimate.total, spent, maxCost: options.maxCost, skipped };
	return { failedRuns: results.flatMap((r) => r.runs).filter((r) => r.result.status !== 'ok').length };
}

/** Every case on both models; a prompt that cannot run (no key, no provider) is left out with a note and a warning. */
async function planSubjects(
	subjects: Subject[],
	to: string,
	shared: Shared,
	context: RunContext,
): Promise<{ items: PlannedCase[]; measured: Subject[] }> {
	const items: PlannedCase[] = [];
	const measured: Subject[] = [];
	for (const s of subjects) {
		const own: PlannedCase[] = [];
		let problem: string | undefined;
		// What planOne prints is the reason only when it gives up; otherwise (a note about a key) it goes out as usual.
		const said: string[] = [];
		const quiet = { ...context, stderr: (line: string) => void said.push(line) };
		for (const model of new Set([s.from, to]))
			for (const testCase of s.tests.cases) {
				if (problem) break;
				said.length = 0;
				const plan = await planOne(s.tests, testCase, model, shared, quiet);
				if ('code' in plan) problem = said.at(-1)?.replace(/^prompt-lens: /, '') ?? 'it cannot be planned';
				else {
					said.forEach((line) => context.stderr(line));
					own.push(plan);
				}
			}
		if (problem) {
			s.row.notes.push(`not measured: ${problem}`);
			context.stderr(`prompt-lens: warning: ${s.row.prompt} is not measured: ${problem}`);
		} else {
			items.push(...own);
			measured.push(s);
		}
	}
	return { items, measured };
}

/** Each analyzable prompt with its cases: its test file's, else its samples or input.default. */
function subjectsOf(
	rows: MigrationRow[],
	files: string[],
	options: MigrateOptions,
	context: RunContext,
): Subject[] | number {
	const subjects: Subject[] = [];
	rows.forEach((row, index) => {
		if (row.error || !row.from) return;
		const tests = casesOf(resolve(context.cwd, files[index]), context);
		if (tests)
			subjects.push({ row, tests, from: options.from ?? promptModel(tests, context.settings) ?? row.from.model });
	});
	const problems = subjects.flatMap((s) => s.tests.problems);
	for (const problem of problems) context.stderr(problem);
	return problems.length ? TEST_EXIT.usage : subjects;
}
