// The RunPlanRequest handler: renders an open prompt into the request a run would send (no key is involved on this side).
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { createTokenizer, type Tokenizer } from '../core';
import { providersFromSettings } from '../core';
import { buildRunPlan } from '../core';
import type { RunPlan } from '../core';
import type { RunPlanParams } from '../protocol';
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
}
