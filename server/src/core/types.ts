// Shared value types of the core: offsets, diagnostics and the parsed prompt document.

/** A half-open range of UTF-16 offsets into the document text. */
export interface Span {
	start: number;
	end: number;
}

export type Severity = 'error' | 'warning' | 'info' | 'hint';

export interface CoreDiagnostic {
	/** Stable identifier users can search for and configure, e.g. `template-syntax`. */
	code: string;
	severity: Severity;
	message: string;
	span: Span;
	/** Quick fixes, applied as text edits (offsets into the document). */
	fixes?: Fix[];
}

export interface Fix {
	title: string;
	/**
	 * Safe to apply unasked by "fix all" (`source.fixAll.promptLens`, fix on save): it cannot change what the user
	 * meant. Suggestions (did-you-mean, remove, replace the model) are offered one by one only.
	 */
	fixAll?: boolean;
	edits: { span: Span; newText: string }[];
}

/** One key of the YAML frontmatter, at any depth. */
export interface FrontmatterKey {
	/** Path from the root, e.g. `['config', 'temperature']`. */
	path: string[];
	keySpan: Span;
	/** Span of the value; empty (start === end) when the key has no value yet. */
	valueSpan: Span;
}

export interface Frontmatter {
	/** From the opening `---` through the closing `---` line (including its line break). */
	span: Span;
	/** The YAML text between the delimiters. */
	content: Span;
	keys: FrontmatterKey[];
	/** The parsed YAML value; `undefined` when the YAML has errors. */
	data: unknown;
	/** False when the opening `---` has no closing `---`. */
	closed: boolean;
}

export type TemplateNodeKind = 'mustache' | 'block' | 'partial' | 'comment';

export interface TemplateNode {
	kind: TemplateNodeKind;
	/** The whole construct: `{{…}}`, or for a block from `{{#x}}` through `{{/x}}`. */
	span: Span;
	/** Helper, variable or partial name as written (`role`, `user.name`, `footer`); empty for comments. */
	name: string;
	nameSpan: Span;
	/** For blocks: the opening tag `{{#x …}}`. */
	openSpan?: Span;
	/** For blocks: nodes inside the block (main and `else` branches). */
	children: TemplateNode[];
	/** True when the mustache or block passes arguments (`{{json data}}`, `{{#each items}}`): then `name` is a helper. */
	hasParams?: boolean;
	/** `{{#*inline "name"}}…{{/inline}}`: a decorator that defines a partial, not a helper call. */
	decorator?: boolean;
}

/** A variable reference in the template, with the input path it reads where that can be told statically. */
export interface VariableRef {
	/** The path as written: `user.name`, `this`, `../title`, `@root.user`, `@index`, `item.name`. */
	text: string;
	span: Span;
	/** The names read below `base`, each with its span (`this`, `..`, block params and `@root` are not parts). */
	parts: { name: string; span: Span }[];
	/**
	 * Input path of the context the parts are read from (`[]` steps into an array element): `[]` at the top level,
	 * `['items', '[]']` inside `{{#each items}}`. Undefined when it cannot be told (inside a block on a plain variable).
	 */
	base?: string[];
	/** `data` for `@index`, `@key`, `@first`, `@last`, each's index param and Dotprompt's `@metadata`, `@state`…; `input` otherwise. */
	kind: 'input' | 'data';
}

/** A `{{> name}}` call and the context it passes, so variables used inside the partial can be traced back to inputs. */
export interface PartialCall {
	name: string;
	nameSpan: Span;
	/** Input path of the context the partial renders with (the caller's, or the path passed as its argument). */
	base?: string[];
	/** Hash arguments (`{{> card title=user.name}}`) by name → input path of their value. */
	hash: Record<string, string[] | undefined>;
}

export interface TemplateScope {
	references: VariableRef[];
	partialCalls: PartialCall[];
}

export type Role = 'system' | 'user' | 'model' | 'tool' | string;

/** A run of the body that the renderer turns into one message (or the history marker). */
export interface RoleSection {
	role: Role;
	/** From the role marker (or the body start, for the implicit first section) to the next marker. */
	span: Span;
	/** The `{{role "x"}}` / `{{history}}` mustache; absent for the implicit leading user section. */
	markerSpan?: Span;
	/** True for `{{history}}`, which splices earlier messages in rather than opening a role. */
	history?: boolean;
}

export interface ForeignDialect {
	name: string;
	/** Why we think so, shown to the user. */
	evidence: string;
	span: Span;
}

export interface PromptDoc {
	text: string;
	frontmatter?: Frontmatter;
	/** The template after the frontmatter. */
	body: Span;
	/** Top-level template nodes in document order (blocks hold their children). */
	nodes: TemplateNode[];
	roleSections: RoleSection[];
	/** Variable references and partial calls with the input paths they read. */
	scope: TemplateScope;
	/** Set when the text looks like another tool's `.prompt` format rather than Dotprompt. */
	dialect?: ForeignDialect;
	/**
	 * When the template does not parse (`nodes` is empty): the helper calls, partials and inline partials the forgiving
	 * scan reads outside the broken construct, so `unknown-helper` and `partial-not-found` still report them.
	 */
	recovered?: TemplateNode[];
}

export interface ParseResult {
	doc: PromptDoc;
	diagnostics: CoreDiagnostic[];
	/** Set when the file was deliberately not analyzed (too large, binary, foreign dialect, nested too deep). */
	skipped?: boolean;
}
