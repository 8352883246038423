// Short docs for every frontmatter key Dotprompt reads, shared by hover and completion.

export interface FrontmatterKeyDoc {
	/** Path from the root, e.g. `['config', 'temperature']`. */
	path: string[];
	/** What the value holds, as a reader says it: `string`, `number, 0–2`, `mapping`, `list of strings`. */
	type: string;
	/** One or two sentences of Markdown. */
	summary: string;
	/** Allowed values, offered by completion (e.g. `output.format`). */
	values?: string[];
	/** LSP snippet inserted after `key: ` (e.g. `\n  schema:\n    $0`). */
	snippet?: string;
}

/** PLACEHOLDER until the frontmatter docs land. */
export const FRONTMATTER_DOCS: readonly FrontmatterKeyDoc[] = [];

export function frontmatterKeyDoc(path: string[]): FrontmatterKeyDoc | undefined {
	return FRONTMATTER_DOCS.find((doc) => doc.path.length === path.length && doc.path.every((p, i) => p === path[i]));
}
