// Short docs for every frontmatter key Dotprompt reads, shared by hover and completion, and the `frontmatter-schema` rule's source of truth.
import type { ValueKind } from '../frontmatterShape';

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
	/** The value the rule accepts; absent: anything. */
	kind?: ValueKind;
	/** Inclusive range of a number, or of the length of a list. */
	min?: number;
	max?: number;
	/** Only the documented children of this mapping are read; the rule reports the others (as it does at the root). */
	closed?: boolean;
	/** Our own dotted key (`promptLens.*`): other runtimes collect it into `ext` and ignore it. */
	extension?: boolean;
	/** Set for reserved keys whose written value the runtime throws away: says what happens, for the rule's message. */
	dropped?: string;
	/** What the runtime does with a value of the wrong type or out of range, for the rule's message. */
	invalid?: string;
	/** Other APIs' names for this key (`max_tokens`), so a did-you-mean finds it even when the spelling is far off. */
	aliases?: string[];
}

const GENKIT_CONFIG = 'Genkit checks `config` against the model plugin\'s schema and fails the call, and providers that take the value as is reject the request.';

/** Top-level keys: the Dotprompt runtime's reserved keywords, the ones Genkit reads from the raw frontmatter, and ours. */
const TOP_LEVEL: FrontmatterKeyDoc[] = [
	{ path: ['name'], type: 'string', kind: 'string', summary: 'The prompt\'s name. Genkit names the prompt after its file (`greeting.prompt` → `greeting`), so this is informational there. Example: `name: greeting`.', invalid: 'Dotprompt passes it on unchanged, and code that reads it expects text.' },
	{ path: ['variant'], type: 'string', kind: 'string', summary: 'A variant of the same prompt, e.g. a shorter wording to A/B test. Genkit takes it from the file name (`greeting.short.prompt`) and loads it with `ai.prompt(\'greeting\', { variant: \'short\' })`. Example: `variant: short`.', invalid: 'Dotprompt passes it on unchanged, and code that reads it expects text.' },
	{ path: ['version'], type: 'string or number', kind: 'scalar', summary: 'A version label or content hash that prompt stores use to pin one revision; rendering ignores it. Example: `version: 2`.', invalid: 'Dotprompt passes it on unchanged, and prompt stores compare it as text.' },
	{ path: ['description'], type: 'string', kind: 'string', summary: 'What the prompt does, in one sentence. Genkit shows it in the Developer UI and sends it as the tool description when the prompt is used as a tool. Example: `description: Greets a guest by name`.', invalid: 'Dotprompt passes it on unchanged, and Genkit uses it as text (e.g. as the tool description).' },
	{ path: ['model'], type: 'string', kind: 'string', summary: 'The model that runs the prompt, as `provider/model`; without it Genkit uses the app\'s default model. Prompt Lens counts tokens and cost for it. Example: `model: googleai/gemini-2.5-flash`.', snippet: '${1:googleai/gemini-2.5-flash}', invalid: 'Genkit cannot look a model up by it and the call fails.' },
	{ path: ['tools'], type: 'list of strings', kind: 'string-list', summary: 'Names of the tools (defined in code with `ai.defineTool`) the model may call while answering. Example: `tools: [lookupWeather, searchDocs]`.', snippet: '[${1:toolName}]', invalid: 'the Dotprompt runtime fails to render the prompt when it is not a list, and Genkit resolves tools only by name.' },
	{ path: ['toolDefs'], type: 'list of tool definitions', kind: 'mapping-list', summary: 'Tool definitions written inline (`name`, `description`, `inputSchema`); Dotprompt passes them on with the rendered prompt, while Genkit reads only `tools`. Example: `toolDefs: [{name: clock, description: Current time, inputSchema: {type: object}}]`.', invalid: 'the definitions reach the model broken.' },
	{ path: ['config'], type: 'mapping', kind: 'mapping', summary: 'Model settings sent with the request: `temperature`, `maxOutputTokens`, `topK`, `topP`, `stopSequences` and whatever else the model accepts (e.g. Gemini\'s `safetySettings`). Example: `config: {temperature: 0.7, maxOutputTokens: 1024}`.', snippet: '\n  temperature: ${1:0.7}\n  maxOutputTokens: ${2:1024}', invalid: 'the runtime spreads it into a meaningless config (a string becomes `{0: …, 1: …}`), so none of the settings apply.' },
	{ path: ['input'], type: 'mapping', kind: 'mapping', closed: true, summary: 'The prompt\'s inputs: `schema` declares the variables the template uses and `default` gives values for inputs the caller leaves out. Example: `input: {schema: {name: string}, default: {name: Guest}}`.', snippet: '\n  schema:\n    ${1:name}: ${2:string}', invalid: 'Genkit reads no schema or defaults from it.' },
	{ path: ['output'], type: 'mapping', kind: 'mapping', closed: true, summary: 'What the model should reply with: a `format` (`json`, `text`, …) and, for structured output, a `schema` that Genkit asks the model for and parses the reply into. Example: `output: {format: json, schema: {title: string}}`.', snippet: '\n  format: ${1|json,text|}\n  schema:\n    ${2:field}: ${3:string}', invalid: 'Genkit reads no format or schema from it.' },
	{ path: ['metadata'], type: 'mapping', kind: 'mapping', summary: 'Free-form information for tools and your own code; Genkit attaches it to the prompt\'s action metadata. It does not change what the model receives. Example: `metadata: {owner: search-team}`.', invalid: 'Genkit spreads it into the prompt\'s metadata, where anything but a mapping is lost or broken into characters.' },
	{ path: ['maxTurns'], type: 'whole number ≥ 1', kind: 'integer', min: 1, summary: 'Genkit: the most tool-call rounds one call may take before it stops with an error (default 5). Example: `maxTurns: 3`.', invalid: 'Genkit compares the number of tool-call rounds against it, so the limit does not work as meant (with 0, the first tool call fails).' },
	{ path: ['toolChoice'], type: 'auto, required or none', kind: 'string', values: ['auto', 'required', 'none'], summary: 'Genkit: whether the model may call tools (`auto`), must call one (`required`) or must not (`none`). Example: `toolChoice: required`.', snippet: '${1|auto,required,none|}', invalid: 'Genkit\'s request schema rejects any other value and the call fails.' },
	{ path: ['returnToolRequests'], type: 'true or false', kind: 'boolean', summary: 'Genkit: when true, the model\'s tool calls come back to your code instead of being run for you. Example: `returnToolRequests: true`.', snippet: '${1|true,false|}', invalid: 'Genkit reads it as a yes/no switch, and any text (even `"false"`) counts as yes.' },
	{ path: ['use'], type: 'list of middleware', kind: 'list', summary: 'Genkit: model middleware to wrap the call in, as names registered in your app or `{name, config}` entries. Example: `use: [retry]`.', invalid: 'Genkit expects a list of middleware and cannot apply it.' },
	{ path: ['ext'], type: 'reserved', summary: 'Reserved: the runtime fills `ext` itself from dotted keys (`myext.foo: bar` becomes `ext.myext.foo`).', dropped: 'the runtime builds `ext` from dotted keys and replaces this value, so its contents are lost. Write extension fields as dotted keys, e.g. `myext.foo: bar`.' },
	{ path: ['raw'], type: 'reserved', summary: 'Reserved: the runtime fills `raw` with the whole frontmatter as written, for code that needs custom fields.', dropped: 'the runtime fills `raw` with the whole frontmatter and replaces this value, so its contents are lost. Put your own data under `metadata:` or a dotted key such as `myapp.notes`.' },
];

const INPUT_OUTPUT: FrontmatterKeyDoc[] = [
	{ path: ['input', 'schema'], type: 'Picoschema or JSON Schema', kind: 'schema', summary: 'The inputs the template expects, in Picoschema (`name: string`, `tone?: string, how formal`) or JSON Schema; Genkit validates the caller\'s input against it. Example: `schema: {name: string, tone?: string}`.', snippet: '\n  ${1:name}: ${2:string}', invalid: 'the Dotprompt runtime fails to render the prompt (Picoschema accepts only mappings and type names).' },
	{ path: ['input', 'default'], type: 'mapping', kind: 'mapping', summary: 'Values for inputs the caller leaves out; Prompt Lens also renders previews and token counts with them. Example: `default: {name: Guest}`.', snippet: '\n  ${1:name}: ${2:value}', invalid: 'no input gets a default (the renderer spreads it into inputs named `0`, `1`, …).' },
	{ path: ['output', 'format'], type: 'json, text, media, array, enum or jsonl', kind: 'string', values: ['json', 'text', 'media', 'array', 'enum', 'jsonl'], summary: 'How Genkit treats the reply: `json` (parsed and checked against `output.schema`), `text`, `array`, `enum`, `jsonl`, or `media` for image and audio models. With a schema and no format, Genkit uses `json`. Example: `format: json`.', snippet: '${1|json,text,media,array,enum,jsonl|}', invalid: 'Genkit finds no formatter for it, so the reply is neither parsed nor checked against the schema (unless your app registers that format with `ai.defineFormat`).' },
	{ path: ['output', 'schema'], type: 'Picoschema or JSON Schema', kind: 'schema', summary: 'The structure of the reply, in Picoschema or JSON Schema; Genkit tells the model about it and parses the reply into it. Example: `schema: {title: string, tags(array): string}`.', snippet: '\n  ${1:field}: ${2:string}', invalid: 'the Dotprompt runtime fails to render the prompt (Picoschema accepts only mappings and type names).' },
];

/** Genkit's GenerationCommonConfig, with the ranges Gemini (through Genkit) and OpenAI enforce, plus widely shared extras. */
const CONFIG: FrontmatterKeyDoc[] = [
	{ path: ['config', 'version'], type: 'string', kind: 'string', summary: 'A specific version of the model family (e.g. `gemini-2.5-flash-001`), sent instead of the model\'s default version. Example: `version: gemini-2.5-flash-001`.', invalid: GENKIT_CONFIG },
	{ path: ['config', 'temperature'], type: 'number, 0–2', kind: 'number', min: 0, max: 2, summary: 'How random the reply is: lower is more predictable, higher more varied. Gemini and OpenAI accept 0–2, Anthropic 0–1. Example: `temperature: 0.7`.', snippet: '${1:0.7}', invalid: 'Gemini (through Genkit) and OpenAI reject the request.' },
	{ path: ['config', 'maxOutputTokens'], type: 'whole number ≥ 1', kind: 'integer', min: 1, summary: 'The most tokens the model may generate; the reply stops there, mid-sentence if need be. Prompt Lens uses it for cost and context-window estimates. Example: `maxOutputTokens: 1024`.', snippet: '${1:1024}', invalid: 'providers reject the request.', aliases: ['max_tokens', 'maxTokens', 'max_completion_tokens', 'maxCompletionTokens'] },
	{ path: ['config', 'topK'], type: 'whole number ≥ 1', kind: 'integer', min: 1, summary: 'Samples each token from only the K most likely ones (Gemini, Anthropic; OpenAI ignores it). Example: `topK: 40`.', snippet: '${1:40}', invalid: 'providers reject the request.' },
	{ path: ['config', 'topP'], type: 'number, 0–1', kind: 'number', min: 0, max: 1, summary: 'Nucleus sampling: samples from the smallest set of tokens whose probabilities add up to P. Example: `topP: 0.95`.', snippet: '${1:0.95}', invalid: 'Gemini (through Genkit) and OpenAI reject the request.' },
	{ path: ['config', 'stopSequences'], type: 'list of up to 5 strings', kind: 'string-list', max: 5, summary: 'Text that ends the reply as soon as the model generates it (the text itself is left out). Example: `stopSequences: ["END"]`.', snippet: '[${1:"END"}]', invalid: 'Genkit\'s common config accepts a list of at most 5 strings and fails the call otherwise.', aliases: ['stop'] },
	{ path: ['config', 'frequencyPenalty'], type: 'number, −2–2', kind: 'number', min: -2, max: 2, summary: 'Lowers the chance of a token the more often it already appeared, against repetition (OpenAI, Gemini). Example: `frequencyPenalty: 0.5`.', invalid: 'OpenAI and Gemini reject the request.' },
	{ path: ['config', 'presencePenalty'], type: 'number, −2–2', kind: 'number', min: -2, max: 2, summary: 'Lowers the chance of any token that already appeared, nudging the model to new topics (OpenAI, Gemini). Example: `presencePenalty: 0.5`.', invalid: 'OpenAI and Gemini reject the request.' },
	{ path: ['config', 'seed'], type: 'whole number', kind: 'integer', summary: 'Asks for repeatable sampling: the same seed and input give the same reply where the provider supports it (OpenAI, Gemini). Example: `seed: 42`.', invalid: 'providers reject the request.' },
];

/** Our own keys: dotted, so every runtime collects them into `ext` and leaves them alone. */
const PROMPT_LENS: FrontmatterKeyDoc[] = [
	{ path: ['promptLens.compare'], type: 'list of model ids', kind: 'string-list', extension: true, summary: 'Prompt Lens: models to compare this prompt against; token counts and cost appear for each beside the main `model`. Overrides the `promptLens.compareModels` setting; runtimes ignore it. Example: `promptLens.compare: [openai/gpt-4o-mini, anthropic/claude-sonnet-4-5]`.', snippet: '[${1:openai/gpt-4o-mini}]', invalid: 'Prompt Lens compares only models named by strings.' },
	{ path: ['promptLens.samples'], type: 'mapping of named input sets', kind: 'mapping', extension: true, summary: 'Prompt Lens: named sets of sample inputs; previews and token counts use the first set, over `input.default`. Runtimes ignore it. Example: `promptLens.samples: {short: {name: Ada}}`.', snippet: '\n  ${1:sample}:\n    ${2:name}: ${3:value}', invalid: 'Prompt Lens finds no sample inputs in it.' },
];

export const FRONTMATTER_DOCS: readonly FrontmatterKeyDoc[] = [...TOP_LEVEL, ...INPUT_OUTPUT, ...CONFIG, ...PROMPT_LENS];

export function frontmatterKeyDoc(path: string[]): FrontmatterKeyDoc | undefined {
	return FRONTMATTER_DOCS.find((doc) => doc.path.length === path.length && doc.path.every((p, i) => p === path[i]));
}

/** The documented children of the mapping at `path` (`[]` for the top level). */
export function frontmatterChildDocs(path: string[]): FrontmatterKeyDoc[] {
	return FRONTMATTER_DOCS.filter((doc) => doc.path.length === path.length + 1 && path.every((p, i) => p === doc.path[i]));
}
