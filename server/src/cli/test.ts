// `prompt-lens test`: finds the test files, checks them, plans every case on every model, shows what it will cost and
// refuses to start above --max-cost, runs, reports (text, json, junit) and keeps the results in .prompt-lens/test-results.
import { writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { analyzePrompt, formatCost } from '../core';
import { createGraders } from '../host/graders';
import { envSecrets } from '../host/runExecutor';
import { findTestFiles, loadTests, type LoadedTests } from '../host/testLoader';
import {
	compareWithBaseline,
	lastFailures,
	latestResults,
	readResults,
	RESULTS_DIR,
	resultKey,
	saveTestResults,
	type Change,
} from '../host/testResults';
import { runTests, type CaseResult, type PlannedCase } from '../host/testRunner';
import type { RunContext } from './run';
import { caseLine, report, type Reporter } from './testReport';
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

export interface TestOptions {
	paths: string[];
	models: string[];
	repeat?: number;
	reporter: Reporter;
	output?: string;
	maxCost?: number;
	cache: boolean;
	onlyFailed: boolean;
	/** A results file, or `last` (the newest before this run): exit 1 only for cases that newly fail. */
	baseline?: string;
}

export { TEST_EXIT };

export async function testCommand(options: TestOptions, context: RunContext): Promise<number> {
	const shown = (path: string) => relative(context.cwd, path) || path;
	const found = findTestFiles(options.paths, context.cwd, context.settings.tests, context.root);
	for (const missing of found.missing) context.stderr(`prompt-lens: no test file for ${missing}`);
	if (found.files.length === 0)
		return usage(context, 'no test files found (a prompt `name.prompt` is tested by `name.test.yaml` beside it)');
	const loaded = found.files.map((file) => loadTests(file, context.settings, context.cwd));
	const problems = loaded.flatMap((l) => l.problems);
	if (problems.length > 0 || found.missing.length > 0) {
		for (const problem of problems) context.stderr(problem);
		return TEST_EXIT.usage;
	}
	const failedBefore = options.onlyFailed ? lastFailures(context.root) : undefined;
	const baseline =
		options.baseline === undefined
			? undefined
			: options.baseline === 'last'
				? latestResults(context.root)
				: readResults(resolve(context.cwd, options.baseline));
	if (options.baseline !== undefined && !baseline)
		return usage(
			context,
			`no results to compare with: ${options.baseline === 'last' ? `nothing in ${RESULTS_DIR} yet` : `${options.baseline} is not a results file`}`,
		);
	const planned = await planAll(loaded, options, context, failedBefore);
	if ('code' in planned) return planned.code;
	if (planned.items.length === 0)
		return usage(
			context,
			failedBefore ? 'the last results have no failed cases to run again' : 'the test files have no cases',
		);
	const repeat = options.repeat ?? Math.max(...loaded.map((l) => l.suite.repeat));
	const graders = createGraders(graderContext(context, planned.shared));
	const estimate = await estimateLine(planned.items, repeat, graders, context.settings.expectedOutputTokens);
	context.stderr(`prompt-lens: ${estimate.text}`);
	if (options.maxCost !== undefined && estimate.total > options.maxCost) {
		context.stderr(`prompt-lens: the estimate is above --max-cost ${formatCost(options.maxCost)}; nothing was sent.`);
		return TEST_EXIT.overBudget;
	}
	const thresholds = new Map(loaded.map((l) => [l.testFile, l.suite.threshold]));
	const progress = new Progress(planned.items.length, context, shown);
	const results = await runTests(planned.items, {
		repeat,
		threshold: (file) => thresholds.get(file) ?? 1,
		...cliRunOptions(context, options, (r) => progress.add(r), graders),
	});
	progress.done();
	const out = report(results, options.reporter, shown);
	if (options.output) writeFileSync(resolve(context.cwd, options.output), `${out}\n`);
	else context.stdout(out);
	saveResults(results, context, planned.keys, shown);
	if (baseline) return againstBaseline(results, baseline.cases, baseline.at, context, shown);
	return results.every((r) => r.pass) ? TEST_EXIT.passed : TEST_EXIT.failed;
}

/** Regressions: each case against the baseline; only a case that newly fails fails the command. */
function againstBaseline(
	results: CaseResult[],
	baseline: Parameters<typeof compareWithBaseline>[1],
	at: string,
	context: RunContext,
	shown: (path: string) => string,
): number {
	const changes = compareWithBaseline(results, baseline, context.root);
	const count = (c: Change) => [...changes.values()].filter((x) => x === c).length;
	for (const [r, change] of changes)
		if (change === 'newly failing' || change === 'fixed')
			context.stderr(
				`${change === 'fixed' ? 'FIXED' : 'NEWLY FAILING'} ${shown(r.testFile)} › ${r.case.name} › ${r.model}`,
			);
	context.stderr(
		`prompt-lens: against ${at}: ${count('fixed')} fixed, ${count('newly failing')} newly failing, ${count('still failing')} still failing, ${count('unchanged')} unchanged, ${count('new')} new`,
	);
	return count('newly failing') > 0 ? TEST_EXIT.failed : TEST_EXIT.passed;
}

async function planAll(
	loaded: LoadedTests[],
	options: TestOptions,
	context: RunContext,
	failedBefore: Set<string> | undefined,
): Promise<{ items: PlannedCase[]; keys: string[]; shared: Shared } | { code: number }> {
	const shared = sharedFor(context);
	const items: PlannedCase[] = [];
	const keys = new Set<string>();
	for (const l of loaded) {
		const { doc } = analyzePrompt(l.promptText, context.settings);
		const own = (doc.frontmatter?.data as { model?: unknown } | undefined)?.model;
		const models = options.models.length ? options.models : (l.suite.models ?? (typeof own === 'string' ? [own] : []));
		if (models.length === 0)
			return {
				code: usage(
					context,
					`${relative(context.cwd, l.promptFile)} names no model: add \`model:\` to it, \`models:\` to its test file, or pass --model`,
				),
			};
		for (const model of models) {
			for (const testCase of l.cases) {
				if (
					failedBefore &&
					!failedBefore.has(resultKey(relative(context.root, l.testFile).split(sep).join('/'), testCase.name, model))
				)
					continue;
				const planned = await planOne(l, testCase, model, shared, context);
				if ('code' in planned) return planned;
				if (planned.apiKey) keys.add(planned.apiKey);
				items.push(planned);
			}
		}
	}
	return { items, keys: [...keys], shared };
}

/** A terminal gets one line that counts up (failures printed above it); a pipe or a CI log gets one line per case. */
export class Progress {
	private done_ = 0;
	private passed = 0;
	private spent = 0;

	constructor(
		private readonly total: number,
		private readonly context: RunContext,
		private readonly shown: (path: string) => string,
	) {}

	add(r: CaseResult): void {
		this.done_++;
		if (r.pass) this.passed++;
		this.spent += r.cost;
		const { progress } = this.context;
		if (!progress) return this.context.stderr(caseLine(r, this.shown));
		if (!r.pass) {
			progress('');
			this.context.stderr(caseLine(r, this.shown));
		}
		progress(`${this.done_}/${this.total} cases · ${this.passed} passed · ${formatCost(this.spent)} spent`);
	}

	done(): void {
		this.context.progress?.('');
	}
}

/** Each run's inputs, outputs, checks, usage and cost, for --only-failed, the compare view and people; keys cut out. */
function saveResults(
	results: CaseResult[],
	context: RunContext,
	keys: string[],
	shown: (path: string) => string,
): void {
	try {
		saveTestResults(context.root, results, [...keys, ...envSecrets(context.env)], (context.now ?? Date.now)());
	} catch (error) {
		context.stderr(
			`prompt-lens: warning: the results were not saved in ${shown(join(context.root, RESULTS_DIR))}: ${error instanceof Error ? error.message : String(error)}`,
		);
	}
}
