// The user's own CLI config, outside any repository: providers and key variables the user allows, which a repository's
// settings file cannot grant itself (`~/.config/prompt-lens/config.json`, or under $XDG_CONFIG_HOME).
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { normalizeSettings } from '../core';
import type { ProviderConfig } from '../core';
import type { AllowedKeyEnv } from '../core';
import { providersFromSettings } from '../core';
import { readSettingsFile } from './cliSettings';

export interface UserConfig {
	/** The file read; undefined when there is none. */
	file?: string;
	/** `origin: 'user'`: they win over a repository's provider of the same id, and their apiKeyEnv is the user's choice. */
	providers: ProviderConfig[];
	allowKeyEnv: AllowedKeyEnv[];
	warnings: string[];
}

export type UserConfigResult = { ok: true; value: UserConfig } | { ok: false; message: string };

const KNOWN_KEYS = new Set(['providers', 'allowKeyEnv', '$schema']);

export function userConfigPath(env: Readonly<Record<string, string | undefined>>): string {
	const base = env.XDG_CONFIG_HOME?.trim() || join(env.HOME?.trim() || homedir(), '.config');
	return join(base, 'prompt-lens', 'config.json');
}

/** `{ "providers": [...], "allowKeyEnv": { "MYLAB_KEY": ["llm.example.com"] } }`; no file is an empty config. */
export function loadUserConfig(env: Readonly<Record<string, string | undefined>>, cwd: string): UserConfigResult {
	const file = userConfigPath(env);
	if (!existsSync(file)) return { ok: true, value: { providers: [], allowKeyEnv: [], warnings: [] } };
	const found = readSettingsFile(file, cwd);
	if (!found.ok) return found;
	const warnings = Object.keys(found.raw)
		.filter((k) => !KNOWN_KEYS.has(k))
		.map((k) => `${file}: unknown key "${k}" (this file holds only "providers" and "allowKeyEnv")`);
	const allow = allowKeyEnv(found.raw.allowKeyEnv, file, warnings);
	const providers = providersFromSettings(normalizeSettings({ providers: found.raw.providers }).providers, 'user');
	return { ok: true, value: { file, providers, allowKeyEnv: allow, warnings } };
}

/** `{ "NAME": ["host", …] }`: each variable for the hosts listed (host[:port], as in the provider's baseURL). */
function allowKeyEnv(value: unknown, file: string, warnings: string[]): AllowedKeyEnv[] {
	if (value === undefined) return [];
	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		warnings.push(
			`${file}: "allowKeyEnv" must map a variable to the hosts it may go to, e.g. { "MYLAB_KEY": ["llm.example.com"] }; ignored`,
		);
		return [];
	}
	const out: AllowedKeyEnv[] = [];
	for (const [env, hosts] of Object.entries(value)) {
		const list = typeof hosts === 'string' ? [hosts] : hosts;
		if (!Array.isArray(list) || !list.every((h) => typeof h === 'string' && h.trim() !== '')) {
			warnings.push(`${file}: allowKeyEnv.${env} must be a list of hosts such as ["llm.example.com"]; ignored`);
			continue;
		}
		out.push({ env, hosts: list.map((h: string) => h.trim().toLowerCase()) });
	}
	return out;
}
