// The one definition of every `promptLens.*` setting: type, default, docs; normalizeSettings() cleans what the editor sends.
import type { HelperSetting } from './registeredNames';

export interface Settings {
	/** Files longer than this many characters are not analyzed (they still open normally). */
	maxFileSize: number;
	/** Models to compare against when the frontmatter has no `promptLens.compare`. */
	compareModels: string[];
	/** Warn when input + output use more than this share of the context window. */
	contextWarningThreshold: number;
	/** Output length assumed for cost and window checks when `config.maxOutputTokens` is not set. */
	expectedOutputTokens: number;
	/** Token counts after each role section. */
	inlayHints: boolean;
	/** Extra or overriding catalog entries; validated by the catalog. */
	models: unknown[];
	/** Extra folders searched for `_name.prompt` partials, after the prompt's own folder. */
	partialPaths: string[];
	/** Helpers the app registers where the workspace scan cannot see them (a package, generated code). */
	helpers: HelperSetting[];
	/** Globs of prompt test files (default: every `*.test.yaml`). */
	tests: string[];
	/** OpenAI-compatible endpoints added to (or replacing) the presets; keys never live here. */
	providers: ProviderSetting[];
	/** A run that takes longer is aborted (its partial output is kept). */
	'run.timeoutSeconds': number;
	/** Retries after 429, 5xx and network errors, with backoff that honours Retry-After. */
	'run.maxRetries': number;
	/** Requests in flight at once per provider, for tests and comparisons. */
	'run.concurrency': number;
	/** Append every run to the history file. */
	'history.enabled': boolean;
	/** The history file, relative to the workspace folder. */
	'history.path': string;
	/** Answer a request seen before from the history instead of paying for it again. */
	'cache.enabled': boolean;
	/** The model that grades `llm-rubric` assertions. */
	judgeModel: string;
	/** A `.prompt` file that replaces the built-in judge prompt (inputs: output, rubric, vars); empty: the built-in one. */
	judgePrompt: string;
	/** The OpenAI-compatible embeddings model of `similar` assertions. */
	embeddingModel: string;
	/** Lint rule id → severity or 'off'. */
	'lint.rules': Record<string, 'error' | 'warning' | 'info' | 'hint' | 'off'>;
}

export interface ProviderSetting {
	id: string;
	baseURL: string;
	apiKeyEnv?: string;
	headers?: Record<string, string>;
}

/** Settings read only by the VS Code client; listed here so package.json has a single source to be checked against. */
export interface ClientSettings {
	'trace.server': 'off' | 'messages' | 'verbose';
}

export interface SettingSpec {
	type: 'number' | 'string' | 'boolean' | 'array' | 'object';
	default: unknown;
	description: string;
	scope: 'resource' | 'window';
	enum?: string[];
	minimum?: number;
	maximum?: number;
	items?: Record<string, unknown>;
	additionalProperties?: Record<string, unknown>;
}

/** Keys are relative to `promptLens.`; package.json `contributes.configuration` must match this table (a test checks it). */
export const SETTING_SPECS: Record<keyof Settings | keyof ClientSettings, SettingSpec> = {
	maxFileSize: {
		type: 'number',
		default: 5_000_000,
		minimum: 1000,
		scope: 'resource',
		description: 'Files longer than this many characters are not analyzed, so a huge or generated file cannot slow the editor down. Large files are analyzed off the editor\'s thread; a 5 MB prompt takes a few seconds and a few hundred MB of memory.',
	},
	compareModels: {
		type: 'array',
		default: [],
		items: { type: 'string' },
		scope: 'resource',
		description: 'Models to compare each prompt against (e.g. ["openai/gpt-4o-mini", "openai/gpt-4o"]) when its frontmatter has no `promptLens.compare` list.',
	},
	contextWarningThreshold: {
		type: 'number',
		default: 0.8,
		minimum: 0.1,
		maximum: 1,
		scope: 'resource',
		description: 'Warn (`context-near-limit`) when the rendered input plus the maximum output use more than this share of the model\'s context window.',
	},
	expectedOutputTokens: {
		type: 'number',
		default: 500,
		minimum: 1,
		scope: 'resource',
		description: 'Output length, in tokens, assumed for cost and context-window checks when the prompt does not set `config.maxOutputTokens`.',
	},
	inlayHints: {
		type: 'boolean',
		default: true,
		scope: 'resource',
		description: 'Show the token count of each role section at its end.',
	},
	models: {
		type: 'array',
		default: [],
		items: { type: 'object' },
		scope: 'resource',
		description: 'Add or override models: `{ "id": "my-llama", "provider": "ollama", "inputPerMTok": 0, "outputPerMTok": 0, "contextWindow": 8192 }`. Entries with an existing id change only the fields they give.',
	},
	partialPaths: {
		type: 'array',
		default: [],
		items: { type: 'string' },
		scope: 'resource',
		description: 'Folders searched for partials (`{{> name}}` → `_name.prompt`) after the prompt\'s own folder. Relative paths start at the workspace folder.',
	},
	helpers: {
		type: 'array',
		default: [],
		items: { anyOf: [{ type: 'string' }, { type: 'object', required: ['name'], properties: { name: { type: 'string' }, description: { type: 'string' } } }] },
		scope: 'resource',
		description: 'Helpers your app registers in code that Prompt Lens cannot find in the workspace\'s source files (`ai.defineHelper`, `define_helper`, `genkit.DefineHelper`…): names (`["dateFormat"]`) or `{ "name": "dateFormat", "description": "Formats a date" }`. They are accepted by `unknown-helper` and shown in hover and completion.',
	},
	tests: {
		type: 'array',
		default: ['**/*.test.yaml'],
		items: { type: 'string' },
		scope: 'resource',
		description: "Where prompt test files are found, as globs relative to the workspace folder (the CLI: the settings file's folder). A test file tests the prompt beside it with the same name (`summarize.test.yaml` \u2192 `summarize.prompt`), or the one its `prompt:` key names (relative to the test file).",
	},
	providers: {
		type: 'array',
		default: [],
		items: { type: 'object', required: ['id', 'baseURL'], properties: { id: { type: 'string' }, baseURL: { type: 'string' }, apiKeyEnv: { type: 'string' }, headers: { type: 'object', additionalProperties: { type: 'string' } } } },
		scope: 'resource',
		description: 'OpenAI-compatible endpoints for runs, added to the presets (openai, azure-openai, anthropic, googleai, ollama, lmstudio, vllm, openrouter, groq) or replacing one with the same id: `{ "id": "mylab", "baseURL": "https://llm.example.com/v1", "apiKeyEnv": "MYLAB_KEY" }`. `model: mylab/name` then runs there. Keys go in with the command "Prompt Lens: Set API Key", never here. A baseURL from workspace settings is used only in a trusted workspace.',
	},
	'run.timeoutSeconds': {
		type: 'number',
		default: 120,
		minimum: 1,
		maximum: 3600,
		scope: 'resource',
		description: 'A run taking longer than this is stopped; what the model produced so far is kept and marked incomplete.',
	},
	'run.maxRetries': {
		type: 'number',
		default: 3,
		minimum: 0,
		maximum: 10,
		scope: 'resource',
		description: 'How many times a run is retried after a rate limit (429, honouring Retry-After), a server error (5xx) or a network error, with growing waits.',
	},
	'run.concurrency': {
		type: 'number',
		default: 4,
		minimum: 1,
		maximum: 32,
		scope: 'resource',
		description: 'How many requests prompt tests and comparisons send to one provider at once; the rest wait their turn. Rate limits (429) are retried as for single runs.',
	},
	'history.enabled': {
		type: 'boolean',
		default: true,
		scope: 'resource',
		description: 'Append every run (prompt, request hash, model, parameters, inputs, output, usage, cost, latency, status) as one JSON line to the history file. API keys are never written.',
	},
	'history.path': {
		type: 'string',
		default: '.prompt-lens/runs.jsonl',
		scope: 'resource',
		description: 'The run history file, relative to the workspace folder.',
	},
	judgeModel: {
		type: 'string',
		default: 'openai/gpt-5.4-mini-2026-03-17',
		scope: 'resource',
		description: "The model that grades `llm-rubric` assertions in prompt tests: it reads the rubric and the answer and returns a score from 0 to 1 with its reason.",
	},
	judgePrompt: {
		type: 'string',
		default: '',
		scope: 'resource',
		description: "A .prompt file (relative to the workspace folder or the settings file) that replaces the built-in judge prompt of `llm-rubric`; it gets the inputs `output`, `rubric` and `vars` and must answer JSON {\"score\": 0–1, \"reason\": \"…\"}.",
	},
	embeddingModel: {
		type: 'string',
		default: 'openai/text-embedding-3-small',
		scope: 'resource',
		description: "The embeddings model (on an OpenAI-compatible /embeddings endpoint) that `similar` assertions in prompt tests compare with.",
	},
	'cache.enabled': {
		type: 'boolean',
		default: false,
		scope: 'resource',
		description: 'Answer a run whose request (messages, model, parameters, endpoint) was already answered successfully from the history, instead of paying for it again. The output tab says when an answer came from the cache.',
	},
	'lint.rules': {
		type: 'object',
		default: {},
		additionalProperties: { type: 'string', enum: ['error', 'warning', 'info', 'hint', 'off'] },
		scope: 'resource',
		description: 'Change the severity of a lint rule or turn it off, e.g. `{ "invalid-role": "warning", "unknown-helper": "off" }`. A file can turn rules off with `{{! prompt-lens-disable rule-id }}`.',
	},
	'trace.server': {
		type: 'string',
		default: 'off',
		enum: ['off', 'messages', 'verbose'],
		scope: 'window',
		description: 'Traces the communication between VS Code and the Prompt Lens language server in the "Prompt Lens" output channel.',
	},
};

export const DEFAULT_SETTINGS: Settings = {
	maxFileSize: SETTING_SPECS.maxFileSize.default as number,
	compareModels: [],
	contextWarningThreshold: SETTING_SPECS.contextWarningThreshold.default as number,
	expectedOutputTokens: SETTING_SPECS.expectedOutputTokens.default as number,
	inlayHints: true,
	models: [],
	partialPaths: [],
	helpers: [],
	tests: ['**/*.test.yaml'],
	providers: [],
	'run.timeoutSeconds': SETTING_SPECS['run.timeoutSeconds'].default as number,
	'run.maxRetries': SETTING_SPECS['run.maxRetries'].default as number,
	'run.concurrency': SETTING_SPECS['run.concurrency'].default as number,
	'history.enabled': true,
	'history.path': SETTING_SPECS['history.path'].default as string,
	'cache.enabled': false,
	judgeModel: SETTING_SPECS.judgeModel.default as string,
	judgePrompt: '',
	embeddingModel: SETTING_SPECS.embeddingModel.default as string,
	'lint.rules': {},
};

/** Accepts whatever the client sent (possibly nothing, or wrong types) and returns complete, valid settings. */
export function normalizeSettings(raw: unknown): Settings {
	const r = isRecord(raw) ? raw : {};
	return {
		maxFileSize: numberIn(r.maxFileSize, 'maxFileSize', true),
		compareModels: Array.isArray(r.compareModels) ? r.compareModels.filter((m): m is string => typeof m === 'string') : [],
		contextWarningThreshold: numberIn(r.contextWarningThreshold, 'contextWarningThreshold', false),
		expectedOutputTokens: numberIn(r.expectedOutputTokens, 'expectedOutputTokens', true),
		inlayHints: typeof r.inlayHints === 'boolean' ? r.inlayHints : DEFAULT_SETTINGS.inlayHints,
		models: Array.isArray(r.models) ? r.models : [],
		partialPaths: Array.isArray(r.partialPaths) ? r.partialPaths.filter((p): p is string => typeof p === 'string' && p.trim() !== '') : [],
		helpers: helperSettings(r.helpers),
		tests: Array.isArray(r.tests) && r.tests.some((t) => typeof t === 'string' && t.trim() !== '') ? r.tests.filter((t): t is string => typeof t === 'string' && t.trim() !== '') : DEFAULT_SETTINGS.tests,
		providers: providers(r.providers),
		'run.timeoutSeconds': numberIn(nested(r, 'run', 'timeoutSeconds'), 'run.timeoutSeconds', false),
		'run.maxRetries': numberIn(nested(r, 'run', 'maxRetries'), 'run.maxRetries', true),
		'run.concurrency': numberIn(nested(r, 'run', 'concurrency'), 'run.concurrency', true),
		'history.enabled': booleanOr(nested(r, 'history', 'enabled'), true),
		'history.path': typeof nested(r, 'history', 'path') === 'string' && String(nested(r, 'history', 'path')).trim() !== '' ? String(nested(r, 'history', 'path')).trim() : DEFAULT_SETTINGS['history.path'],
		'cache.enabled': booleanOr(nested(r, 'cache', 'enabled'), false),
		judgeModel: nonEmptyString(r.judgeModel, DEFAULT_SETTINGS.judgeModel),
		judgePrompt: nonEmptyString(r.judgePrompt, ''),
		embeddingModel: nonEmptyString(r.embeddingModel, DEFAULT_SETTINGS.embeddingModel),
		'lint.rules': ruleSeverities(isRecord(r.lint) ? r.lint.rules : r['lint.rules']),
	};
}

/** VS Code hands `run.timeoutSeconds` over as `{ run: { timeoutSeconds } }`; settings files may use either form. */
function nested(r: Record<string, unknown>, group: string, key: string): unknown {
	const inner = r[group];
	return isRecord(inner) && key in inner ? inner[key] : r[`${group}.${key}`];
}

function nonEmptyString(value: unknown, fallback: string): string {
	return typeof value === 'string' && value.trim() !== '' ? value.trim() : fallback;
}

function booleanOr(value: unknown, fallback: boolean): boolean {
	return typeof value === 'boolean' ? value : fallback;
}

/** Names or `{ name, description }`; blank names and other shapes are dropped. */
function helperSettings(value: unknown): HelperSetting[] {
	if (!Array.isArray(value)) return [];
	return value.flatMap((entry): HelperSetting[] => {
		const name = typeof entry === 'string' ? entry : isRecord(entry) && typeof entry.name === 'string' ? entry.name : '';
		if (name.trim() === '') return [];
		const description = isRecord(entry) && typeof entry.description === 'string' && entry.description.trim() !== '' ? entry.description.trim() : undefined;
		return [description ? { name: name.trim(), description } : { name: name.trim() }];
	});
}

/** Entries without an id or an http(s) baseURL are dropped; header values must be strings. */
function providers(value: unknown): ProviderSetting[] {
	if (!Array.isArray(value)) return [];
	return value.filter(isRecord).flatMap((p): ProviderSetting[] => {
		if (typeof p.id !== 'string' || !/^[\w.-]+$/.test(p.id) || typeof p.baseURL !== 'string' || !/^https?:\/\//.test(p.baseURL)) return [];
		const headers = isRecord(p.headers) ? Object.fromEntries(Object.entries(p.headers).filter(([, v]) => typeof v === 'string')) as Record<string, string> : undefined;
		return [{ id: p.id, baseURL: p.baseURL.replace(/\/+$/, ''), apiKeyEnv: typeof p.apiKeyEnv === 'string' ? p.apiKeyEnv : undefined, headers }];
	});
}

function numberIn(value: unknown, key: 'maxFileSize' | 'contextWarningThreshold' | 'expectedOutputTokens' | 'run.timeoutSeconds' | 'run.maxRetries' | 'run.concurrency', integer: boolean): number {
	const spec = SETTING_SPECS[key];
	const ok = typeof value === 'number' && Number.isFinite(value)
		&& value >= (spec.minimum ?? -Infinity) && value <= (spec.maximum ?? Infinity);
	if (!ok) return DEFAULT_SETTINGS[key];
	return integer ? Math.floor(value) : value;
}

const RULE_SETTINGS = new Set(['error', 'warning', 'info', 'hint', 'off']);

function ruleSeverities(value: unknown): Settings['lint.rules'] {
	if (!isRecord(value)) return {};
	const out: Settings['lint.rules'] = {};
	for (const [id, severity] of Object.entries(value)) {
		if (typeof severity === 'string' && RULE_SETTINGS.has(severity)) out[id] = severity as Settings['lint.rules'][string];
	}
	return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
