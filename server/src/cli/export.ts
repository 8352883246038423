// `prompt-lens export <prompt> --to promptfoo|github-models`: renders each test case through the same plan path as
// `test` (no key, nothing sent) and writes the prompt and its tests in the other tool's format.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
	analyzePrompt,
	buildRunPlan,
	createTokenizer,
	githubModelsPrompt,
	LineIndex,
	loadCatalog,
	promptfooConfig,
	providersFromSettings,
	resolveProvider,
	type ExportCase,
	type ExportEndpoint,
	type ExportInput,
	type ExportTarget,
	type RunPlan,
} from '../core';
import { partialLookupFor } from '../host/partials';
import { findTestFiles, loadTests, samplesAsTests, type LoadedTests } from '../host/testLoader';
import { splitOption } from './options';
import type { RunContext } from './run';

export const EXPORT_TARGETS = ['promptfoo', 'github-models'] as const;
export type ExportTo = (typeof EXPORT_TARGETS)[number];

export interface ExportOptions {
	prompt: string;
	to: ExportTo;
	output?: string;
	models: string[];
}

export const EXPORT_EXIT = { written: 0, refused: 1, usage: 2 } as const;

export function parseExportArgs(args: string[]): { options: ExportOptions; config?: string } | string {
	const options: Partial<ExportOptions> & { models: string[] } = { models: [] };
	let config: string | undefined;
	for (let i = 0; i < args.length; i++) {
		const [name, inline] = splitOption(args[i]);
		if (!name.startsWith('-') || name === '-') {
			if (options.prompt) return 'export takes one prompt';
			options.prompt = args[i];
			continue;
		}
		const value = inline ?? args[++i];
		if (value === undefined || value === '') return `${name} needs a value`;
		if (name === '--to') {
			if (!(EXPORT_TARGETS as readonly string[]).includes(value))
				return `--to must be ${EXPORT_TARGETS.join(' or ')}, not "${value}"`;
			options.to = value as ExportTo;
		} else if (name === '--output') options.output = value;
		else if (name === '--model') options.models.push(value);
		else if (name === '--config') config = value;
		else return `unknown option: ${args[i]}`;
	}
	if (!options.prompt) return 'no prompt given';
	if (!options.to) return `--to is required (${EXPORT_TARGETS.join(' or ')})`;
	return { options: options as ExportOptions, config };
}

export async function exportCommand(options: ExportOptions, context: RunContext): Promise<number> {
	const shown = (path: string) => relative(context.cwd, path) || path;
	const loaded = loadFor(options.prompt, context);
	if (typeof loaded === 'string') return usage(context, loaded);
	if (loaded.problems.length > 0) {
		for (const problem of loaded.problems) context.stderr(problem);
		return EXPORT_EXIT.usage;
	}
	const input = await exportInput(loaded, options, context, shown);
	if (typeof input === 'string') return usage(context, input);
	let text: string;
	let unmapped: string[];
	if (options.to === 'promptfoo') ({ text, unmapped } = promptfooConfig(input));
	else {
		const { doc } = analyzePrompt(loaded.promptText, context.settings);
		const result = githubModelsPrompt(doc, input);
		if (!result.ok) {
			const lines = new LineIndex(loaded.promptText);
			for (const p of result.problems) {
				const line = lines.lineAt(p.span.start);
				context.stderr(`${shown(loaded.promptFile)}:${line + 1}:${p.span.start - lines.lineStart(line) + 1} ${p.message}`);
			}
			context.stderr('prompt-lens: not exported: GitHub Models substitutes only plain {{variables}} (see above)');
			return EXPORT_EXIT.refused;
		}
		({ text, unmapped } = result);
	}
	for (const line of unmapped) context.stderr(`prompt-lens: not exported: ${line}`);
	if (options.output) {
		try {
			writeFileSync(resolve(context.cwd, options.output), text);
		} catch (error) {
			return usage(context, `cannot write ${options.output}: ${error instanceof Error ? error.message : String(error)}`);
		}
		const count = input.cases.length;
		context.stderr(`prompt-lens: wrote ${options.output} (${count} case${count === 1 ? '' : 's'})`);
	} else context.stdout(text.replace(/\n$/, ''));
	return EXPORT_EXIT.written;
}

/** The prompt's test file, or (without one) its samples as cases without checks. */
function loadFor(given: string, context: RunContext): LoadedTests | string {
	const path = resolve(context.cwd, given);
	if (!existsSync(path)) return `no such file: ${given}`;
	const found = findTestFiles([given], context.cwd, context.settings.tests, context.root);
	if (found.files.length === 1) return loadTests(found.files[0], context.settings, context.cwd);
	if (found.files.length > 1) return `${given} has ${found.files.length} test files; name one`;
	if (!/\.prompt$/i.test(path)) return `${given} is neither a .prompt file nor a test file`;
	return samplesAsTests(path, readFileSync(path, 'utf8'), context.settings);
}

interface Planner {
	plan(model: string, inputs: Record<string, unknown>): Promise<RunPlan | string>;
	endpoint(model: string): ExportEndpoint | string;
}

/** Renders through buildRunPlan, as `test` does (the same partials, providers and catalog), with no key. */
function plannerFor(l: LoadedTests, context: RunContext, shown: (path: string) => string): Planner {
	const { doc } = analyzePrompt(l.promptText, context.settings);
	const catalog = loadCatalog(context.settings.models);
	const userProviders = [
		...(context.userProviders ?? []),
		...providersFromSettings(context.settings.providers, 'workspace'),
	];
	const tokenizer = createTokenizer();
	const partials = partialLookupFor(pathToFileURL(l.promptFile).href, context.settings.partialPaths, [context.root]);
	return {
		async plan(model, inputs) {
			const built = await buildRunPlan(doc, {
				prompt: shown(l.promptFile),
				catalog,
				tokenizer,
				settings: context.settings,
				partialSource: partials?.source,
				inputs,
				model,
				userProviders,
			});
			return 'error' in built ? built.error : built.plan;
		},
		endpoint(model) {
			const resolved = resolveProvider(model, userProviders, catalog);
			if (!resolved.ok) return `${model}: ${resolved.message}`;
			return { model, modelId: resolved.modelId, provider: resolved.provider };
		},
	};
}

async function exportInput(
	l: LoadedTests,
	options: ExportOptions,
	context: RunContext,
	shown: (path: string) => string,
): Promise<ExportInput | string> {
	const { doc } = analyzePrompt(l.promptText, context.settings);
	const own = (doc.frontmatter?.data as { model?: unknown } | undefined)?.model;
	const models = options.models.length ? options.models : (l.suite.models ?? (typeof own === 'string' ? [own] : []));
	if (models.length === 0)
		return `${shown(l.promptFile)} names no model: add \`model:\` to it, \`models:\` to its test file, or pass --model`;
	const planner = plannerFor(l, context, shown);
	const cases: ExportCase[] = [];
	for (const c of l.cases) {
		const built = await planner.plan(models[0], c.vars);
		if (typeof built === 'string') return `${shown(l.testFile)} › ${c.name}: ${built}`;
		cases.push({ name: c.name, vars: built.inputs, assert: c.assert, messages: built.request.messages });
	}
	const targets: ExportTarget[] = [];
	for (const model of models) {
		const where = planner.endpoint(model);
		if (typeof where === 'string') return where;
		const built = await planner.plan(model, l.cases[0]?.vars ?? {});
		if (typeof built === 'string') return `${model}: ${built}`;
		targets.push({ ...where, request: built.request, price: built.price });
	}
	const format = targets[0].request.response_format as { json_schema?: { schema?: unknown } } | undefined;
	return {
		promptFile: shown(l.promptFile),
		testFile: shown(l.testFile),
		targets,
		cases,
		repeat: l.suite.repeat,
		threshold: l.suite.threshold,
		...graders(l, context, planner.endpoint),
		outputSchema: format?.json_schema?.schema,
	};
}

/** The judge and the embeddings model, when an assertion needs them; unresolvable ones are named, not fatal. */
function graders(
	l: LoadedTests,
	context: RunContext,
	endpoint: (model: string) => ExportEndpoint | string,
): Pick<ExportInput, 'judge' | 'embedding'> {
	const uses = (type: string) => l.cases.some((c) => c.assert.some((a) => a.type === type));
	const out: Pick<ExportInput, 'judge' | 'embedding'> = {};
	for (const [type, key, model] of [
		['llm-rubric', 'judge', context.settings.judgeModel],
		['similar', 'embedding', context.settings.embeddingModel],
	] as const) {
		if (!uses(type)) continue;
		const where = endpoint(model);
		if (typeof where === 'string')
			context.stderr(`prompt-lens: warning: ${type} keeps promptfoo's default grader: ${where}`);
		else out[key] = where;
	}
	return out;
}

function usage(context: RunContext, message: string): number {
	context.stderr(`prompt-lens: ${message}`);
	return EXPORT_EXIT.usage;
}
