// The CLI's settings, from the same keys as the editor's: `.promptlensrc.json` or package.json's `promptLens` key, found from the current folder up, or `--config`.
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { DEFAULT_SETTINGS, errorMessage, LineIndex, normalizeSettings, type Settings } from '../core';
import { jsonErrorAt } from './jsonErrorAt';
import { settingsWarnings } from './settingsWarnings';

export const RC_FILE = '.promptlensrc.json';

export interface CliSettings {
	/** Complete settings; relative `partialPaths` already resolved against the settings file's folder. */
	settings: Settings;
	/** Where the settings came from; undefined when none was found and the defaults apply. */
	file?: string;
	/** The folder relative paths start at: the settings file's, else the current folder. */
	root: string;
	/** Problems that do not stop the run (unknown keys, ignored values), each naming the file. */
	warnings: string[];
}

export type CliSettingsResult = { ok: true; value: CliSettings } | { ok: false; message: string };

export type Found = { ok: true; raw: Record<string, unknown> } | { ok: false; message: string } | undefined;

/**
 * `--config <file>` when given (a package.json there means its `promptLens` key); otherwise, from `cwd` up, the first
 * folder with a `.promptlensrc.json` or a package.json that has a `promptLens` key (the rc file wins in the same folder).
 */
export function loadCliSettings(cwd: string, configPath?: string): CliSettingsResult {
	const warnings: string[] = [];
	if (configPath !== undefined) {
		const file = resolve(cwd, configPath);
		const found = basename(file) === 'package.json' ? readPackageKey(file, cwd, warnings) : readSettingsFile(file, cwd);
		return settle(found ?? { ok: false, message: `${shown(file, cwd)} has no "promptLens" key to read settings from` }, file, cwd, warnings);
	}
	for (let dir = resolve(cwd); ; dir = dirname(dir)) {
		const rc = join(dir, RC_FILE);
		if (existsSync(rc)) return settle(readSettingsFile(rc, cwd), rc, cwd, warnings);
		const pkg = join(dir, 'package.json');
		const found = existsSync(pkg) ? readPackageKey(pkg, cwd, warnings) : undefined;
		if (found) return settle(found, pkg, cwd, warnings);
		if (dirname(dir) === dir) return { ok: true, value: { settings: DEFAULT_SETTINGS, root: resolve(cwd), warnings } };
	}
}

function settle(found: NonNullable<Found>, file: string, cwd: string, warnings: string[]): CliSettingsResult {
	if (!found.ok) return found;
	const root = dirname(file);
	const normalized = normalizeSettings(found.raw);
	const settings = { ...normalized, partialPaths: normalized.partialPaths.map((p) => resolve(root, p)) };
	warnings.push(...settingsWarnings(found.raw).map((w) => `${shown(file, cwd)}: ${w}`));
	return { ok: true, value: { settings, file, root, warnings } };
}

/** A whole file of settings: must be a JSON object. */
export function readSettingsFile(file: string, cwd: string): NonNullable<Found> {
	const parsed = readJson(file, cwd);
	if (!parsed.ok) return parsed;
	if (!isRecord(parsed.value)) return { ok: false, message: `${shown(file, cwd)}: settings must be a JSON object such as { "lint": { "rules": { "unpinned-model": "off" } } }, not ${describe(parsed.value)}` };
	return { ok: true, raw: parsed.value };
}

/** package.json's `promptLens` key; undefined when there is none. A broken package.json found while searching is skipped with a warning. */
function readPackageKey(file: string, cwd: string, warnings: string[]): Found {
	const parsed = readJson(file, cwd);
	if (!parsed.ok) {
		warnings.push(`${parsed.message}; looking for settings elsewhere`);
		return undefined;
	}
	if (!isRecord(parsed.value) || !('promptLens' in parsed.value)) return undefined;
	const raw = parsed.value.promptLens;
	if (!isRecord(raw)) return { ok: false, message: `${shown(file, cwd)}: the "promptLens" key must be an object of settings such as { "lint": { "rules": { "unpinned-model": "off" } } }, not ${describe(raw)}` };
	return { ok: true, raw };
}

function readJson(file: string, cwd: string): { ok: true; value: unknown } | { ok: false; message: string } {
	let text: string;
	try {
		text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
	} catch (error) {
		return { ok: false, message: `cannot read the settings file ${shown(file, cwd)}: ${errorMessage(error)}` };
	}
	try {
		return { ok: true, value: JSON.parse(text) };
	} catch (error) {
		return { ok: false, message: `${shown(file, cwd)}${where(text)}: not valid JSON: ${whatIsWrong(text, error)}` };
	}
}

function where(text: string): string {
	const at = jsonErrorAt(text);
	if (at < 0) return '';
	const lines = new LineIndex(text);
	const line = lines.lineAt(at);
	return `:${line + 1}:${at - lines.lineStart(line) + 1}`;
}

function whatIsWrong(text: string, error: unknown): string {
	const at = jsonErrorAt(text);
	if (at < 0) return errorMessage(error);
	if (at >= text.length) return text.trim() ? 'the file ends before the JSON does' : 'the file is empty';
	const char = text[at];
	if (char === '/') return 'comments are not allowed in JSON';
	if ((char === '}' || char === ']') && text.slice(0, at).trimEnd().endsWith(',')) return `a comma before ${JSON.stringify(char)}: trailing commas are not allowed in JSON`;
	return `unexpected ${JSON.stringify(char)}`;
}

function describe(value: unknown): string {
	if (Array.isArray(value)) return 'an array';
	return value === null ? 'null' : `a ${typeof value}`;
}

/** Paths in messages: relative to the current folder when inside it, so they are short and clickable. */
function shown(file: string, cwd: string): string {
	const rel = relative(cwd, file);
	const outside = rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel);
	return rel && !outside ? rel : file;
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
