// `prompt-lens count`: tokens per message and in total, exactness, cost per call and per 1,000 calls, window use — for the model and each target.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyzePrompt, createTokenizer, errorMessage, estimatePrompt, hasSyntaxErrors, formatCost, formatPercent, formatTokens, formatWindow, LineIndex, loadCatalog, renderCaveats, type ModelEstimate, type PromptEstimate, type Settings } from '../core';
import { partialLookupFor } from '../host/partials';
import { checkFiles } from './check';

export interface CountOptions {
	file: string;
	model?: string;
	inputs: Record<string, unknown>;
	json: boolean;
}

export interface CountJson {
	model: string;
	exact: boolean;
	inputTokens: number;
	messages: { role: string; tokens: number }[];
	maxOutputTokens: number;
	costPerCall: number | null;
	costPer1k: number | null;
	contextWindow: number | null;
	windowUse: number | null;
}

/** The same settings `check` uses (see cliSettings.ts). */
export interface CountContext {
	settings: Settings;
	/** Relative file names start here. */
	cwd: string;
	/** The settings file's folder, which `partialPaths` were resolved against. */
	root: string;
}

export type CountResult = { ok: true; text: string } | { ok: false; message: string };

export async function countFile(options: CountOptions, context: CountContext): Promise<CountResult> {
	const { settings } = context;
	const path = resolve(context.cwd, options.file);
	let text: string;
	try {
		text = readFileSync(path, 'utf8');
	} catch (error) {
		return { ok: false, message: `cannot read ${options.file}: ${errorMessage(error)}` };
	}
	const parsed = analyzePrompt(text, settings);
	if (parsed.skipped) return { ok: false, message: `${options.file} cannot be rendered: ${parsed.diagnostics[0]?.message ?? 'not analyzed'}` };
	// Errors the runtime renders past (a stray `}}`, a frontmatter it does not read) are counted as sent, with a warning;
	// a syntax error that stops it explains the failed render better than the runtime's parser does.
	const estimate = await estimatePrompt(parsed.doc, {
		catalog: loadCatalog(settings.models),
		tokenizer: createTokenizer(),
		settings,
		partialSource: partialLookupFor(pathToFileURL(path).href, settings.partialPaths, [context.root])?.source,
		inputs: options.inputs,
		model: options.model,
	});
	if (!estimate.ok) {
		const errors = hasSyntaxErrors(parsed.diagnostics) ? parsed.diagnostics.filter((d) => d.severity === 'error') : [];
		if (errors.length === 1 && !estimate.budget) return { ok: false, message: `${options.file} cannot be rendered: ${errors[0].message}` };
		return { ok: false, message: estimate.budget ? `${options.file}: ${estimate.message}` : await renderFailure(options.file, estimate.message, context) };
	}
	const lines = new LineIndex(text);
	const warnings = renderCaveats(parsed.diagnostics).map((d) => ({ ...position(lines, d.span.start), code: d.code, message: d.message }));
	if (options.json) {
		return { ok: true, text: JSON.stringify({ ...toJson(estimate.primary), targets: estimate.targets.map(toJson), missingVariables: estimate.missingVariables, notes: estimate.notes, warnings }, null, 2) };
	}
	const output = describeEstimate(options.file, estimate);
	for (const w of warnings) output.push(`warning: ${options.file}:${w.line}:${w.column} ${w.code} ${w.message}`);
	return { ok: true, text: output.join('\n') };
}

function describeEstimate(file: string, estimate: PromptEstimate & { ok: true }): string[] {
	const lines = [...describe(`${file} on`, estimate.primary), ...estimate.targets.flatMap((t) => ['', ...describe('vs', t)])];
	if (estimate.missingVariables.length) lines.push('', `note: ${estimate.missingVariables.length} variable(s) without a value, counted as empty: ${estimate.missingVariables.join(', ')}`);
	if (estimate.sample) lines.push('', `note: inputs from the sample set "${estimate.sample}" (promptLens.samples), over input.default`);
	for (const note of estimate.notes) lines.push(`note: ${note}`);
	return lines;
}

function position(lines: LineIndex, offset: number): { line: number; column: number } {
	const line = lines.lineAt(offset);
	return { line: line + 1, column: offset - lines.lineStart(line) + 1 };
}

/** Codes whose problems make the runtime fail to render; the raw runtime error would repeat them less clearly. */
const EXPLAINS_RENDER = new Set(['frontmatter-schema', 'picoschema', 'yaml-syntax']);

/**
 * Why the prompt does not render, in our diagnostics' words where `check` has them ("`tools` must be a list…",
 * "Partial `self` includes itself…") rather than the runtime's ("e.tools.map is not a function").
 */
async function renderFailure(file: string, runtimeMessage: string, context: CountContext): Promise<string> {
	const { diagnostics } = await checkFiles([file], context.settings, { cwd: context.cwd, root: context.root });
	const causes = diagnostics.filter((d) => d.code !== 'render-failed' && (d.severity === 'error' || EXPLAINS_RENDER.has(d.code)));
	if (causes.length === 0) return `${file} cannot be rendered: ${runtimeMessage}`;
	const lines = causes.slice(0, 10).map((d) => `  ${d.file}:${d.line}:${d.column} ${d.severity} ${d.code} ${d.message}`);
	return `${file} cannot be rendered:\n${lines.join('\n')}${causes.length > 10 ? `\n  … and ${causes.length - 10} more (prompt-lens check ${file})` : ''}`;
}

function toJson(e: ModelEstimate): CountJson {
	return {
		model: e.name,
		exact: e.exact,
		inputTokens: e.inputTokens,
		messages: e.messages,
		maxOutputTokens: e.outputTokens,
		costPerCall: e.cost?.total ?? null,
		costPer1k: e.costPer1k ?? null,
		contextWindow: e.contextWindow ?? null,
		windowUse: e.windowUse ?? null,
	};
}

function describe(head: string, e: ModelEstimate): string[] {
	const mark = e.exact ? '' : '≈';
	const how = e.exact ? 'exact' : e.model?.tokenizer === 'approx' || !e.model ? 'approximate: no offline tokenizer for this model' : 'approximate';
	const lines = [`${head} ${e.name || '(no model)'}${e.model ? '' : ' — unknown model'} (${how})`];
	for (const m of e.messages) lines.push(`  ${m.role.padEnd(10)} ${mark}${formatTokens(m.tokens)} tokens`);
	lines.push(`  ${'input'.padEnd(10)} ${mark}${formatTokens(e.inputTokens)} tokens (message overhead and reply priming included)`);
	lines.push(`  ${'output'.padEnd(10)} ${formatTokens(e.outputTokens)} tokens (${e.outputSource})`);
	if (e.cost) lines.push(`  ${'cost'.padEnd(10)} ${formatCost(e.cost.total)} per call · ${formatCost(e.costPer1k ?? 0)} per 1,000 calls (${e.model?.source.name}, ${e.model?.source.date})`);
	if (e.contextWindow && e.windowUse !== undefined) lines.push(`  ${'window'.padEnd(10)} ${formatPercent(e.windowUse)} of ${formatWindow(e.contextWindow)}`);
	return lines;
}
