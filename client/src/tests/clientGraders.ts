// llm-rubric and similar in VS Code: the judge's request is rendered by the server (JudgePlanRequest), its key and
// trust come from the same steps as any run, and embeddings go to the provider of promptLens.embeddingModel.
import * as vscode from 'vscode';
import { cosineSimilarity, judgeCallCost, parseVerdict, providerClient, type RunPlan } from '../../../server/src/core';
import type { Grade, Graders } from '../../../server/src/host/graders';
import { JudgePlanRequest } from '../../../server/src/protocol';
import type { RunDeps } from '../compare/compareColumns';
import { execute, planEndpoint } from '../run/runSteps';

export function clientGraders(deps: RunDeps, prompt: vscode.Uri): Graders {
	const settings = deps.config.settings(prompt);
	const judgePlan = async (
		output: string,
		rubric: string,
		vars: Record<string, unknown>,
	): Promise<{ plan: RunPlan } | { error: string }> => {
		const client = deps.ctx.languageClient;
		if (!client?.isRunning()) return { error: 'the language server is not running' };
		return client.sendRequest(JudgePlanRequest, { uri: prompt.toString(), output, rubric, vars });
	};
	/** The provider a model runs on and the key that may go there, as for a run. */
	const endpointFor = async (plan: Pick<RunPlan, 'model' | 'provider' | 'request'>) => {
		const planned = await planEndpoint(plan as RunPlan, deps.config.providers(prompt), deps.keys);
		if (!planned.ok) return { error: planned.message };
		if (!planned.key.ok) return { error: planned.key.message };
		return { endpoint: { provider: planned.provider, modelId: planned.modelId, apiKey: planned.key.apiKey } };
	};
	return {
		async judge(output, rubric, vars): Promise<Grade> {
			const answer = await judgePlan(output, rubric, vars);
			if ('error' in answer) return { error: `the judge prompt cannot run: ${answer.error}`, cost: 0 };
			const found = await endpointFor(answer.plan);
			if ('error' in found) return { error: `the judge model ${answer.plan.model}: ${found.error}`, cost: 0 };
			const result = await execute(deps.ctx.log, {
				plan: answer.plan,
				endpoint: found.endpoint,
				settings,
				cache: false,
			});
			const cost = result.cost ?? 0;
			if (result.status !== 'ok')
				return { error: `the judge ${answer.plan.model} failed: ${result.error?.message ?? result.status}`, cost };
			const verdict = parseVerdict(result.output);
			return 'error' in verdict ? { error: verdict.error, cost } : { ...verdict, cost };
		},
		async similarity(output, expected): Promise<Grade> {
			const model = settings.embeddingModel;
			const found = await endpointFor({ model, request: { model: '', messages: [] } });
			if ('error' in found) return { error: `the embeddings model ${model}: ${found.error}`, cost: 0 };
			if (!vscode.workspace.isTrusted) return { error: 'no requests in an untrusted workspace', cost: 0 };
			try {
				const { provider, apiKey, modelId } = found.endpoint;
				const reply = await providerClient(
					provider,
					apiKey,
					undefined,
					settings['run.timeoutSeconds'] * 1000,
				).embeddings.create({ model: modelId, input: [output, expected] });
				const score = cosineSimilarity(reply.data[0]?.embedding ?? [], reply.data[1]?.embedding ?? []);
				return { score, reason: `cosine similarity ${score.toFixed(3)} (${model})`, cost: 0 };
			} catch (error) {
				return {
					error: `the embeddings request failed: ${error instanceof Error ? error.message : String(error)}`,
					cost: 0,
				};
			}
		},
		async judgeCost(outputTokens) {
			const answer = await judgePlan('', '', {});
			return 'error' in answer ? undefined : judgeCallCost(answer.plan, outputTokens);
		},
	};
}
