// buildRunPlan: what pressing Run would send — the rendered request, its provider, inputs, our token estimate and price — with no key involved.
import { estimatePrompt, type EstimateContext } from '../estimate';
import { collectInputs, missingVariables } from '../promptInputs';
import { renderPrompt } from '../render';
import type { PromptDoc } from '../types';
import { toChatRequest } from './chatRequest';
import { resolveProvider } from './providers';
import type { ProviderConfig, RunPlan } from './runTypes';

export interface RunPlanContext extends EstimateContext {
	/** The prompt file (URI in the editor, path in the CLI), copied into the plan. */
	prompt: string;
	/** `promptLens.providers` as ProviderConfigs (see providersFromSettings). */
	userProviders?: ProviderConfig[];
}

/** Never throws; `error` when there is nothing to run (no model, or the prompt does not render: `unrendered`). */
export async function buildRunPlan(doc: PromptDoc, context: RunPlanContext): Promise<{ plan: RunPlan } | { error: string; unrendered?: true }> {
	const front = (doc.frontmatter?.data ?? {}) as Record<string, unknown>;
	const model = (context.model ?? (typeof front.model === 'string' ? front.model : '')).trim();
	if (model === '') return { error: 'The prompt names no model to run: add `model: provider/name` (e.g. `model: openai/gpt-4o-mini`) to its frontmatter.' };
	const inputs = collectInputs(front, context.inputs);
	const rendered = await renderPrompt(doc.text, { input: inputs.values }, { partialSource: context.partialSource, inputSchema: false, frontmatter: doc.frontmatter });
	if (!rendered.ok) return { error: `The prompt cannot be rendered, so there is nothing to send: ${rendered.message}`, unrendered: true };
	const resolved = resolveProvider(model, context.userProviders ?? [], context.catalog);
	// Unresolved, the plan still shows the request; the run itself reports the provider problem (the CLI may supply a URL).
	const modelId = resolved.ok ? resolved.modelId : model.slice(model.indexOf('/') + 1);
	const { request, notes } = toChatRequest(rendered.prompt, modelId);
	if (!resolved.ok) notes.unshift(resolved.message);
	const estimate = await estimatePrompt(doc, { ...context, model, settings: { ...context.settings, compareModels: [] } });
	const plan: RunPlan = {
		prompt: context.prompt,
		model,
		request,
		inputs: inputs.values,
		missingVariables: missingVariables(doc, inputs.values),
		notes,
	};
	if (resolved.ok) plan.provider = resolved.provider.id;
	if (inputs.sample !== undefined) plan.sample = inputs.sample;
	if (estimate.ok) {
		plan.estimate = { inputTokens: estimate.primary.inputTokens, exact: estimate.primary.exact };
		if (estimate.primary.model?.price) plan.price = estimate.primary.model.price;
	}
	return { plan };
}
