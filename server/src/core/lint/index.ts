// The lint registry: every rule in one list; lint() applies per-rule severities from settings and per-file disable comments.
import { internalError } from '../errors';
import { flatten } from '../outline';
import type { CoreDiagnostic, PromptDoc, Severity, TemplateNode } from '../types';
import { blockRole } from './blockRole';
import { circularPartial } from './circularPartial';
import { deprecatedModel } from './deprecatedModel';
import { emptyRender } from './emptyRender';
import { frontmatterSchema } from './frontmatterSchema';
import { invalidRole } from './invalidRole';
import { modelCapability } from './modelCapability';
import { partialNotFound } from './partialNotFound';
import { picoschemaSyntax } from './picoschemaSyntax';
import type { LintEnv, LintRule } from './rule';
import { undefinedVariable } from './undefinedVariable';
import { unknownHelper } from './unknownHelper';
import { unpinnedModel } from './unpinnedModel';
import { unusedInput } from './unusedInput';

export const ALL_RULES: readonly LintRule[] = [
	frontmatterSchema,
	picoschemaSyntax,
	blockRole,
	invalidRole,
	unknownHelper,
	undefinedVariable,
	unusedInput,
	partialNotFound,
	circularPartial,
	emptyRender,
	unpinnedModel,
	deprecatedModel,
	modelCapability,
];

export type RuleSetting = Severity | 'off';

/** Which rules run: `immediate` on every keystroke; `deferred` once the host has loaded partials and rendered. */
export type LintPhase = 'immediate' | 'deferred';

/** `severities` is `promptLens.lint.rules` (rule id → severity or 'off'), already normalised. */
export function lint(doc: PromptDoc, severities: Record<string, RuleSetting> = {}, env: LintEnv = {}, phase: LintPhase = 'immediate'): CoreDiagnostic[] {
	const nodes = flatten(doc.nodes);
	const disabled = disabledRules(doc, nodes);
	if (disabled === 'all') return [];
	const out: CoreDiagnostic[] = [];
	for (const rule of ALL_RULES) {
		const severity = severities[rule.id] ?? rule.defaultSeverity;
		if (severity === 'off' || disabled.has(rule.id) || (rule.needs ? 'deferred' : 'immediate') !== phase) continue;
		try {
			for (const found of rule.check({ ...env, doc, nodes })) out.push({ ...found, severity });
		} catch (error) {
			// A rule with a bug must not take the other rules (or the editor) down with it.
			out.push(internalError(`Lint rule ${rule.id}`, error));
		}
	}
	return out;
}

/** `{{! prompt-lens-disable block-role invalid-role }}` anywhere in the file; with no ids, every lint rule. */
function disabledRules(doc: PromptDoc, nodes: readonly TemplateNode[]): Set<string> | 'all' {
	const ids = new Set<string>();
	for (const node of nodes) {
		if (node.kind !== 'comment') continue;
		const match = /^\{\{~?!(?:--)?\s*prompt-lens-disable\b([^}]*?)(?:--)?~?\}\}$/.exec(doc.text.slice(node.span.start, node.span.end));
		if (!match) continue;
		const listed = match[1].split(/[\s,]+/).filter(Boolean);
		if (listed.length === 0) return 'all';
		listed.forEach((id) => ids.add(id));
	}
	return ids;
}
