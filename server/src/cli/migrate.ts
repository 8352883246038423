// `prompt-lens migrate --to model` without --run (free, instant): per prompt, what moving to another model changes —
// input tokens with each model's own tokenizer, cost per call and per 1,000 calls, window use, what the new model lacks
// or retires, request parameters it renames or drops — and the totals for the folder. Markdown for pull requests, JSON.
import { readFileSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
	analyzePrompt,
	buildRunPlan,
	createTokenizer,
	estimatePrompt,
	findFrontmatterKey,
	formatCost,
	formatPercent,
	formatTokens,
	hasSyntaxErrors,
	loadCatalog,
	providersFromSettings,
	type ModelEstimate,
	type PartialSource,
	type PromptDoc,
} from '../core';
import { today } from '../host/today';
import { partialLookupFor } from '../host/partials';
import { collectPromptFiles } from './promptFiles';
import type { RunContext } from './run';

export interface MigrateOptions {
	paths: string[];
	to: string;
	from?: string;
	format: 'md' | 'json';
	output?: string;
}

interface Side {
	model: string;
	inputTokens: number;
	exact: boolean;
	costPerCall?: number;
	costPer1k?: number;
	contextWindow?: number;
	windowUse?: number;
}

export interface MigrationRow {
	prompt: string;
	from?: Side;
	to?: Side;
	/** to ÷ from, per call */
	costRatio?: number;
	/** What changes for this prompt on the new model: capabilities, retirement, renamed or dropped parameters. */
	notes: string[];
	error?: string;
}

type Context = Pick<RunContext, 'settings' | 'cwd' | 'root' | 'stdout' | 'stderr'>;

export async function migrateCommand(options: MigrateOptions, context: Context): Promise<number> {
	const collected = collectPromptFiles(options.paths.length ? options.paths : ['.'], context.cwd);
	if (!collected.ok) {
		context.stderr(`prompt-lens: ${collected.message}`);
		return 2;
	}
	const shared = { catalog: loadCatalog(context.settings.models), tokenizer: createTokenizer() };
	const rows: MigrationRow[] = [];
	for (const file of collected.files.filter((f) => !/(^|[\\/])_[^\\/]*$/.test(f)))
		rows.push(await migrateOne(file, options, context, shared));
	const totals = totalsOf(rows);
	const out =
		options.format === 'json'
			? JSON.stringify({ to: options.to, from: options.from ?? null, prompts: rows, totals }, null, 2)
			: markdown(rows, totals, options);
	if (options.output) writeFileSync(resolve(context.cwd, options.output), `${out}\n`);
	else context.stdout(out);
	return 0;
}

type Shared = { catalog: ReturnType<typeof loadCatalog>; tokenizer: ReturnType<typeof createTokenizer> };

async function migrateOne(
	file: string,
	options: MigrateOptions,
	context: Context,
	shared: Shared,
): Promise<MigrationRow> {
	const path = resolve(context.cwd, file);
	const prompt = relative(context.cwd, path) || file;
	const text = readFileSync(path, 'utf8');
	const parsed = analyzePrompt(text, context.settings);
	if (parsed.skipped || hasSyntaxErrors(parsed.diagnostics))
		return {
			prompt,
			notes: [],
			error: "not analyzed (syntax errors, too large, or another tool's format): run prompt-lens check",
		};
	const own = (parsed.doc.frontmatter?.data as { model?: unknown } | undefined)?.model;
	const fromModel = options.from ?? (typeof own === 'string' ? own : undefined);
	if (!fromModel) return { prompt, notes: [], error: 'the prompt names no model: pass --from' };
	const partialSource = partialLookupFor(pathToFileURL(path).href, context.settings.partialPaths, [
		context.root,
	])?.source;
	const estimate = (model: string) =>
		estimatePrompt(parsed.doc, { ...shared, settings: context.settings, partialSource, model });
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

function side(e: ModelEstimate): Side {
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
function modelNotes(text: string, doc: PromptDoc, to: string, context: Context): string[] {
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
	context: Context,
	shared: Shared,
	partialSource: PartialSource | undefined,
): Promise<string[]> {
	const plan = (model: string) =>
		buildRunPlan(doc, {
			...shared,
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

function totalsOf(rows: MigrationRow[]): { prompts: number; fromPer1k?: number; toPer1k?: number; ratio?: number } {
	const priced = rows.filter((r) => r.from?.costPer1k !== undefined && r.to?.costPer1k !== undefined);
	if (priced.length === 0) return { prompts: rows.length };
	const fromPer1k = priced.reduce((s, r) => s + (r.from?.costPer1k ?? 0), 0);
	const toPer1k = priced.reduce((s, r) => s + (r.to?.costPer1k ?? 0), 0);
	return { prompts: rows.length, fromPer1k, toPer1k, ratio: fromPer1k > 0 ? toPer1k / fromPer1k : undefined };
}

function markdown(rows: MigrationRow[], totals: ReturnType<typeof totalsOf>, options: MigrateOptions): string {
	const tokens = (s?: Side) => (s ? `${s.exact ? '' : '≈'}${formatTokens(s.inputTokens)}` : '—');
	const money = (n?: number) => (n === undefined ? 'no price' : formatCost(n));
	const lines = [
		`## Moving to \`${options.to}\`${options.from ? ` from \`${options.from}\`` : ''}: ${rows.length} prompt${rows.length === 1 ? '' : 's'}`,
		'',
		'| prompt | from | input tokens | per 1,000 calls | cost ratio | window use | what changes |',
		'|---|---|---|---|---|---|---|',
		...rows.map((r) =>
			r.error
				? `| ${r.prompt} | — | — | — | — | — | ${r.error} |`
				: `| ${r.prompt} | ${r.from?.model} | ${tokens(r.from)} → ${tokens(r.to)} | ${money(r.from?.costPer1k)} → ${money(r.to?.costPer1k)} | ${r.costRatio === undefined ? '—' : `${r.costRatio.toFixed(2)}×`} | ${r.to?.windowUse === undefined ? '—' : formatPercent(r.to.windowUse)} | ${r.notes.map((n) => n.replace(/\|/g, '\\|')).join('<br>') || '—'} |`,
		),
		'',
		totals.fromPer1k !== undefined
			? `**Per 1,000 calls of each prompt:** ${formatCost(totals.fromPer1k)} → ${formatCost(totals.toPer1k ?? 0)}${totals.ratio !== undefined ? ` (${totals.ratio.toFixed(2)}×)` : ''}.`
			: 'No totals: prices are unknown for these models.',
		'',
		"Input tokens are counted with each model's own tokenizer (≈ where it is not an OpenAI model); the output is assumed at config.maxOutputTokens or promptLens.expectedOutputTokens. Prices come from the model catalog; `prompt-lens count` shows each price's source and date. Measured quality (`--run`) is not available yet.",
	];
	return lines.join('\n');
}
