// The second diagnostics phase, shared by the server and the CLI: budget problems and the lint rules that need partials or a render.
import { budgetDiagnostics } from './budget';
import type { PromptEstimate } from './estimate';
import { lint } from './lint';
import type { LintEnv } from './lint/rule';
import type { ModelCatalog } from './models/types';
import { loadPartialGraph, type PartialSource } from './partialGraph';
import type { Settings } from './settings';
import type { CoreDiagnostic, PromptDoc } from './types';

export interface DeferredContext {
	settings: Settings;
	catalog: ModelCatalog;
	today?: string;
	/** Reads partials by name; absent for documents that are not files (then partial rules stay quiet). */
	partialSource?: PartialSource;
	/** Where the source looks, for messages. */
	searched?: string[];
	/** The immediate phase's diagnostics: when one of them is an error, it already says why the render fails. */
	immediate?: CoreDiagnostic[];
}

export async function deferredDiagnostics(doc: PromptDoc, estimate: PromptEstimate, context: DeferredContext): Promise<CoreDiagnostic[]> {
	const env: LintEnv = {
		catalog: context.catalog,
		today: context.today,
		partials: context.partialSource ? await loadPartialGraph(doc, context.partialSource, context.searched) : undefined,
		messages: estimate.ok ? estimate.chat : undefined,
		missingInputs: estimate.ok ? estimate.missingVariables : undefined,
	};
	const found = lint(doc, context.settings['lint.rules'], env, 'deferred');
	// When an error already says why the render fails (a syntax error, a missing partial, a loop), render-failed would repeat it.
	const explained = [...(context.immediate ?? []), ...found].some((d) => d.severity === 'error');
	const budget = budgetDiagnostics(doc, estimate, context.settings).filter((d) => !(explained && d.code === 'render-failed'));
	return [...budget, ...found];
}
