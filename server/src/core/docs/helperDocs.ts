// Short docs and completion snippets for every helper Dotprompt registers, shared by hover and completion.

export interface HelperDoc {
	name: string;
	/** How it is called: `{{#each list}}…{{/each}}`. */
	signature: string;
	/** One or two sentences of Markdown. */
	summary: string;
	/** LSP snippet for the text after `{{`, e.g. `#each ${1:items}}}$0{{/each}}` or `role "${1|system,user,model,tool|}"}}`. */
	snippet: string;
	block: boolean;
}

/** PLACEHOLDER until the helper docs land. */
export const HELPER_DOCS: readonly HelperDoc[] = [];

export function helperDoc(name: string): HelperDoc | undefined {
	return HELPER_DOCS.find((doc) => doc.name === name);
}
