// The one definition of every `promptLens.*` setting: type, default, docs; normalizeSettings() cleans what the editor sends.

export interface Settings {
	/** Files longer than this many characters are not analyzed (they still open normally). */
	maxFileSize: number;
}

/** Settings read only by the VS Code client; listed here so package.json has a single source to be checked against. */
export interface ClientSettings {
	'trace.server': 'off' | 'messages' | 'verbose';
}

export interface SettingSpec {
	type: 'number' | 'string' | 'boolean';
	default: number | string | boolean;
	description: string;
	scope: 'resource' | 'window';
	enum?: string[];
	minimum?: number;
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
};

/** Accepts whatever the client sent (possibly nothing, or wrong types) and returns complete, valid settings. */
export function normalizeSettings(raw: unknown): Settings {
	const record = isRecord(raw) ? raw : {};
	return {
		maxFileSize: positiveNumber(record.maxFileSize, DEFAULT_SETTINGS.maxFileSize, SETTING_SPECS.maxFileSize.minimum ?? 0),
	};
}

function positiveNumber(value: unknown, fallback: number, minimum: number): number {
	return typeof value === 'number' && Number.isFinite(value) && value >= minimum ? Math.floor(value) : fallback;
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
