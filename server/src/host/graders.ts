// Model-graded assertions for prompt tests: `llm-rubric` asks a judge model (through the same plan → executor path as
// any run) and `similar` compares embeddings from an OpenAI-compatible /embeddings endpoint.
import {
	analyzePrompt,
	buildRunPlan,
	cosineSimilarity,
	judgeCallCost,
	parseVerdict,
	providerClient,
	type ModelCatalog,
	type ProviderConfig,
	type RunPlan,
	type Settings,
	type Tokenizer,
} from '../core';
import { executeRun } from './runExecutor';

export type Grade = { score: number; reason: string; cost: number } | { error: string; cost: number };

export interface Graders {
	judge(output: string, rubric: string, vars: Record<string, unknown>): Promise<Grade>;
	similarity(output: string, expected: string): Promise<Grade>;
	/** USD for one judge call on an answer of about `outputTokens` tokens; undefined when the judge has no price. */
	judgeCost(outputTokens: number): Promise<number | undefined>;
}

export interface Endpoint {
	provider: ProviderConfig;
	apiKey?: string;
	/** The id the provider knows the model by. */
	modelId: string;
}

export interface GraderContext {
	settings: Settings;
	/** The judge's .prompt text: the user's `promptLens.judgePrompt`, or DEFAULT_JUDGE_PROMPT. */
	judgePrompt: string;
	catalog: ModelCatalog;
	tokenizer: Tokenizer;
	userProviders: ProviderConfig[];
	endpoint: (model: string) => Endpoint | { error: string };
	env: Readonly<Record<string, string | undefined>>;
	fetch?: typeof fetch;
	signal?: AbortSignal;
}

export function createGraders(context: GraderContext): Graders {
	const { doc } = analyzePrompt(context.judgePrompt, context.settings);
	const judgePlan = (inputs: Record<string, unknown>) =>
		buildRunPlan(doc, {
			prompt: 'judge',
			catalog: context.catalog,
			tokenizer: context.tokenizer,
			settings: context.settings,
			inputs,
			model: context.settings.judgeModel,
			userProviders: context.userProviders,
		});
	return {
		async judge(output, rubric, vars) {
			const built = await judgePlan({ output, rubric, vars });
			if ('error' in built) return { error: `the judge prompt cannot run: ${built.error}`, cost: 0 };
			return runJudge(built.plan, context);
		},
		async similarity(output, expected) {
			return similarity(output, expected, context);
		},
		async judgeCost(outputTokens) {
			const built = await judgePlan({ output: '', rubric: '', vars: {} });
			return 'error' in built ? undefined : judgeCallCost(built.plan, outputTokens);
		},
	};
}

async function runJudge(plan: RunPlan, context: GraderContext): Promise<Grade> {
	const endpoint = context.endpoint(plan.model);
	if ('error' in endpoint) return { error: `the judge model ${plan.model}: ${endpoint.error}`, cost: 0 };
	const { result } = await executeRun({
		plan,
		provider: endpoint.provider,
		apiKey: endpoint.apiKey,
		settings: context.settings,
		cache: false,
		env: context.env,
		fetch: context.fetch,
		signal: context.signal,
	});
	const cost = result.cost ?? 0;
	if (result.status !== 'ok')
		return { error: `the judge ${plan.model} failed: ${result.error?.message ?? result.status}`, cost };
	const verdict = parseVerdict(result.output);
	return 'error' in verdict ? { error: verdict.error, cost } : { ...verdict, cost };
}

async function similarity(output: string, expected: string, context: GraderContext): Promise<Grade> {
	const model = context.settings.embeddingModel;
	const endpoint = context.endpoint(model);
	if ('error' in endpoint) return { error: `the embeddings model ${model}: ${endpoint.error}`, cost: 0 };
	try {
		const client = providerClient(
			endpoint.provider,
			endpoint.apiKey,
			context.fetch,
			context.settings['run.timeoutSeconds'] * 1000,
		);
		const reply = await client.embeddings.create(
			{ model: endpoint.modelId, input: [output, expected] },
			{ signal: context.signal },
		);
		const [a, b] = reply.data.map((d) => d.embedding);
		const score = cosineSimilarity(a ?? [], b ?? []);
		return { score, reason: `cosine similarity ${score.toFixed(3)} (${model})`, cost: 0 };
	} catch (error) {
		return {
			error: `the embeddings request to ${endpoint.provider.id} failed: ${error instanceof Error ? error.message : String(error)}`,
			cost: 0,
		};
	}
}
