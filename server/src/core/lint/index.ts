// The lint registry: every rule in one list; lint() applies per-rule severities from settings and per-file disable comments.
import { internalError } from '../errors';
import { flatten } from '../outline';
import type { CoreDiagnostic, PromptDoc, Severity, TemplateNode } from '../types';
import { blockRole } from './blockRole';
import { invalidRole } from './invalidRole';
import type { LintRule } from './rule';
import { unknownHelper } from './unknownHelper';

export const ALL_RULES: readonly LintRule[] = [blockRole, invalidRole, unknownHelper];

export type RuleSetting = Severity | 'off';

/** `severities` is `promptLens.lint.rules` (rule id → severity or 'off'), already normalised. */
export function lint(doc: PromptDoc, severities: Record<string, RuleSetting> = {}): CoreDiagnostic[] {
	const nodes = flatten(doc.nodes);
	const disabled = disabledRules(doc, nodes);
	const out: CoreDiagnostic[] = [];
	for (const rule of ALL_RULES) {
		const severity = severities[rule.id] ?? rule.defaultSeverity;
		if (severity === 'off' || disabled === 'all' || disabled.has(rule.id)) continue;
		try {
			for (const found of rule.check({ doc, nodes })) out.push({ ...found, severity });
		} catch (error) {
			// A rule with a bug must not take the other rules (or the editor) down with it.
			out.push(internalError(`Lint rule ${rule.id}`, error));
		}
	}
	return out;
}

/** `{{! prompt-lens-disable block-role invalid-role }}` anywhere in the file; with no ids, every lint rule. */
function disabledRules(doc: PromptDoc, nodes: TemplateNode[]): Set<string> | 'all' {
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
