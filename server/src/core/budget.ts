// Budget diagnostics from an estimate: unknown models, context-window overflow and near-limit, max output beyond the model's.
import type { ModelEstimate, PromptEstimate } from './estimate';
import { findFrontmatterKey } from './frontmatter';
import { formatPercent, formatTokens, formatWindow } from './pricing';
import type { Settings } from './settings';
import type { CoreDiagnostic, PromptDoc, Span } from './types';

export function budgetDiagnostics(doc: PromptDoc, estimate: PromptEstimate, settings: Settings): CoreDiagnostic[] {
	if (!estimate.ok) {
		if (estimate.budget) return [{ code: 'render-skipped', severity: 'info', message: estimate.message, span: { start: doc.body.start, end: doc.body.start } }];
		const named = /could not find schema with name '([^']*)'/.exec(estimate.message);
		if (named) {
			// Genkit apps register named schemas in code (ai.defineSchema), where Prompt Lens cannot see them.
			return [{ code: 'render-failed', severity: 'info', message: `This prompt uses the schema \`${named[1]}\`, which is registered in code (ai.defineSchema), so Prompt Lens cannot render it: token counts and costs are unavailable.`, span: { start: doc.body.start, end: doc.body.start } }];
		}
		return [{ code: 'render-failed', severity: 'warning', message: `The Dotprompt runtime cannot render this prompt: ${estimate.message.replace(/ - \d+:\d+$/, '')}. Token counts and costs are unavailable until it renders.`, span: { start: doc.body.start, end: doc.body.start } }];
	}
	const diagnostics: CoreDiagnostic[] = [];
	const modelSpan = keySpan(doc, 'model');
	if (estimate.primary.name) diagnostics.push(...forModel(doc, estimate.primary, modelSpan, settings, true));
	for (const target of estimate.targets) diagnostics.push(...forModel(doc, target, targetSpan(doc, target.name), settings, false));
	return diagnostics;
}

function forModel(doc: PromptDoc, e: ModelEstimate, span: Span, settings: Settings, primary: boolean): CoreDiagnostic[] {
	const label = primary ? '' : ` (comparison target \`${e.name}\`)`;
	if (!e.model) {
		const hint = e.suggestions.length ? ` Did you mean ${e.suggestions.map((s) => `\`${s}\``).join(', ')}?` : '';
		return [{ code: 'unknown-model', severity: 'warning', message: `Unknown model \`${e.name}\`${label}: Prompt Lens has no price or context window for it.${hint} Add it with the \`promptLens.models\` setting if it is self-hosted or fine-tuned.`, span }];
	}
	const out: CoreDiagnostic[] = [];
	const id = e.model.id;
	const max = e.model.maxOutputTokens;
	if (primary && max !== undefined && e.outputSource === 'config.maxOutputTokens' && e.outputTokens > max) {
		out.push({ code: 'max-output-exceeds-model', severity: 'warning', message: `\`maxOutputTokens: ${formatTokens(e.outputTokens)}\` is more than ${id} can produce (${formatTokens(max)}); the provider will reject or cap it.`, span: keySpan(doc, 'config', 'maxOutputTokens') ?? span });
	}
	const window = e.contextWindow;
	if (window === undefined || e.windowUse === undefined) return out;
	const used = e.inputTokens + e.outputTokens;
	const parts = `${formatTokens(e.inputTokens)} input + ${formatTokens(e.outputTokens)} ${e.outputSource === 'config.maxOutputTokens' ? 'max output' : 'expected output'} = ${formatTokens(used)} tokens`;
	if (used > window) {
		out.push({ code: 'context-overflow', severity: 'error', message: `${parts}: more than ${id}'s ${formatWindow(window)} context window${label}, by ${formatTokens(used - window)}. The request will fail or be truncated.`, span });
	} else if (e.windowUse > settings.contextWarningThreshold) {
		out.push({ code: 'context-near-limit', severity: 'warning', message: `${parts}: ${formatPercent(e.windowUse)} of ${id}'s ${formatWindow(window)} context window${label} (warning above ${formatPercent(settings.contextWarningThreshold)}, \`promptLens.contextWarningThreshold\`).`, span });
	}
	return out;
}

/** The value of a frontmatter key, or the start of the body when the key is absent. */
function keySpan(doc: PromptDoc, ...path: string[]): Span {
	const key = findFrontmatterKey(doc.frontmatter, ...path);
	if (key) return key.valueSpan.end > key.valueSpan.start ? key.valueSpan : key.keySpan;
	return { start: doc.body.start, end: doc.body.start };
}

/** A comparison target inside the `promptLens.compare` list, found by its text. */
function targetSpan(doc: PromptDoc, name: string): Span {
	const list = keySpan(doc, 'promptLens.compare');
	const at = doc.text.slice(list.start, list.end).indexOf(name);
	return at >= 0 ? { start: list.start + at, end: list.start + at + name.length } : list;
}
