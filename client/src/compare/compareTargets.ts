// What a comparison runs: models from the frontmatter, the setting or a pick; prompt variants (`name.variant.prompt`) beside the file.
import type { CompareColumn, CompareTarget } from '../../../media/shared/compareMessages';

export type ModelSource = 'frontmatter' | 'setting' | 'none';

/**
 * The models to compare: `promptLens.compare` in the frontmatter, else the `promptLens.compareModels` setting (the
 * same precedence as the token estimate), with the prompt's own model first as the baseline. Empty when neither lists
 * any: the caller asks.
 */
export function compareModels(front: Record<string, unknown>, settingModels: readonly string[], mainModel?: string): { models: string[]; source: ModelSource } {
	const listed = front['promptLens.compare'];
	const source: ModelSource = Array.isArray(listed) ? 'frontmatter' : settingModels.length > 0 ? 'setting' : 'none';
	const names = cleanNames(Array.isArray(listed) ? listed : settingModels);
	if (names.length === 0) return { models: [], source: 'none' };
	return { models: cleanNames([mainModel, ...names]), source };
}

/** Trimmed, non-empty strings, each once, in order. */
export function cleanNames(values: readonly unknown[]): string[] {
	return [...new Set(values.filter((v): v is string => typeof v === 'string').map((v) => v.trim()).filter((v) => v !== ''))];
}

export interface PromptFileName {
	name: string;
	variant?: string;
}

/**
 * `greeting.short.prompt` → `{ name: 'greeting', variant: 'short' }`, as Genkit names it; undefined for partials
 * (`_x.prompt`), other files, and names with more dots (Genkit would read only their second part as the variant).
 */
export function parsePromptFileName(file: string): PromptFileName | undefined {
	if (!file.endsWith('.prompt') || file.startsWith('_')) return undefined;
	const parts = file.slice(0, -'.prompt'.length).split('.');
	if (parts.some((p) => p === '') || parts.length > 2) return undefined;
	return parts.length === 2 ? { name: parts[0], variant: parts[1] } : { name: parts[0] };
}

/** The file of a variant of the prompt named `name` (undefined: the prompt itself). */
export function promptFileName(name: string, variant?: string): string {
	return variant ? `${name}.${variant}.prompt` : `${name}.prompt`;
}

export interface PromptVersion {
	/** undefined: the base prompt `name.prompt`. */
	variant?: string;
	file: string;
}

/**
 * Every version of the prompt in `file`'s folder (the base first, then variants by name), given the folder's file
 * names. The opened file is always among them, even when the base does not exist.
 */
export function promptVersions(file: string, siblings: readonly string[]): PromptVersion[] {
	const own = parsePromptFileName(file);
	if (!own) return [{ file }];
	const versions = new Map<string, PromptVersion>();
	for (const sibling of [file, ...siblings]) {
		const parsed = parsePromptFileName(sibling);
		if (parsed?.name === own.name) versions.set(parsed.variant ?? '', { ...(parsed.variant ? { variant: parsed.variant } : {}), file: sibling });
	}
	return [...versions.values()].sort((a, b) => (a.variant === undefined ? -1 : b.variant === undefined ? 1 : a.variant.localeCompare(b.variant)));
}

/** Variant × model: one column per pair, grouped by variant, with ids that stay stable when the panel is restored. */
export function buildColumns(models: readonly string[], variants: readonly (string | undefined)[]): CompareColumn[] {
	const columns: CompareColumn[] = [];
	for (const variant of variants.length > 0 ? variants : [undefined]) {
		for (const model of models) {
			const target: CompareTarget = variant ? { model, variant } : { model };
			columns.push({ id: `c${columns.length + 1}`, target, runs: [] });
		}
	}
	return columns;
}

/** The models the command's argument names (scripts and tests skip the pickers with `{ models, variants }`). */
export function compareOptions(value: unknown): { models?: string[]; variants?: string[] } {
	if (typeof value !== 'object' || value === null) return {};
	const { models, variants } = value as Record<string, unknown>;
	return {
		...(Array.isArray(models) ? { models: cleanNames(models) } : {}),
		...(Array.isArray(variants) ? { variants: cleanNames(variants) } : {}),
	};
}

/** The frontmatter's values, read as the runtime reads them; `{}` without (or with broken) frontmatter. */
export function frontmatterOf(text: string): Record<string, unknown> {
	// Loaded on first use (esbuild keeps a required module lazy): the YAML parser is not needed until someone compares.
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { parseFrontmatter } = require('../../../server/src/core/frontmatter') as typeof import('../../../server/src/core/frontmatter');
	const data = parseFrontmatter(text).frontmatter?.data;
	return typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
}
