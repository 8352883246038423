// One test case on one model, made ready to run: the server renders the request with the case's vars, the client picks
// the provider (trust-gated) and the key, and prices the call. Used by the Test Explorer and the migration report.
import * as vscode from 'vscode';
import { estimateCost, type TestCase } from '../../../server/src/core';
import type { PlannedCase } from '../../../server/src/host/testRunner';
import type { RunDeps } from '../compare/compareColumns';
import { historyName } from '../run/promptTarget';
import { planEndpoint, requestPlan, SERVER_NOT_RUNNING } from '../run/runSteps';

export async function planCase(
	deps: RunDeps,
	prompt: vscode.Uri,
	testFile: string,
	testCase: TestCase,
	model: string,
): Promise<PlannedCase | { error: string }> {
	const answer = await requestPlan(deps.ctx, prompt, { inputs: testCase.vars, model });
	if (!answer || 'error' in answer) return { error: answer ? answer.error : SERVER_NOT_RUNNING };
	const endpoint = await planEndpoint(answer.plan, deps.config.providers(prompt), deps.keys);
	if (!endpoint.ok) return { error: endpoint.message };
	if (!endpoint.key.ok) return { error: (endpoint.key as { message: string }).message };
	const plan = { ...answer.plan, prompt: historyName(prompt) };
	const settings = deps.config.settings(prompt);
	const outputTokens = plan.request.max_completion_tokens ?? plan.request.max_tokens ?? settings.expectedOutputTokens;
	const estimatedCost =
		plan.price && plan.estimate
			? estimateCost({ inputTokens: plan.estimate.inputTokens, outputTokens }, plan.price).total
			: undefined;
	const outputSchema = (plan.request as { response_format?: { json_schema?: { schema?: unknown } } }).response_format
		?.json_schema?.schema;
	return {
		testFile,
		case: testCase,
		model,
		plan,
		provider: endpoint.provider,
		apiKey: endpoint.key.apiKey,
		estimatedCost,
		outputSchema,
	};
}
