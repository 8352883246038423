// runTests: every case of every test file on every model, `repeat` times, through the one run executor — at most N
// requests per provider at once, stopped at the budget — then the assertions and each case's pass rate.
import { runInNewContext } from 'node:vm';
import {
	casePasses,
	evaluateAssertion,
	type Assertion,
	type AssertionResult,
	type CaseOutput,
	type ProviderConfig,
	type RunPlan,
	type RunResult,
	type Settings,
	type TestCase,
} from '../core';
import type { Graders } from './graders';
import { ProviderLimiter } from './providerLimiter';
import { executeRun } from './runExecutor';

/** One planned (case × model): the request to send, and where. */
export interface PlannedCase {
	testFile: string;
	case: TestCase;
	model: string;
	plan: RunPlan;
	provider: ProviderConfig;
	apiKey?: string;
	/** USD for one call: our exact input count (≈ for other models) plus the expected output, at the catalog's price. */
	estimatedCost?: number;
	outputSchema?: unknown;
}

export interface CaseRun {
	result: RunResult;
	assertions: AssertionResult[];
	pass: boolean;
}

export interface CaseResult {
	testFile: string;
	case: TestCase;
	model: string;
	runs: CaseRun[];
	/** Runs that passed / runs made. */
	passRate: number;
	pass: boolean;
	/** Runs left out because the budget was spent. */
	skipped: number;
	cost: number;
	timeMs: number;
}

export interface TestRunOptions {
	repeat: number;
	threshold: (testFile: string) => number;
	settings: Settings;
	history?: string;
	/** Answer the first run of a request from the history when it was answered before (repeats always reach the model). */
	cache: boolean;
	/** Stop starting runs once this much has been spent (USD). */
	maxCost?: number;
	perProvider: number;
	env: Readonly<Record<string, string | undefined>>;
	signal?: AbortSignal;
	onCase?: (result: CaseResult) => void;
	/** For llm-rubric and similar. */
	graders?: Graders;
	/** The last check before each request of `item` leaves (VS Code: workspace trust and the provider's origin). */
	gate?: (item: PlannedCase, send: () => Promise<RunResult>) => Promise<RunResult>;
	fetch?: typeof fetch;
	now?: () => number;
}

export async function runTests(planned: PlannedCase[], options: TestRunOptions): Promise<CaseResult[]> {
	const limiter = new ProviderLimiter(options.perProvider);
	const budget = { spent: 0 };
	return Promise.all(
		planned.map(async (item) => {
			const started = (options.now ?? Date.now)();
			const runs: (CaseRun | undefined)[] = await Promise.all(
				Array.from({ length: options.repeat }, (_, index) =>
					limiter
						.run(item.provider.id, () => runOnce(item, index, options, budget), options.signal)
						.catch(() => undefined),
				),
			);
			const made = runs.filter((r): r is CaseRun => r !== undefined);
			const passed = made.filter((r) => r.pass).length;
			const result: CaseResult = {
				testFile: item.testFile,
				case: item.case,
				model: item.model,
				runs: made,
				passRate: made.length ? passed / made.length : 0,
				pass: made.length === options.repeat && casePasses(passed, made.length, options.threshold(item.testFile)),
				skipped: options.repeat - made.length,
				cost: made.reduce((sum, r) => sum + (r.result.cost ?? 0), 0),
				timeMs: (options.now ?? Date.now)() - started,
			};
			options.onCase?.(result);
			return result;
		}),
	);
}

/** One run of a case, or undefined when the budget does not allow it (checked right before it would start). */
async function runOnce(
	item: PlannedCase,
	index: number,
	options: TestRunOptions,
	budget: { spent: number },
): Promise<CaseRun | undefined> {
	if (options.maxCost !== undefined && budget.spent + (item.estimatedCost ?? 0) > options.maxCost) return undefined;
	budget.spent += item.estimatedCost ?? 0;
	const { result } = await executeRun({
		plan: item.plan,
		provider: item.provider,
		apiKey: item.apiKey,
		settings: options.settings,
		history: options.history,
		// Repeats 2..N must reach the model, or repeating would measure nothing.
		cache: options.cache && index === 0,
		env: options.env,
		signal: options.signal,
		gate: options.gate && ((send) => options.gate!(item, send)),
		fetch: options.fetch,
		now: options.now,
	});
	// The estimate was reserved; the real cost replaces it.
	budget.spent += (result.cost ?? 0) - (item.estimatedCost ?? 0);
	const output: CaseOutput = {
		output: result.output,
		outputTokens: result.usage?.outputTokens,
		cost: result.cost,
		latencyMs: result.totalMs,
		outputSchema: item.outputSchema,
	};
	const assertions =
		result.status === 'ok'
			? await Promise.all(item.case.assert.map((a) => assess(a, output, item, options, budget)))
			: [{ type: 'run', pass: false, reason: result.error?.message ?? `the run ended ${result.status}` }];
	// The judge's and the embeddings' cost is part of what the case cost.
	const graded = assertions.reduce((sum, a) => sum + ((a as { cost?: number }).cost ?? 0), 0);
	const counted = graded > 0 ? { ...result, cost: (result.cost ?? 0) + graded } : result;
	return {
		result: counted,
		assertions: assertions.map(({ cost: _cost, ...a }) => a),
		pass: assertions.every((a) => a.pass),
	};
}

const DEFAULT_THRESHOLD: Record<string, number> = { 'llm-rubric': 0.7, similar: 0.8 };

async function assess(
	a: Assertion,
	output: CaseOutput,
	item: PlannedCase,
	options: TestRunOptions,
	budget: { spent: number },
): Promise<AssertionResult & { cost?: number }> {
	if (a.type === 'javascript') return javascript(a, output);
	if (a.type !== 'llm-rubric' && a.type !== 'similar') return evaluateAssertion(a, output);
	if (!options.graders) return { type: a.type, pass: false, reason: 'no judge is configured' };
	const grade =
		a.type === 'llm-rubric'
			? await options.graders.judge(output.output, String(a.value), item.case.vars)
			: await options.graders.similarity(output.output, String(a.value));
	budget.spent += grade.cost;
	if ('error' in grade) return { type: a.type, pass: false, reason: grade.error, cost: grade.cost };
	const threshold = a.threshold ?? DEFAULT_THRESHOLD[a.type];
	const pass = grade.score >= threshold;
	return {
		type: a.type,
		pass,
		score: grade.score,
		reason: pass ? grade.reason : `score ${grade.score.toFixed(2)} is below ${threshold}: ${grade.reason}`,
		expected: `${a.type === 'llm-rubric' ? String(a.value) : `similar to ${JSON.stringify(a.value)}`} (≥ ${threshold})`,
		cost: grade.cost,
	};
}

/** `javascript`: an expression over `output` (and `json`, the output parsed when it parses), in a bare context, 1 s at most. */
function javascript(assertion: Assertion, run: CaseOutput): AssertionResult {
	const label = `${assertion.negate ? 'not-' : ''}javascript`;
	let json: unknown;
	try {
		json = JSON.parse(run.output);
	} catch {
		json = undefined;
	}
	try {
		const value = runInNewContext(String(assertion.value), { output: run.output, json }, { timeout: 1000 });
		const pass = Boolean(value) !== assertion.negate;
		return pass
			? { type: label, pass }
			: {
					type: label,
					pass,
					reason: `\`${String(assertion.value)}\` is ${assertion.negate ? 'true' : 'false'} for this output`,
					expected: String(assertion.value),
				};
	} catch (error) {
		return {
			type: label,
			pass: false,
			reason: `\`${String(assertion.value)}\` failed: ${error instanceof Error ? error.message : String(error)}`,
		};
	}
}
