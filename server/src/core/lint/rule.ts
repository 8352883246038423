// The lint rule interface: one rule per file, each with an id, a default severity, a one-line description, and a check.
import type { CoreDiagnostic, PromptDoc, Severity, TemplateNode } from '../types';

export interface LintContext {
	doc: PromptDoc;
	/** Every template node, depth first in document order, flattened once for all rules. */
	nodes: TemplateNode[];
}

export interface LintRule {
	id: string;
	/** What the rule catches, in one sentence (shown in docs and settings). */
	description: string;
	defaultSeverity: Severity;
	/** Returns diagnostics with `code` = the rule id; the registry applies the configured severity. */
	check(context: LintContext): Omit<CoreDiagnostic, 'severity'>[];
}
