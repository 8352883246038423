// Planning prompt tests for the CLI (`test` and `migrate --run`): each case × model rendered into a request with its
// endpoint and key, the judge's endpoints, and the estimate printed before anything is sent.
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
	analyzePrompt,
	buildRunPlan,
	createTokenizer,
	DEFAULT_JUDGE_PROMPT,
	estimateCost,
	formatCost,
	loadCatalog,
	providersFromSettings,
	resolveProvider,
	type ModelCatalog,
	type ProviderConfig,
} from '../core';
import type { GraderContext, Graders } from '../host/graders';
import { partialLookupFor } from '../host/partials';
import type { LoadedTests } from '../host/testLoader';
import { historyFile } from '../host/runHistory';
import type { CaseResult, PlannedCase, TestRunOptions } from '../host/testRunner';
import { chooseEndpoint, type RunContext } from './run';

export const TEST_EXIT = { passed: 0, failed: 1, usage: 2, overBudget: 3 } as const;

export interface Shared {
	catalog: ModelCatalog;
	tokenizer: ReturnType<typeof createTokenizer>;
	userProviders: ProviderConfig[];
}

/** The catalog, one tokenizer and the user's and the workspace's providers, shared by every plan of a command. */
export function sharedFor(context: RunContext): Shared {
	return {
		catalog: loadCatalog(context.settings.models),
		tokenizer: createTokenizer(),
		userProviders: [
			...(context.userProviders ?? []),
			...providersFromSettings(context.settings.providers, 'workspace'),
		],
	};
}

/** The judge and the embeddings run where their models run, with the keys the same rules allow. */
export function graderContext(context: RunContext, shared: Shared): GraderContext {
	const judgePath = context.settings.judgePrompt ? resolve(context.root, context.settings.judgePrompt) : undefined;
	let judgePrompt = DEFAULT_JUDGE_PROMPT;
	if (judgePath) {
		try {
			judgePrompt = readFileSync(judgePath, 'utf8');
		} catch {
			context.stderr(`prompt-lens: warning: cannot read judgePrompt ${judgePath}; using the built-in judge prompt`);
		}
	}
	return {
		settings: context.settings,
		judgePrompt,
		...shared,
		endpoint: (model) => {
			const resolved = resolveProvider(model, shared.userProviders, shared.catalog);
			if (!resolved.ok) return { error: resolved.message };
			const endpoint = chooseEndpoint(model, undefined, context, shared.catalog, shared.userProviders);
			return 'code' in endpoint
				? { error: 'no usable key (see above)' }
				: { provider: endpoint.provider, apiKey: endpoint.apiKey, modelId: resolved.modelId };
		},
		env: context.env,
		fetch: context.fetch,
		signal: context.signal,
	};
}

export async function planOne(
	l: LoadedTests,
	testCase: LoadedTests['cases'][number],
	model: string,
	shared: Shared,
	context: RunContext,
): Promise<PlannedCase | { code: number }> {
	const { doc } = analyzePrompt(l.promptText, context.settings);
	const built = await buildRunPlan(doc, {
		prompt: relative(context.root, l.promptFile).split('\\').join('/'),
		catalog: shared.catalog,
		tokenizer: shared.tokenizer,
		settings: context.settings,
		partialSource: partialLookupFor(pathToFileURL(l.promptFile).href, context.settings.partialPaths, [context.root])
			?.source,
		inputs: testCase.vars,
		model,
		userProviders: shared.userProviders,
	});
	if ('error' in built)
		return {
			code: usage(context, `${relative(context.cwd, l.testFile)} › ${testCase.name} › ${model}: ${built.error}`),
		};
	const endpoint = chooseEndpoint(built.plan.model, undefined, context, shared.catalog, shared.userProviders);
	if ('code' in endpoint) return endpoint;
	const { plan } = built;
	const outputTokens =
		plan.request.max_completion_tokens ?? plan.request.max_tokens ?? context.settings.expectedOutputTokens;
	const estimatedCost =
		plan.price && plan.estimate
			? estimateCost({ inputTokens: plan.estimate.inputTokens, outputTokens }, plan.price).total
			: undefined;
	const schema = (plan.request as { response_format?: { json_schema?: { schema?: unknown } } }).response_format
		?.json_schema?.schema;
	return {
		testFile: l.testFile,
		case: testCase,
		model,
		plan,
		provider: endpoint.provider,
		apiKey: endpoint.apiKey,
		estimatedCost,
		outputSchema: schema,
	};
}

export async function estimateLine(
	items: PlannedCase[],
	repeat: number,
	graders: Graders,
	expectedOutput: number,
): Promise<{ text: string; total: number }> {
	const judgeCalls =
		items.reduce((sum, i) => sum + i.case.assert.filter((a) => a.type === 'llm-rubric').length, 0) * repeat;
	const perJudgeCall = judgeCalls > 0 ? await graders.judgeCost(expectedOutput) : 0;
	const total = items.reduce((sum, i) => sum + (i.estimatedCost ?? 0), 0) * repeat + judgeCalls * (perJudgeCall ?? 0);
	const unpriced = [...new Set(items.filter((i) => i.estimatedCost === undefined).map((i) => i.model))];
	const models = new Set(items.map((i) => i.model)).size;
	const cases = items.length / Math.max(1, models);
	const s = (n: number) => (n === 1 ? '' : 's');
	const judgePrice = perJudgeCall === undefined ? ' (the judge model has no price)' : '';
	const judges = judgeCalls > 0 ? ` + ${judgeCalls} judge call${s(judgeCalls)}${judgePrice}` : '';
	const text =
		`${items.length * repeat} requests (${cases} case${s(cases)} × ${models} model${s(models)} × ` +
		`${repeat} repeat${s(repeat)})${judges}; estimated ${formatCost(total)} (our token counts × catalog prices, ` +
		'output at config.maxOutputTokens or promptLens.expectedOutputTokens)' +
		(unpriced.length ? `; no price for ${unpriced.join(', ')}` : '');
	return { text, total };
}

export function usage(context: RunContext, message: string): number {
	context.stderr(`prompt-lens: ${message}`);
	return TEST_EXIT.usage;
}

/** What `test` and `migrate --run` hand runTests alike: the settings, history, cache, budget, limits and I/O. */
export function cliRunOptions(
	context: RunContext,
	options: { cache: boolean; maxCost?: number },
	onCase: (result: CaseResult) => void,
	graders: Graders,
): Omit<TestRunOptions, 'repeat' | 'threshold'> {
	return {
		settings: context.settings,
		history: historyFile(context.root, context.settings),
		cache: options.cache,
		maxCost: options.maxCost,
		perProvider: context.settings['run.concurrency'],
		env: context.env,
		signal: context.signal,
		fetch: context.fetch,
		now: context.now,
		onCase,
		graders,
	};
}
