// The free part of a migration report, per prompt file: input tokens with each model's own tokenizer, cost per call
// and per 1,000 calls and their ratio, window use, what the new model lacks or retires, parameters it renames or drops.
// Used by `prompt-lens migrate` and by the language server for VS Code's "Compare Models Across Workspace".
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
	analyzePrompt,
	buildRunPlan,
	createTokenizer,
	errorMessage,
	estimatePrompt,
	findFrontmatterKey,
	hasSyntaxErrors,
	loadCatalog,
	providersFromSettings,
	type MigrationRow,
	type MigrationSide,
	type ModelEstimate,
	type Settings,
	type PartialSource,
	type PromptDoc,
} from '../core';
import { PartialFiles, partialLookupFor } from './partials';
import { today } from './today';

export interface MigrationContext {
	settings: Settings;
	/** Report paths relative to this folder. */
	cwd: string;
	/** The workspace root: partials and settings paths start here. */
	root: string;
}

export interface MigrationTarget {
	to: string;
	/** The model to move from; default: each prompt's own `model:`. */
	from?: string;
}

/** A row per prompt file (partials skipped); a prompt that cannot be analyzed is a row with an error, not a stop. */
export async function migrationRows(
	files: readonly string[],
	target: MigrationTarget,
	context: MigrationContext,
): Promise<MigrationRow[]> {
	// One partial cache for the run: the folder walk for Genkit-style partials happens once, not once per prompt.
	const shared = { catalog: loadCatalog(context.settings.models), tokenizer: createTokenizer(), files: new PartialFiles() };
	const rows: MigrationRow[] = [];
	for (const file of files.filter((f) => !isPartialFile(f))) rows.push(await migrateOne(file, target, context, shared));
	return rows;
}

/** `_name.prompt` is a partial, not a prompt of its own. */
export function isPartialFile(file: string): boolean {
	return /(^|[\\/])_[^\\/]*$/.test(file);
}

type Shared = {
	catalog: ReturnType<typeof loadCatalog>;
	tokenizer: ReturnType<typeof createTokenizer>;
	files: PartialFiles;
};

async function migrateOne(
	file: string,
	options: MigrationTarget,
	context: MigrationContext,
	shared: Shared,
): Promise<MigrationRow> {
	const path = resolve(context.cwd, file);
	const prompt = relative(context.cwd, path) || file;
	let text: string;
	try {
		text = readFileSync(path, 'utf8');
	} catch (error) {
		return { prompt, notes: [], error: `cannot be read: ${errorMessage(error)}` };
	}
	const parsed = analyzePrompt(text, context.settings);
	if (parsed.skipped || hasSyntaxErrors(parsed.diagnostics))
		return {
			prompt,
			notes: [],
			error: "not analyzed (syntax errors, too large, or another tool's format): run prompt-lens check",
		};
	const own = (parsed.doc.frontmatter?.data as { model?: unknown } | undefined)?.model;
	const fromModel = options.from ?? (typeof own === 'string' ? own : undefined);
	if (!fromModel)
		return { prompt, notes: [], error: 'the prompt names no model: give the model to move from (--from)' };
	const lookup = partialLookupFor(pathToFileURL(path).href, context.settings.partialPaths, [context.root], shared.files);
	const partialSource = lookup?.source;
	const { catalog, tokenizer } = shared;
	const estimate = (model: string) =>
		estimatePrompt(parsed.doc, { catalog, tokenizer, settings: context.settings, partialSource, model });
	const [before, after] = await Promise.all([estimate(fromModel), estimate(options.to)]);
	if (!before.ok) return { prompt, notes: [], error: `cannot be rendered: ${before.message}` };
	if (!after.ok) return { prompt, notes: [], error: `cannot be rendered: ${after.message}` };
	const from = side(before.primary);
	const to = side(after.primary);
	const notes = [
		...modelNotes(text, parsed.doc, options.to, context),
		...(await parameterNotes(parsed.doc, fromModel, options.to, context, shared, partialSource)),
	];
	const costRatio = from.costPerCall && to.costPerCall !== undefined ? to.costPerCall / from.costPerCall : undefined;
	return { prompt, from, to, costRatio, notes };
}

function side(e: ModelEstimate): MigrationSide {
	return {
		model: e.name,
		inputTokens: e.inputTokens,
		exact: e.exact,
		costPerCall: e.cost?.total,
		costPer1k: e.costPer1k,
		contextWindow: e.contextWindow,
		windowUse: e.windowUse,
	};
}

const MODEL_CODES = new Set([
	'model-capability',
	'deprecated-model',
	'unknown-model',
	'context-overflow',
	'max-output-exceeds-model',
]);

/** The lint rules' words about the prompt with the new model in its frontmatter (capabilities, retirement, unknown). */
function modelNotes(text: string, doc: PromptDoc, to: string, context: MigrationContext): string[] {
	const key = findFrontmatterKey(doc.frontmatter, 'model');
	if (!key) return [];
	const swapped = `${text.slice(0, key.valueSpan.start)}${to}${text.slice(key.valueSpan.end)}`;
	const { diagnostics } = analyzePrompt(swapped, context.settings, {
		catalog: loadCatalog(context.settings.models),
		today: today(),
	});
	return diagnostics.filter((d) => MODEL_CODES.has(d.code)).map((d) => d.message);
}

/** Request parameters the new model gets under another name, or not at all (e.g. max_tokens → max_completion_tokens). */
async function parameterNotes(
	doc: PromptDoc,
	from: string,
	to: string,
	context: MigrationContext,
	shared: Shared,
	partialSource: PartialSource | undefined,
): Promise<string[]> {
	const plan = (model: string) =>
		buildRunPlan(doc, {
			catalog: shared.catalog,
			tokenizer: shared.tokenizer,
			settings: context.settings,
			partialSource,
			prompt: 'migrate',
			model,
			userProviders: providersFromSettings(context.settings.providers, 'workspace'),
		});
	const [a, b] = await Promise.all([plan(from), plan(to)]);
	if ('error' in a || 'error' in b) return [];
	const keysOf = (r: object) => new Set(Object.keys(r).filter((k) => k !== 'model' && k !== 'messages'));
	const before = keysOf(a.plan.request);
	const after = keysOf(b.plan.request);
	const gone = [...before].filter((k) => !after.has(k));
	const added = [...after].filter((k) => !before.has(k));
	if (gone.length === 1 && added.length === 1) return [`\`${gone[0]}\` is sent as \`${added[0]}\` to ${to}`];
	return [...gone.map((k) => `\`${k}\` is not sent to ${to}`), ...added.map((k) => `\`${k}\` is added for ${to}`)];
}
