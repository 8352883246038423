// Which environment variable's key may go to which host: built-in key variables only to their own provider, a
// repository's provider only a variable the user allowed. Pure: the environment and the user's allowances are passed in.
import { PRESET_PROVIDERS } from './providers';
import type { ProviderConfig } from './runTypes';

/** The variable the user sets for whatever endpoint a run goes to; allowed for any provider. */
export const GENERIC_KEY_ENV = 'PROMPT_LENS_API_KEY';

/** A variable the user allowed: for the hosts listed, or for any host (a `--allow-key-env` given for this one command). */
export interface AllowedKeyEnv {
	env: string;
	hosts?: readonly string[];
}

/** A built-in key variable and the hosts it belongs to. */
interface KeyHome {
	env: string;
	provider: string;
	hosts: readonly string[];
	/** Azure OpenAI: every resource has its own host under these domains. */
	suffixes?: readonly string[];
}

const AZURE_SUFFIXES = ['.openai.azure.com', '.cognitiveservices.azure.com', '.services.ai.azure.com'];

const KEY_HOMES: readonly KeyHome[] = PRESET_PROVIDERS.flatMap((p): KeyHome[] => {
	if (!p.apiKeyEnv) return [];
	const host = httpsHost(p.baseURL);
	return [
		{
			env: p.apiKeyEnv,
			provider: p.id,
			hosts: host ? [host] : [],
			suffixes: p.id === 'azure-openai' ? AZURE_SUFFIXES : undefined,
		},
	];
});

export type EnvKeyDecision =
	| { kind: 'key'; env: string; apiKey: string }
	/** No variable named, or the variable is empty. */
	| { kind: 'none'; env?: string }
	/**
	 * `foreign-host`: a built-in provider's variable aimed at another host (never sent, whatever the settings say);
	 * `not-allowed`: a repository's provider names a variable the user has not allowed for its host.
	 */
	| { kind: 'refused'; env: string; host: string; reason: 'foreign-host' | 'not-allowed'; message: string };

/** The variables of the built-in providers (OPENAI_API_KEY…): their values are secrets wherever a run goes. */
export function builtInKeyEnvs(): string[] {
	return KEY_HOMES.map((h) => h.env);
}

/** The built-in provider a variable belongs to, if any. */
export function keyHomeOf(env: string): { provider: string; where: string } | undefined {
	const home = KEY_HOMES.find((h) => h.env === env);
	return home ? { provider: home.provider, where: describeHome(home) } : undefined;
}

/** Whether `url` is a host the built-in variable `env` belongs to (https, default port, exact host or Azure suffix). */
export function isKeyHome(env: string, url: string): boolean {
	const home = KEY_HOMES.find((h) => h.env === env);
	const host = httpsHost(url);
	if (!home || !host) return false;
	return home.hosts.includes(host) || (home.suffixes ?? []).some((s) => host.endsWith(s) && host.length > s.length);
}

/** The built-in variable whose home `url` is, e.g. OPENAI_API_KEY for `https://api.openai.com/v1`. */
export function homeKeyEnvFor(url: string): string | undefined {
	return KEY_HOMES.find((h) => isKeyHome(h.env, url))?.env;
}

/**
 * The key `provider` may get from the environment. Built-in variables go only to their own hosts; a provider from a
 * repository's settings gets another variable only when the user allowed it for that host (or it is PROMPT_LENS_API_KEY).
 */
export function envKeyFor(
	provider: ProviderConfig,
	env: Readonly<Record<string, string | undefined>>,
	allowed: readonly AllowedKeyEnv[] = [],
): EnvKeyDecision {
	const name = provider.apiKeyEnv?.trim();
	if (!name) return { kind: 'none' };
	const host = hostOf(provider.baseURL) ?? provider.baseURL;
	const home = KEY_HOMES.find((h) => h.env === name);
	if (home && !isKeyHome(name, provider.baseURL)) {
		return {
			kind: 'refused',
			env: name,
			host,
			reason: 'foreign-host',
			message: `${name} is the ${home.provider} key and is sent only to ${describeHome(home)}; provider "${provider.id}" points at ${host}, so it was not sent.`,
		};
	}
	if (!home && provider.origin === 'workspace' && !userAllows(name, host, allowed)) {
		return {
			kind: 'refused',
			env: name,
			host,
			reason: 'not-allowed',
			message: `provider "${provider.id}" comes from the repository's settings and asks for the environment variable ${name} to be sent to ${host}; it was not sent, because you have not allowed ${name} for that host.`,
		};
	}
	const value = env[name]?.trim();
	return value ? { kind: 'key', env: name, apiKey: value } : { kind: 'none', env: name };
}

export function userAllows(env: string, host: string, allowed: readonly AllowedKeyEnv[]): boolean {
	if (env === GENERIC_KEY_ENV) return true;
	const wanted = host.toLowerCase();
	return allowed.some(
		(a) => a.env === env && (a.hosts === undefined || a.hosts.some((h) => h.toLowerCase() === wanted)),
	);
}

/** `host[:port]` of a URL, lower case; undefined when it is not a URL. */
export function hostOf(url: string): string | undefined {
	try {
		return new URL(url).host.toLowerCase() || undefined;
	} catch {
		return undefined;
	}
}

/** `scheme://host[:port]` of a URL, lower case; undefined when it is not a URL. */
export function originOf(url: string): string | undefined {
	try {
		return new URL(url).origin.toLowerCase();
	} catch {
		return undefined;
	}
}

export function sameOrigin(a: string, b: string): boolean {
	const left = originOf(a);
	return left !== undefined && left === originOf(b);
}

/** The host of an https URL on the default port (a key never goes over plain http or to another port). */
function httpsHost(url: string): string | undefined {
	try {
		const u = new URL(url);
		return u.protocol === 'https:' && u.port === '' ? u.hostname.toLowerCase().replace(/\.$/, '') : undefined;
	} catch {
		return undefined;
	}
}

function describeHome(home: KeyHome): string {
	const parts = [...home.hosts, ...(home.suffixes ?? []).map((s) => `*${s}`)];
	return parts.join(', ') || `the ${home.provider} endpoint`;
}
