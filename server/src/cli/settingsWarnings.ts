// Warnings for settings the CLI was given but cannot use: unknown keys, and values that normalizeSettings would silently drop.
import { ALL_RULES, closestName, SETTING_SPECS, type SettingSpec } from '../core';

type SettingKey = keyof typeof SETTING_SPECS;

const KEYS = Object.keys(SETTING_SPECS);
const SEVERITIES = ['error', 'warning', 'info', 'hint', 'off'];

/** `raw` is a settings object in the nested (`{ "lint": { "rules": … } }`) or flat (`{ "lint.rules": … }`) form. */
export function settingsWarnings(raw: Record<string, unknown>): string[] {
	const known: [SettingKey, unknown][] = [];
	const unknown: string[] = [];
	sortKeys(raw, '', known, unknown);
	return [...unknown.map(unknownKey), ...known.flatMap(([key, value]) => valueProblems(key, value))];
}

function sortKeys(raw: Record<string, unknown>, prefix: string, known: [SettingKey, unknown][], unknown: string[]): void {
	for (const [key, value] of Object.entries(raw)) {
		const path = prefix + key;
		if (path in SETTING_SPECS) known.push([path as SettingKey, value]);
		else if (isRecord(value) && KEYS.some((k) => k.startsWith(`${path}.`))) sortKeys(value, `${path}.`, known, unknown);
		else if (path !== '$schema') unknown.push(path);
	}
}

function unknownKey(path: string): string {
	const unprefixed = path.replace(/^promptLens\./, '');
	let hint = '';
	if (path === 'promptLens') hint = '; put the settings at the top level, without a "promptLens" wrapper';
	else if (unprefixed !== path && unprefixed in SETTING_SPECS) hint = `; write "${unprefixed}", without the "promptLens." prefix`;
	else {
		const close = closestName(path, KEYS);
		if (close) hint = `; did you mean "${close}"?`;
	}
	return `unknown setting "${path}" is ignored${hint}`;
}

function valueProblems(key: SettingKey, value: unknown): string[] {
	const spec: SettingSpec = SETTING_SPECS[key];
	if (key === 'lint.rules' && isRecord(value)) return lintRuleProblems(value);
	if (spec.type === 'array' && Array.isArray(value)) {
		const wanted = spec.items?.type === 'string' ? 'string' : 'object';
		const bad = value.some((item) => (wanted === 'string' ? typeof item !== 'string' : !isRecord(item)));
		return bad && wanted === 'string' ? [`"${key}" must be a list of strings; the other entries are ignored`] : [];
	}
	if (fits(spec, value)) return [];
	return [`"${key}" must be ${expected(spec)}, not ${JSON.stringify(value)}; the default (${JSON.stringify(spec.default)}) is used`];
}

function lintRuleProblems(rules: Record<string, unknown>): string[] {
	const out: string[] = [];
	const ids = ALL_RULES.map((r) => r.id);
	for (const [id, severity] of Object.entries(rules)) {
		const rule = ALL_RULES.find((r) => r.id === id);
		if (!rule) {
			const close = closestName(id, ids);
			out.push(`"lint.rules" names "${id}", which is not a lint rule${close ? ` (did you mean "${close}"?)` : ''}; it is ignored`);
		} else if (typeof severity !== 'string' || !SEVERITIES.includes(severity)) {
			out.push(`"lint.rules": "${id}" is set to ${JSON.stringify(severity)}, which is not one of ${SEVERITIES.join(', ')}; the rule keeps its default (${rule.defaultSeverity})`);
		}
	}
	return out;
}

function fits(spec: SettingSpec, value: unknown): boolean {
	switch (spec.type) {
		case 'number':
			return typeof value === 'number' && Number.isFinite(value) && value >= (spec.minimum ?? -Infinity) && value <= (spec.maximum ?? Infinity);
		case 'boolean':
			return typeof value === 'boolean';
		case 'string':
			return typeof value === 'string' && (!spec.enum || spec.enum.includes(value));
		case 'array':
			return Array.isArray(value);
		case 'object':
			return isRecord(value);
	}
}

function expected(spec: SettingSpec): string {
	if (spec.type === 'number') {
		if (spec.minimum !== undefined && spec.maximum !== undefined) return `a number from ${spec.minimum} to ${spec.maximum}`;
		return spec.minimum !== undefined ? `a number of at least ${spec.minimum}` : 'a number';
	}
	if (spec.type === 'boolean') return 'true or false';
	if (spec.type === 'string') return spec.enum ? `one of ${spec.enum.join(', ')}` : 'a string';
	return spec.type === 'array' ? 'a list' : 'an object';
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
