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
	/** Set when the text looks like another tool's `.prompt` format rather than Dotprompt. */
	dialect?: ForeignDialect;
}

export interface ParseResult {
	doc: PromptDoc;
	diagnostics: CoreDiagnostic[];
	/** Set when the file was deliberately not analyzed (too large, binary, foreign dialect, nested too deep). */
	skipped?: boolean;
}
