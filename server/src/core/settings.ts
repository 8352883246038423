// The one definition of every `promptLens.*` setting: type, default, docs; normalizeSettings() cleans what the editor sends.

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
	/** Lint rule id → severity or 'off'. */
	'lint.rules': Record<string, 'error' | 'warning' | 'info' | 'hint' | 'off'>;
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
		default: 1_000_000,
		minimum: 1000,
		scope: 'resource',
		description: 'Files longer than this many characters are not analyzed, so a huge or generated file cannot slow the editor down.',
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
		'lint.rules': ruleSeverities(isRecord(r.lint) ? r.lint.rules : r['lint.rules']),
	};
}

function numberIn(value: unknown, key: 'maxFileSize' | 'contextWarningThreshold' | 'expectedOutputTokens', integer: boolean): number {
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
