// Shared by the model rules: the frontmatter's model names with their spans and catalog entries, and deprecation status by date.
import { findFrontmatterKey } from '../frontmatter';
import { resolveModel } from '../models/catalog';
import type { ModelCatalog, ModelInfo, MovingAlias } from '../models/types';
import type { Fix, PromptDoc, Span } from '../types';

/** A model name as written in the frontmatter. */
export interface ModelRef {
	/** The name as written, trimmed (`openai/gpt-4o`). */
	name: string;
	/** The name inside the YAML value, without quotes; the whole value when the name could not be found in it. */
	span: Span;
	/** False when `span` is the whole value (an escaped or folded scalar): then no fix can edit the name. */
	exact: boolean;
	/** Everything up to the last `/`, kept by fixes (`openai/`, or empty). */
	prefix: string;
	/** The name after the prefix, lowercased (`gpt-4o`). */
	bare: string;
	/** The prefix as resolution read it (`openai`), when the name had a known one. */
	via?: string;
	model?: ModelInfo;
	/** Set when the name is a provider's moving alias (`gemini-flash-latest`); `model` is what it points at today. */
	alias?: MovingAlias;
}

/** Names that already carry a version: `-20250929`, `-2024-11-20`, `@20250929`, `-001`, `-0613`, `-2411`, `-09-2025`. */
const PINNED = /(?:[-@]\d{8}|-\d{4}-\d{2}-\d{2}|-\d{3,4}|@[\w.-]+|-\d{2}-\d{4})$/;

/** The name as written is a dated snapshot or a numbered version of its model rather than the family's moving name. */
export function isPinned(ref: ModelRef, model: ModelInfo): boolean {
	return (model.snapshots?.includes(ref.bare) ?? false) || PINNED.test(ref.bare);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;
/** How long before a retirement date the rules start to warn. */
export const WARN_DAYS = 90;

function frontData(doc: PromptDoc): Record<string, unknown> | undefined {
	const data = doc.frontmatter?.data;
	return data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : undefined;
}

/** The value at `path` of the parsed frontmatter, if any. */
export function frontValue(doc: PromptDoc, ...path: string[]): unknown {
	let value: unknown = frontData(doc);
	for (const key of path) value = value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
	return value;
}

/** `name` found inside `within` as a whole YAML scalar (quoted or plain), at or after `from`. */
function nameSpanIn(doc: PromptDoc, name: string, within: Span, from = within.start): Span | undefined {
	const text = doc.text.slice(within.start, within.end);
	const lower = text.toLowerCase();
	const target = name.toLowerCase();
	for (let at = lower.indexOf(target, from - within.start); at >= 0; at = lower.indexOf(target, at + 1)) {
		const before = at === 0 ? ' ' : text[at - 1];
		const after = text[at + name.length] ?? ' ';
		if (/[\s,["']/.test(before) && /[\s,\]"'#]/.test(after)) return { start: within.start + at, end: within.start + at + name.length };
	}
	return undefined;
}

function refFor(catalog: ModelCatalog, name: string, found: Span | undefined, whole: Span, lookupName = name): ModelRef {
	const slash = name.lastIndexOf('/');
	const lookup = resolveModel(catalog, lookupName);
	return {
		name,
		span: found ?? whole,
		exact: found !== undefined,
		prefix: name.slice(0, slash + 1),
		bare: name.slice(slash + 1).toLowerCase(),
		via: lookup.ok ? lookup.provider : undefined,
		model: lookup.ok ? lookup.model : undefined,
		...(lookup.ok && lookup.alias ? { alias: lookup.alias } : {}),
	};
}

/** The `model:` value, when it is a non-empty string. */
function primaryModel(doc: PromptDoc, catalog: ModelCatalog): ModelRef | undefined {
	const value = frontValue(doc, 'model');
	const key = findFrontmatterKey(doc.frontmatter, 'model');
	if (typeof value !== 'string' || value.trim() === '' || !key) return undefined;
	const name = value.trim();
	return refFor(catalog, name, nameSpanIn(doc, name, key.valueSpan), key.valueSpan);
}

/**
 * `config.version`, which Genkit's plugins (googleai, vertexai, the OpenAI-compatible ones) send as the model name
 * in place of the `model:` one; resolved under the `model:` value's provider prefix.
 */
function configVersion(doc: PromptDoc, catalog: ModelCatalog, primary: ModelRef | undefined): ModelRef | undefined {
	const value = frontValue(doc, 'config', 'version');
	const key = findFrontmatterKey(doc.frontmatter, 'config', 'version');
	if (typeof value !== 'string' || value.trim() === '' || !key) return undefined;
	const name = value.trim();
	return refFor(catalog, name, nameSpanIn(doc, name, key.valueSpan), key.valueSpan, name.includes('/') ? name : `${primary?.prefix ?? ''}${name}`);
}

/** Each string in the `promptLens.compare` list, with its span inside the list. */
function compareModels(doc: PromptDoc, catalog: ModelCatalog): ModelRef[] {
	const list = frontValue(doc, 'promptLens.compare');
	const key = findFrontmatterKey(doc.frontmatter, 'promptLens.compare');
	if (!Array.isArray(list) || !key) return [];
	const refs: ModelRef[] = [];
	let from = key.valueSpan.start;
	for (const item of list) {
		if (typeof item !== 'string' || item.trim() === '') continue;
		const name = item.trim();
		const span = nameSpanIn(doc, name, key.valueSpan, from);
		if (!span) continue;
		from = span.end;
		refs.push(refFor(catalog, name, span, span));
	}
	return refs;
}

export interface DocModels {
	/** The `model:` value. */
	primary?: ModelRef;
	/** The model the request really goes to: `config.version` when set, else `model:`. */
	effective?: ModelRef;
	/** The `promptLens.compare` list. */
	compare: ModelRef[];
}

/**
 * Every model name of the document, resolved once for all three rules (a failed lookup ranks the whole catalog for
 * suggestions, milliseconds each); weakly keyed, so an old document's entry goes with it.
 */
const resolved = new WeakMap<PromptDoc, { catalog: ModelCatalog; models: DocModels }>();

export function docModels(doc: PromptDoc, catalog: ModelCatalog): DocModels {
	const cached = resolved.get(doc);
	if (cached?.catalog === catalog) return cached.models;
	const primary = primaryModel(doc, catalog);
	const models = { primary, effective: configVersion(doc, catalog, primary) ?? primary, compare: compareModels(doc, catalog) };
	resolved.set(doc, { catalog, models });
	return models;
}

/** An edit that swaps the part after the prefix, so `openai/gpt-4o` stays `openai/…`. */
export function replaceBare(ref: ModelRef, newBare: string): Fix['edits'][number] {
	return { span: { start: ref.span.start + ref.prefix.length, end: ref.span.end }, newText: newBare };
}

function dayNumber(date: string): number | undefined {
	const match = ISO_DATE.exec(date);
	if (!match) return undefined;
	const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
	return Number.isNaN(ms) ? undefined : Math.round(ms / DAY_MS);
}

export type DeprecationStatus =
	| { kind: 'retired'; date: string }
	| { kind: 'soon'; date: string; days: number }
	| { kind: 'flagged' };

/** Retired (on or after the date), retiring within WARN_DAYS, or marked deprecated without a date; undefined otherwise. */
export function deprecationStatus(model: ModelInfo | undefined, today: string): DeprecationStatus | undefined {
	if (!model) return undefined;
	const date = model.deprecation?.date;
	const day = date !== undefined ? dayNumber(date) : undefined;
	const now = dayNumber(today);
	if (date !== undefined && day !== undefined && now !== undefined) {
		if (now >= day) return { kind: 'retired', date };
		if (day - now <= WARN_DAYS) return { kind: 'soon', date, days: day - now };
		return undefined;
	}
	return model.deprecated ? { kind: 'flagged' } : undefined;
}

/** The provider's display name from the catalog (`OpenAI`), for messages. */
export function providerName(catalog: ModelCatalog, model: ModelInfo): string {
	return catalog.providers?.find((p) => p.id === model.provider)?.name ?? model.provider;
}
