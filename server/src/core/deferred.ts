// The second diagnostics phase, shared by the server and the CLI: budget problems and the lint rules that need partials or a render.
import { budgetDiagnostics } from './budget';
import type { PromptEstimate } from './estimate';
import { ALL_RULES, lint, type RuleSetting } from './lint';
import type { LintEnv } from './lint/rule';
import type { ModelCatalog } from './models/types';
import { hasSyntaxErrors } from './parse';
import { loadPartialGraph, type PartialSource } from './partialGraph';
import { registeredRenderFailure, withDeclaredHelpers, type RegisteredNames } from './registeredNames';
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
	/** Helpers and partials registered in the app's code (the host's scan); `settings.helpers` is added here. */
	registered?: RegisteredNames;
	/** The immediate phase's diagnostics: when one of them is an error, it already says why the render fails. */
	immediate?: CoreDiagnostic[];
	/** The document is a partial (see isPartialFile): judged inside its callers, not alone. */
	isPartial?: boolean;
}

export async function deferredDiagnostics(doc: PromptDoc, estimate: PromptEstimate, context: DeferredContext): Promise<CoreDiagnostic[]> {
	const env: LintEnv = {
		catalog: context.catalog,
		today: context.today,
		partials: context.partialSource ? await loadPartialGraph(doc, context.partialSource, context.searched) : undefined,
		messages: estimate.ok ? estimate.chat : undefined,
		missingInputs: estimate.ok ? estimate.missingVariables : undefined,
		isPartial: context.isPartial,
		registered: withDeclaredHelpers(context.registered, context.settings.helpers),
	};
	const found = lint(doc, severities(context), env, 'deferred');
	// When an error already says why the render fails (a syntax error, a missing partial, a loop), render-failed would repeat it.
	const explained = [...(context.immediate ?? []), ...found].some((d) => d.severity === 'error');
	const budget = budgetDiagnostics(doc, estimate, context.settings)
		.filter((d) => !(explained && d.code === 'render-failed'))
		.map((d): CoreDiagnostic => {
			const note = d.code === 'render-failed' && !estimate.ok ? registeredRenderFailure(estimate.message, env.registered!) : undefined;
			return note ? { ...d, severity: 'info', message: note } : d;
		});
	return [...budget, ...found];
}

/** What a template that does not parse still tells: the partials its readable tags call (see PromptDoc.recovered). */
const RULES_WITHOUT_PARSE = new Set(['partial-not-found']);

/** With a syntax error, rules that read the whole template (unused-input, empty-render…) would judge an empty one. */
function severities(context: DeferredContext): Record<string, RuleSetting> {
	const configured = context.settings['lint.rules'];
	if (!hasSyntaxErrors(context.immediate ?? [])) return configured;
	const off = Object.fromEntries(ALL_RULES.filter((rule) => !RULES_WITHOUT_PARSE.has(rule.id)).map((rule): [string, RuleSetting] => [rule.id, 'off']));
	return { ...configured, ...off };
}
