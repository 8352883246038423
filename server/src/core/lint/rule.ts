// The lint rule interface: one rule per file, each with an id, a default severity, a one-line description, and a check.
import type { ChatMessage } from '../chatTokens';
import type { ModelCatalog } from '../models/types';
import type { PartialGraph } from '../partialGraph';
import type { RegisteredNames } from '../registeredNames';
import type { CoreDiagnostic, PromptDoc, Severity, TemplateNode } from '../types';

/** What the host knows beyond the text; rules that need a missing piece are skipped, never guessed. */
export interface LintEnv {
	/** The model catalog (with `promptLens.models` applied); model rules need it. */
	catalog?: ModelCatalog;
	/** Today as `YYYY-MM-DD`, passed in so the core reads no clock; deprecation checks need it. */
	today?: string;
	/** Every partial reachable from the prompt, loaded by the host (deferred phase). */
	partials?: PartialGraph;
	/** The messages the runtime rendered with defaults and samples (deferred phase); absent when the render failed. */
	messages?: ChatMessage[];
	/** Helpers and partials the app registers in code or declares in `promptLens.helpers`: they exist at run time. */
	registered?: RegisteredNames;
	/** Variables the template reads that the render had no value for (deferred phase): what renders empty may just be waiting for them. */
	missingInputs?: string[];
	/** The file is a partial (`_name.prompt`): it renders only inside callers, so rules that judge a render skip it. */
	isPartial?: boolean;
}

export interface LintContext extends LintEnv {
	doc: PromptDoc;
	/** Every template node, depth first in document order, flattened once for all rules. */
	nodes: readonly TemplateNode[];
}

/**
 * An immediate rule judges the frontmatter and the tags (their text included), never the literal text between tags:
 * after an edit of that text alone, analyzePrompt moves the last findings instead of linting again (property-tested in
 * test/unit/reparse.test.ts). A rule that reads literal text belongs in the deferred phase.
 */
export interface LintRule {
	id: string;
	/** What the rule catches, in one sentence (shown in docs and settings). */
	description: string;
	defaultSeverity: Severity;
	/**
	 * Rules that need partial files or a render run in the deferred phase, after the host loaded them;
	 * the others run on every keystroke.
	 */
	needs?: 'partials' | 'render';
	/** Returns diagnostics with `code` = the rule id; the registry applies the configured severity. */
	check(context: LintContext): Omit<CoreDiagnostic, 'severity'>[];
}
