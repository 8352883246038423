// estimatePrompt: render what would be sent, then count it per model — tokens, cost, window use — for the model and each comparison target.
import { countChat, countJson, type ChatMessage } from './chatTokens';
import { resolveModel } from './models/catalog';
import type { ModelCatalog, ModelInfo, MovingAlias, TokenizerId } from './models/types';
import { estimateCost, formatCount, type Cost } from './pricing';
import type { PartialSource } from './partialGraph';
import type { Pause } from './piecewiseCompile';
import { renderPrompt } from './render';
import { collectInputs, missingVariables } from './promptInputs';
import type { Settings } from './settings';
import type { Tokenizer } from './tokens/tokenizer';
import type { PromptDoc } from './types';

export interface EstimateContext {
	catalog: ModelCatalog;
	tokenizer: Tokenizer;
	settings: Settings;
	/** Where `{{> name}}` partials come from (the host reads files). */
	partialSource?: PartialSource;
	/** Inputs given explicitly (CLI `--input`), over samples and defaults. */
	inputs?: Record<string, unknown>;
	/** Use this model instead of the frontmatter's (CLI `--model`). */
	model?: string;
	/** Lets other work in during a large render and between the models' counts; true stops the estimate. */
	pause?: Pause;
}

export interface ModelEstimate {
	/** The name as written (`openai/gpt-4o-mini`). */
	name: string;
	model?: ModelInfo;
	/** The name is a provider's moving alias; `model` is the one it points at today. */
	alias?: MovingAlias;
	suggestions: string[];
	/** True only when every part was counted with the model's own tokenizer. */
	exact: boolean;
	messages: { role: string; tokens: number }[];
	/** What the provider bills as prompt tokens: messages, overhead, reply priming, tool definitions, output schema. */
	inputTokens: number;
	outputTokens: number;
	outputSource: 'config.maxOutputTokens' | 'promptLens.expectedOutputTokens';
	cost?: Cost;
	costPer1k?: number;
	contextWindow?: number;
	windowUse?: number;
}

export type PromptEstimate =
	| { ok: true; primary: ModelEstimate; targets: ModelEstimate[]; missingVariables: string[]; sample?: string; notes: string[]; /** The rendered messages as an OpenAI-compatible API receives them. */ chat: ChatMessage[] }
	/** `budget`: not rendered because it is too large to render on every edit (see MAX_RENDER_TAGS), not because it fails. */
	| { ok: false; message: string; budget?: true };

/**
 * The runtime compiles a template to JavaScript at roughly 70 µs a tag: 10,000 tags take about 0.7 s, a megabyte of
 * `{{v}}` 15 s. Above this many tags the prompt is not rendered (and not counted) on each edit, and the reason is shown.
 */
export const MAX_RENDER_TAGS = 10_000;

interface Rendered {
	chat: ChatMessage[];
	extras: unknown[];
	maxOutputTokens?: number;
	notes: string[];
}

export async function estimatePrompt(doc: PromptDoc, context: EstimateContext): Promise<PromptEstimate> {
	const tags = countTags(doc.text, doc.body.start);
	if (tags > MAX_RENDER_TAGS) {
		return { ok: false, budget: true, message: `The template has ${formatCount(tags)} \`{{…}}\` tags, more than the ${formatCount(MAX_RENDER_TAGS)} Prompt Lens renders (the runtime compiles every tag to JavaScript, about 70 µs each), so it was not rendered: token counts, costs and the checks that need a render are skipped.` };
	}
	const front = (doc.frontmatter?.data ?? {}) as Record<string, unknown>;
	const inputs = collectInputs(front, context.inputs);
	// Counting needs the messages only; skipping the input-schema pass keeps each keystroke cheaper.
	// A template that did not parse whole (`recovered`) is not cut: its pieces might parse where the whole does not.
	const nodes = doc.recovered ? undefined : doc.nodes;
	const { partialSource, pause } = context;
	const renderOptions = { partialSource, inputSchema: false, frontmatter: doc.frontmatter, nodes, pause };
	const result = await renderPrompt(doc.text, { input: inputs.values }, renderOptions);
	if (!result.ok) return { ok: false, message: result.message };
	const rendered = toChat(result.prompt);
	const modelName = context.model ?? (typeof front.model === 'string' ? front.model : undefined);
	const names = [modelName ?? '', ...compareTargets(front, context.settings).filter((name) => name !== modelName)];
	const counted: ModelEstimate[] = [];
	for (const name of names) {
		// Counting 5 MB takes a few hundred milliseconds per tokenizer.
		if (pause && (await pause())) return { ok: false, message: STOPPED };
		counted.push(estimateFor(name, rendered, context));
	}
	const [primary, ...targets] = counted;
	return { ok: true, primary, targets, missingVariables: missingVariables(doc, inputs.values), sample: inputs.sample, notes: rendered.notes, chat: rendered.chat };
}

const STOPPED = 'A newer version came before the counts finished.';

function countTags(text: string, from: number): number {
	let count = 0;
	for (let at = text.indexOf('{{', from); at >= 0; at = text.indexOf('{{', at + 2)) count++;
	return count;
}

/** `promptLens.compare` in the frontmatter wins over the `promptLens.compareModels` setting. */
export function compareTargets(front: Record<string, unknown>, settings: Settings): string[] {
	const listed = front['promptLens.compare'];
	const names = Array.isArray(listed) ? listed : settings.compareModels;
	return [...new Set(names.filter((n): n is string => typeof n === 'string' && n.trim() !== '').map((n) => n.trim()))];
}

function estimateFor(name: string, rendered: Rendered, context: EstimateContext): ModelEstimate {
	const lookup = name ? resolveModel(context.catalog, name) : undefined;
	const model = lookup?.ok ? lookup.model : undefined;
	const tokenizerId: TokenizerId = model?.tokenizer ?? 'approx';
	const chat = countChat(rendered.chat, tokenizerId, context.tokenizer);
	const extraTokens = rendered.extras.reduce<number>((sum, extra) => sum + countJson(extra, tokenizerId, context.tokenizer), 0);
	const inputTokens = chat.total + extraTokens;
	const configured = rendered.maxOutputTokens;
	const outputTokens = configured ?? context.settings.expectedOutputTokens;
	const cost = model?.price ? estimateCost({ inputTokens, outputTokens }, model.price) : undefined;
	return {
		name,
		model,
		...(lookup?.ok && lookup.alias ? { alias: lookup.alias } : {}),
		suggestions: lookup && !lookup.ok ? lookup.suggestions : [],
		exact: !chat.approximate && rendered.extras.length === 0 && rendered.notes.length === 0 && tokenizerId !== 'approx',
		messages: chat.messages,
		inputTokens,
		outputTokens,
		outputSource: configured !== undefined ? 'config.maxOutputTokens' : 'promptLens.expectedOutputTokens',
		cost,
		costPer1k: cost ? cost.total * 1000 : undefined,
		contextWindow: model?.contextWindow,
		windowUse: model?.contextWindow ? (inputTokens + outputTokens) / model.contextWindow : undefined,
	};
}

interface RenderedShape {
	messages: { role: string; content: { text?: string; media?: unknown }[] }[];
	config?: { maxOutputTokens?: unknown };
	output?: { format?: string; schema?: unknown };
	toolDefs?: unknown[];
	tools?: unknown[];
}

/** Dotprompt messages → what an OpenAI-compatible API receives; payloads sent beside them; what we could not count. */
function toChat(prompt: unknown): Rendered {
	const p = prompt as RenderedShape;
	const notes: string[] = [];
	const chat = p.messages.map((message) => {
		const media = message.content.filter((part) => part.media !== undefined).length;
		if (media > 0) notes.push(`${media} media part${media === 1 ? '' : 's'} not counted (image tokens depend on size and detail)`);
		return { role: message.role === 'model' ? 'assistant' : message.role, content: message.content.map((part) => part.text ?? '').join('') };
	});
	const extras: unknown[] = [];
	if (p.output?.format === 'json' && p.output.schema) extras.push(p.output.schema);
	if (Array.isArray(p.toolDefs) && p.toolDefs.length > 0) extras.push(p.toolDefs);
	if (Array.isArray(p.tools) && p.tools.length > 0) notes.push(`${p.tools.length} tool${p.tools.length === 1 ? '' : 's'} referenced by name not counted (their definitions live in code)`);
	const max = p.config?.maxOutputTokens;
	return { chat, extras, maxOutputTokens: typeof max === 'number' && max > 0 ? max : undefined, notes };
}
