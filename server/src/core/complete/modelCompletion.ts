// Model names for `model:` and `promptLens.compare`, from the catalog, with prices and context windows.
import { resolveModel } from '../models/catalog';
import type { ModelCatalog, ModelInfo } from '../models/types';
import { formatPricePerMTok, formatTokens, formatWindow } from '../pricing';
import type { Span } from '../types';
import type { CoreCompletionItem } from './completionTypes';

/** The providers most prompts use, offered first. */
const COMMON = ['openai', 'anthropic', 'google'];

/**
 * Every catalog model as `provider/id`, which resolveModel reads as exactly that model. When the user has typed a
 * prefix the catalog does not name (`googleai/`, `vertexai/`), the models it reaches are offered under that prefix.
 */
export function modelItems(catalog: ModelCatalog, typed: string, replace: Span, insertPrefix = ''): CoreCompletionItem[] {
	const head = typedHead(catalog, typed);
	const reached = head ? providersReachedBy(catalog, head) : new Set<string>();
	const seen = new Set<string>();
	const items: CoreCompletionItem[] = [];
	for (const model of rankedModels(catalog)) {
		const viaHead = reached.has(model.provider);
		const label = `${viaHead ? head : model.provider}/${model.id}`;
		if (seen.has(label.toLowerCase())) continue;
		seen.add(label.toLowerCase());
		// A prefix can reach several providers' copies of a model: describe the one the name resolves to.
		const found = viaHead ? resolveModel(catalog, label) : undefined;
		const shown = found ? (found.ok ? found.model : undefined) : model;
		if (shown) items.push(modelItem(shown, label, replace, insertPrefix, items.length));
	}
	return items;
}

function rankedModels(catalog: ModelCatalog): ModelInfo[] {
	return catalog.models
		// Ids ending in `-` or `.` are the data's prefix rules for fine-tunes (`ft:gpt-3.5-turbo-`), not names to write.
		.filter((model) => !/[-.:]$/.test(model.id))
		.map((model, index) => ({ model, index, rank: rankOf(model) }))
		.sort((a, b) => a.rank - b.rank || a.index - b.index)
		.map(({ model }) => model);
}

function modelItem(model: ModelInfo, label: string, replace: Span, insertPrefix: string, position: number): CoreCompletionItem {
	const deprecated = model.deprecated === true || model.deprecation !== undefined;
	return {
		label,
		kind: 'model',
		detail: modelDetail(model),
		documentation: modelDocumentation(model),
		insertText: insertPrefix ? `${insertPrefix}${label}` : undefined,
		replace,
		// Within the order above: current models, then those without a known window (mostly legacy), then deprecated ones.
		sortText: `${deprecated ? 2 : model.contextWindow ? 0 : 1}${String(position).padStart(5, '0')}`,
		filterText: insertPrefix ? label : undefined,
		deprecated: deprecated || undefined,
	};
}

/** Models priced from the user's settings first (they chose them), then the common providers, then the rest in catalog order. */
function rankOf(model: ModelInfo): number {
	if (model.source.origin === 'settings') return 0;
	const common = COMMON.indexOf(model.provider);
	return common >= 0 ? 1 + common : 1 + COMMON.length;
}

/** The prefix typed before a `/`, when it is not a catalog provider's own name. */
function typedHead(catalog: ModelCatalog, typed: string): string | undefined {
	const slash = typed.indexOf('/');
	const head = slash > 0 ? typed.slice(0, slash).toLowerCase() : '';
	return head === '' || catalog.models.some((m) => m.provider === head) ? undefined : head;
}

/**
 * The providers whose models `head/id` resolves to (Genkit's plugin prefixes map to a few catalog providers). A prefix
 * that reaches most of them is a local runtime (`ollama/`), which reads any name and which the catalog does not price.
 */
function providersReachedBy(catalog: ModelCatalog, head: string): Set<string> {
	const reached = new Set<string>();
	let probed = 0;
	for (const provider of new Set(catalog.models.map((m) => m.provider))) {
		// A sample with a slash would be reached through `head/vendor/name`, which says nothing about the prefix.
		const sample = catalog.models.find((m) => m.provider === provider && !m.id.includes('/'));
		if (!sample) continue;
		probed++;
		const found = resolveModel(catalog, `${head}/${sample.id}`);
		if (found.ok && found.model.provider === provider) reached.add(provider);
	}
	return reached.size > probed / 2 ? new Set() : reached;
}

function modelDetail(model: ModelInfo): string {
	const parts = [model.price ? `${formatPricePerMTok(model.price.inputPerMTok)} in / ${formatPricePerMTok(model.price.outputPerMTok)} out per MTok` : 'no price in the catalog'];
	if (model.contextWindow) parts.push(`${formatWindow(model.contextWindow)} context`);
	return parts.join(' · ');
}

function modelDocumentation(model: ModelInfo): string {
	const lines = [`**${model.name ?? model.id}** — ${model.provider}`];
	const price = model.price;
	if (price) {
		const cached = price.cachedInputPerMTok !== undefined ? `, cached input ${formatPricePerMTok(price.cachedInputPerMTok)}` : '';
		lines.push(`Per million tokens: input ${formatPricePerMTok(price.inputPerMTok)}${cached}, output ${formatPricePerMTok(price.outputPerMTok)}.`);
		if (price.tiers?.length) lines.push(`Higher prices above ${formatTokens(price.tiers[0].aboveInputTokens)} input tokens.`);
	} else {
		lines.push('The catalog has no price for this model; add one with `promptLens.models`.');
	}
	const window = model.contextWindow ? `Context window ${formatTokens(model.contextWindow)} tokens` : 'Context window unknown';
	lines.push(model.maxOutputTokens ? `${window}; up to ${formatTokens(model.maxOutputTokens)} output tokens.` : `${window}.`);
	if (model.priceNote) lines.push(model.priceNote);
	if (model.deprecation) {
		lines.push(`Deprecated: the provider retires it on ${model.deprecation.date}${model.deprecation.replacement ? `; use \`${model.deprecation.replacement}\` instead` : ''}.`);
	} else if (model.deprecated) {
		lines.push('Deprecated by its provider.');
	}
	lines.push(`Source: ${model.source.name}, ${model.source.date}.`);
	return lines.join('\n\n');
}
