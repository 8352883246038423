// The words and numbers users read: CodeLens titles, hover Markdown and the status summary, built from an estimate.
import type { ModelEstimate, PromptEstimate } from './estimate';
import type { ModelInfo } from './models/types';
import { REPLY_PRIMING_TOKENS } from './chatTokens';
import { APPROXIMATION_NOTE } from './tokens/tokenizer';
import { formatCost, formatPercent, formatPricePerMTok, formatRatio, formatTokens, formatWindow } from './pricing';

/** `≈ 1,234 tokens · $0.0031/call · 1.0% of 128k`; no `≈` when the count is exact. */
export function lensTitle(e: ModelEstimate): string {
	const parts = [`${approx(e)}${formatTokens(e.inputTokens)} tokens`];
	if (e.cost) parts.push(`${formatCost(e.cost.total)}/call`);
	if (e.contextWindow && e.windowUse !== undefined) parts.push(`${formatPercent(e.windowUse)} of ${formatWindow(e.contextWindow)}`);
	if (!e.model) parts.push(e.name ? `unknown model ${e.name}` : 'no model set');
	if (e.alias) parts.push(`moving alias → currently ${e.alias.target}`);
	return parts.join(' · ');
}

/** Where the lens's numbers come from: the output assumption and the price source with its date. */
export function lensTooltip(e: ModelEstimate): string {
	const output = `${formatTokens(e.outputTokens)} output tokens (${e.outputSource})`;
	const source = e.model ? `; prices from ${e.model.source.name}, ${e.model.source.date}` : '';
	return `${approx(e) ? 'Approximate count. ' : ''}Input plus ${output}${source}. Hover the model for details.`;
}

export function approx(e: ModelEstimate): string {
	return e.exact ? '' : '≈ ';
}

/** Hover on `model:` — facts about the model, then the comparison with each target. */
export function modelHover(estimate: PromptEstimate & { ok: true }): string {
	const e = estimate.primary;
	if (!e.model) return `**${e.name || 'No model'}** is not in the catalog.${e.suggestions.length ? ` Did you mean ${e.suggestions.map((s) => `\`${s}\``).join(', ')}?` : ''}`;
	const lines = [`**${e.model.id}** · ${e.model.provider}`, '', ...aliasLine(e), ...modelFacts(e.model), '', `This prompt: ${usageLine(e)}`];
	if (estimate.targets.length) lines.push('', '**Compared with**', '', ...estimate.targets.map((t) => `- ${comparisonLine(e, t)}`));
	lines.push('', notesLine(estimate), '', sourceLine(e.model));
	return lines.filter((l, i, all) => !(l === '' && all[i - 1] === '')).join('\n');
}

/** Hover in the body: this section's tokens and the whole prompt's. */
export function sectionHover(estimate: PromptEstimate & { ok: true }, role: string, tokens: number): string {
	const e = estimate.primary;
	const share = e.inputTokens ? ` (${formatPercent(tokens / e.inputTokens)} of the prompt)` : '';
	const price = e.model?.price;
	const cost = price ? ` · ${formatCost((tokens * price.inputPerMTok) / 1e6)} of input cost per call` : '';
	const whole = `Whole prompt${e.name ? ` on ${e.name}` : ''}: ${usageLine(e)}. The input counts every message with its overhead, plus ${REPLY_PRIMING_TOKENS} tokens that prime the reply.`;
	return [`**${role}** section: ${approx(e)}${formatTokens(tokens)} tokens${share}${cost}`, '', whole, '', notesLine(estimate)].join('\n').trim();
}

/** Short text and detail for the editor's status item. */
export function statusSummary(estimate: PromptEstimate): { text: string; detail: string } {
	if (!estimate.ok) return { text: 'Prompt Lens: not rendered', detail: estimate.message };
	const e = estimate.primary;
	// Short text: VS Code shows status items in a narrow hover; the window share and the assumptions go in the detail.
	const output = e.outputSource === 'config.maxOutputTokens' ? `${formatTokens(e.outputTokens)} max output` : `assumes ${formatTokens(e.outputTokens)} output`;
	const window = e.contextWindow && e.windowUse !== undefined ? `${formatPercent(e.windowUse)} of ${formatWindow(e.contextWindow)} · ` : '';
	const text = `${approx(e)}${formatTokens(e.inputTokens)} tokens${e.cost ? ` · ${formatCost(e.cost.total)}/call` : ''}`;
	return { text, detail: e.model ? `${window}${output}` : `${e.name ? `unknown model ${e.name}` : 'no model set'} · ${output}` };
}

function modelFacts(m: ModelInfo): string[] {
	const facts = [];
	if (m.contextWindow) facts.push(`- Context window: ${formatWindow(m.contextWindow)} (${formatTokens(m.contextWindow)} tokens)`);
	if (m.maxOutputTokens) facts.push(`- Max output: ${formatTokens(m.maxOutputTokens)} tokens`);
	if (m.price) {
		const cached = m.price.cachedInputPerMTok !== undefined ? ` · cached input ${formatPricePerMTok(m.price.cachedInputPerMTok)}` : '';
		facts.push(`- Price per 1M tokens: input ${formatPricePerMTok(m.price.inputPerMTok)} · output ${formatPricePerMTok(m.price.outputPerMTok)}${cached}`);
		for (const tier of m.price.tiers ?? []) facts.push(`  - above ${formatWindow(tier.aboveInputTokens)} input: ${formatPricePerMTok(tier.inputPerMTok)} / ${formatPricePerMTok(tier.outputPerMTok)}`);
	}
	const caps = Object.entries(m.capabilities).filter(([, on]) => on).map(([name]) => name);
	if (caps.length) facts.push(`- Supports: ${caps.join(', ')}`);
	if (m.snapshots?.length) facts.push(`- Newest snapshot: \`${m.snapshots[0]}\``);
	if (m.deprecation) facts.push(`- ⚠ Deprecated on ${m.deprecation.date}${m.deprecation.replacement ? `; use \`${m.deprecation.replacement}\`` : ''}`);
	facts.push(`- Tokenizer: ${m.tokenizer === 'approx' ? `counts are ≈. ${APPROXIMATION_NOTE}` : `${m.tokenizer} (exact)`}`);
	return facts;
}

/** `gemini-flash-latest` → which model it is today, and where the provider says so. */
function aliasLine(e: ModelEstimate): string[] {
	if (!e.alias) return [];
	const { alias, target, url, checked } = e.alias;
	return [`\`${alias}\` is a moving alias → currently \`${target}\` ([provider's documentation](${url}), checked ${checked}): the provider re-points it without notice, so these numbers can change under the prompt.`, ''];
}

function usageLine(e: ModelEstimate): string {
	const split = e.cost ? ` (${formatCost(e.cost.input)} input + ${formatCost(e.cost.output)} output)` : '';
	const cost = e.cost ? ` · ${formatCost(e.cost.total)}/call${split} · ${formatCost(e.costPer1k ?? 0)} per 1,000 calls` : '';
	const window = e.windowUse !== undefined && e.contextWindow ? ` · ${formatPercent(e.windowUse)} of ${formatWindow(e.contextWindow)}` : '';
	return `${approx(e)}${formatTokens(e.inputTokens)} input + ${formatTokens(e.outputTokens)} output tokens${cost}${window}`;
}

/** "gpt-4o vs gpt-3.5-turbo: input 5×, output 6.7×, window 16k → 128k". */
function comparisonLine(base: ModelEstimate, t: ModelEstimate): string {
	if (!t.model) return `\`${t.name}\`: unknown model`;
	const head = `**${t.name}**: ${approx(t)}${formatTokens(t.inputTokens)} tokens${t.cost ? ` · ${formatCost(t.cost.total)}/call` : ''}${t.windowUse !== undefined ? ` · ${formatPercent(t.windowUse)} of window` : ''}`;
	const ratios: string[] = [];
	const bp = base.model?.price;
	const tp = t.model.price;
	if (bp && tp && bp.inputPerMTok > 0 && bp.outputPerMTok > 0) ratios.push(`input ${formatRatio(tp.inputPerMTok / bp.inputPerMTok)}`, `output ${formatRatio(tp.outputPerMTok / bp.outputPerMTok)}`);
	if (base.contextWindow && t.contextWindow) ratios.push(`window ${formatWindow(base.contextWindow)} → ${formatWindow(t.contextWindow)}`);
	return ratios.length ? `${head} — vs ${base.model?.id}: ${ratios.join(', ')}` : head;
}

function notesLine(estimate: PromptEstimate & { ok: true }): string {
	const notes = [...estimate.notes];
	const missing = estimate.missingVariables;
	if (missing.length) notes.push(`${missing.length} variable${missing.length === 1 ? ' has' : 's have'} no default: counted as empty (${missing.map((m) => `\`${m}\``).join(', ')})`);
	if (estimate.sample) notes.push(`inputs from sample \`${estimate.sample}\``);
	return notes.length ? `_${notes.join('; ')}._` : '';
}

function sourceLine(m: ModelInfo): string {
	return `_Prices: ${m.source.url ? `[${m.source.name}](${m.source.url})` : m.source.name}, ${m.source.date}._`;
}
