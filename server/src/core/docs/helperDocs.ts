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

/** Handlebars' built-ins, as the runtime's Handlebars 4 implements them. */
const BUILT_IN: HelperDoc[] = [
	{
		name: 'if',
		signature: '{{#if value}}…{{else}}…{{/if}}',
		summary: 'Renders the block when `value` is truthy, else the `{{else}}` part. `false`, `undefined`, `null`, `""`, `0` and `[]` count as false (`includeZero=true` makes `0` true); it takes one value, so comparisons such as `age >= 18` do not parse.',
		snippet: '#if ${1:condition}}}\n\t$0\n{{/if}}',
		block: true,
	},
	{
		name: 'unless',
		signature: '{{#unless value}}…{{else}}…{{/unless}}',
		summary: 'The inverse of `if`: renders the block when `value` is falsy (`false`, `undefined`, `null`, `""`, `0`, `[]`).',
		snippet: '#unless ${1:condition}}}\n\t$0\n{{/unless}}',
		block: true,
	},
	{
		name: 'each',
		signature: '{{#each items}}…{{else}}…{{/each}}',
		summary: 'Renders the block once per item of a list (or value of a mapping), with the item as `this`; `@index`, `@key`, `@first` and `@last` tell where it is. The `{{else}}` part renders when there is nothing to loop over.',
		snippet: '#each ${1:items}}}\n\t$0\n{{/each}}',
		block: true,
	},
	{
		name: 'with',
		signature: '{{#with object}}…{{else}}…{{/with}}',
		summary: 'Renders the block with `object` as the context, so `{{name}}` inside reads `object.name`; the `{{else}}` part renders when `object` is missing or falsy.',
		snippet: '#with ${1:object}}}\n\t$0\n{{/with}}',
		block: true,
	},
	{
		name: 'lookup',
		signature: '{{lookup object key}}',
		summary: 'Reads a property whose name is in a variable: `{{lookup scores user}}` renders `scores[user]`, and empty text when it is missing.',
		snippet: 'lookup ${1:object} ${2:key}}}',
		block: false,
	},
	{
		name: 'log',
		signature: '{{log value… level="info"}}',
		summary: 'Writes its arguments to the console of the process that renders the prompt (`level`: `debug`, `info`, `warn` or `error`); it adds nothing to the prompt.',
		snippet: 'log ${1:value}}}',
		block: false,
	},
];

/** Dotprompt's own helpers (dotprompt/js helpers.ts); each writes a marker that the runtime turns into messages and parts. */
const DOTPROMPT: HelperDoc[] = [
	{
		name: 'role',
		signature: '{{role "system" | "user" | "model" | "tool"}}',
		summary: 'Starts a new message with this role; the text after it, up to the next `{{role}}` or `{{history}}`, is that message. Use the non-block form: `{{#role}}…{{/role}}` drops its contents.',
		snippet: 'role "${1|system,user,model,tool|}"}}',
		block: false,
	},
	{
		name: 'history',
		signature: '{{history}}',
		summary: 'Inserts the conversation so far (the `messages` the caller passes) here, each marked `purpose: history`; text after it goes into a `model` message unless a `{{role}}` follows. Without it, the runtime inserts the history before a final user message, or else at the end.',
		snippet: 'history}}',
		block: false,
	},
	{
		name: 'media',
		signature: '{{media url=url contentType="image/png"}}',
		summary: 'Adds a media part (image, audio, video, PDF) to the current message from `url` (an `https:`, `gs:` or `data:` URL), with an optional MIME `contentType`. The URL must not contain spaces.',
		snippet: 'media url=${1:url}}}',
		block: false,
	},
	{
		name: 'section',
		signature: '{{section "name"}}',
		summary: 'Leaves a placeholder part with `purpose: name` that the framework fills in, e.g. where Genkit puts output-format instructions (`{{section "output"}}`) or context documents.',
		snippet: 'section "${1:output}"}}',
		block: false,
	},
	{
		name: 'json',
		signature: '{{json value indent=2}}',
		summary: 'Renders `value` as JSON text, on one line or indented by `indent` spaces, e.g. to show the model a record or an example.',
		snippet: 'json ${1:value}}}',
		block: false,
	},
	{
		name: 'ifEquals',
		signature: '{{#ifEquals a b}}…{{else}}…{{/ifEquals}}',
		summary: 'Renders the block when `a === b` (strict: `1` and `"1"` differ), else the `{{else}}` part. Use it where `{{#if a == b}}` would not parse.',
		snippet: '#ifEquals ${1:a} ${2:b}}}\n\t$0\n{{/ifEquals}}',
		block: true,
	},
	{
		name: 'unlessEquals',
		signature: '{{#unlessEquals a b}}…{{else}}…{{/unlessEquals}}',
		summary: 'Renders the block when `a !== b` (strict comparison), else the `{{else}}` part.',
		snippet: '#unlessEquals ${1:a} ${2:b}}}\n\t$0\n{{/unlessEquals}}',
		block: true,
	},
];

export const HELPER_DOCS: readonly HelperDoc[] = [...BUILT_IN, ...DOTPROMPT];

export function helperDoc(name: string): HelperDoc | undefined {
	return HELPER_DOCS.find((doc) => doc.name === name);
}
