// The RunPlanRequest handler: renders an open prompt into the request a run would send (no key is involved on this side).
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyzePrompt, buildRunPlan, createTokenizer, DEFAULT_JUDGE_PROMPT, providersFromSettings, type RunPlan, type Tokenizer } from '../core';
import type { JudgePlanParams, RunPlanParams } from '../protocol';
import type { Analyses } from './analyses';

export class RunPlans {
	/** Runs are rare next to keystrokes: a tokenizer of their own keeps the estimate's chunk cache out of it. */
	private tokenizer: Tokenizer | undefined;

	constructor(private readonly analyses: Analyses) {}

	async plan(document: TextDocument, params: RunPlanParams): Promise<{ plan: RunPlan } | { error: string }> {
		const settings = await this.analyses.settingsFor(document.uri);
		const { doc, skipped } = await this.analyses.get(document);
		if (skipped) return { error: 'Prompt Lens did not analyze this file (too large, binary or another tool\'s format), so it cannot run it.' };
		const lookup = this.analyses.partials(document.uri, settings);
		this.tokenizer ??= createTokenizer();
		return buildRunPlan(doc, {
			prompt: document.uri,
			catalog: this.analyses.catalog(settings),
			tokenizer: this.tokenizer,
			settings,
			partialSource: lookup?.source,
			inputs: params.inputs,
			model: params.model,
			// Only used to tell which provider id the model names; the client decides (with the settings' origins) where it runs.
			userProviders: providersFromSettings(settings.providers, 'workspace'),
		});
	}

	/** The judge's request of an `llm-rubric` check: `promptLens.judgePrompt` (relative to the workspace folder) or the built-in one. */
	async judgePlan(params: JudgePlanParams): Promise<{ plan: RunPlan } | { error: string }> {
		const settings = await this.analyses.settingsFor(params.uri);
		let text = DEFAULT_JUDGE_PROMPT;
		if (settings.judgePrompt) {
			const root = this.analyses.roots.find((r) => params.uri.startsWith(pathToFileURL(r).href)) ?? this.analyses.roots[0];
			try {
				text = await readFile(isAbsolute(settings.judgePrompt) || !root ? settings.judgePrompt : join(root, settings.judgePrompt), 'utf8');
			} catch {
				return { error: `cannot read promptLens.judgePrompt ${settings.judgePrompt}` };
			}
		}
		this.tokenizer ??= createTokenizer();
		return buildRunPlan(analyzePrompt(text, settings).doc, {
			prompt: 'judge',
			catalog: this.analyses.catalog(settings),
			tokenizer: this.tokenizer,
			settings,
			inputs: { output: params.output, rubric: params.rubric, vars: params.vars ?? {} },
			model: settings.judgeModel,
			userProviders: providersFromSettings(settings.providers, 'workspace'),
		});
	}
}
