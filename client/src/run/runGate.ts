// Pure decisions of the run flow: may we run at all, may this provider be used, which key (if any) goes to its endpoint.
import type { ModelCatalog } from '../../../server/src/core';
import type { ProviderConfig, ProviderResolution, RunPlan } from '../../../server/src/core';
import { envKeyFor, type AllowedKeyEnv } from '../../../server/src/core';
import { PRESET_PROVIDERS, resolveProvider } from '../../../server/src/core';

export type Gate = { ok: true } | { ok: false; message: string };

/** A key as kept in SecretStorage: bound to the provider and the endpoint it was entered for, so it is never sent anywhere else. */
export interface StoredKey {
	providerId: string;
	baseURL: string;
	key: string;
}

export type KeyChoice =
	| { ok: true; apiKey?: string; source: 'secret' | 'env' | 'none' }
	/** `consent`: the workspace's provider names a variable the user may allow for its host (asked once, then remembered). */
	| { ok: false; message: string; consent?: { env: string; host: string } };

export const SECRET_PREFIX = 'promptLens.apiKey.';

export function secretName(providerId: string): string {
	return `${SECRET_PREFIX}${providerId}`;
}

export function storedKeyValue(providerId: string, baseURL: string, key: string): string {
	return JSON.stringify({ providerId, baseURL, key } satisfies StoredKey);
}

/** Anything we did not write ourselves (not our JSON shape) is not a key we may send. */
export function parseStoredKey(raw: string | undefined): StoredKey | undefined {
	if (!raw) return undefined;
	try {
		const { providerId, baseURL, key } = JSON.parse(raw) as Partial<StoredKey>;
		return typeof providerId === 'string' && typeof baseURL === 'string' && typeof key === 'string' && key !== '' ? { providerId, baseURL, key } : undefined;
	} catch {
		return undefined;
	}
}

/** Untrusted workspaces make no request at all: a cloned repository must not be able to spend a key. */
export function runGate(trusted: boolean): Gate {
	return trusted
		? { ok: true }
		: { ok: false, message: 'Prompt Lens does not run prompts in an untrusted workspace. Trust this workspace (Manage Workspace Trust) to run prompts.' };
}

/** A baseURL from workspace settings points our request (and a key) wherever the repository says: trusted workspaces only. */
export function providerGate(provider: ProviderConfig, trusted: boolean): Gate {
	if (provider.origin === 'workspace' && !trusted) {
		return { ok: false, message: `The provider "${provider.id}" (${provider.baseURL}) comes from this workspace's settings, which are used only in a trusted workspace.` };
	}
	return { ok: true };
}

/**
 * The last step before the network: trust and the provider are checked again right where the request goes out, so no
 * path through the run flow can reach `send` from an untrusted workspace.
 */
export async function gatedSend<T>(trusted: boolean, provider: ProviderConfig, send: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; message: string }> {
	const gate = runGate(trusted);
	if (!gate.ok) return gate;
	const allowed = providerGate(provider, trusted);
	if (!allowed.ok) return allowed;
	return { ok: true, value: await send() };
}

/** Same scheme, host, port and path (trailing slashes and letter case of the host aside). */
export function sameEndpoint(a: string, b: string): boolean {
	const norm = (url: string): string => {
		try {
			const u = new URL(url);
			return `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, '')}`;
		} catch {
			return url.replace(/\/+$/, '');
		}
	};
	return norm(a) === norm(b);
}

/**
 * The key for `provider`: the one stored for its id (only when it was set for this id and this very baseURL), else its
 * apiKeyEnv variable as core/run/keyPolicy allows: a built-in variable (OPENAI_API_KEY…) only at its own host, and a
 * workspace provider's variable only after the user allowed it for that host (`consent` asks for that once).
 * No key is fine for local servers (`keyOptional`).
 */
export function chooseKey(provider: ProviderConfig, stored: StoredKey | undefined, env: Record<string, string | undefined>, allowed: readonly AllowedKeyEnv[] = []): KeyChoice {
	const own = stored?.providerId === provider.id ? stored : undefined;
	if (own && sameEndpoint(own.baseURL, provider.baseURL)) return { ok: true, apiKey: own.key, source: 'secret' };
	const decision = envKeyFor(provider, env, allowed);
	if (decision.kind === 'key') return { ok: true, apiKey: decision.apiKey, source: 'env' };
	const setCommand = `run "Prompt Lens: Set API Key" and choose ${provider.id}`;
	if (decision.kind === 'refused' && decision.reason === 'not-allowed' && env[decision.env]?.trim()) {
		return { ok: false, message: `${capitalize(decision.message)} Allow it, or ${setCommand} to store a key for it.`, consent: { env: decision.env, host: decision.host } };
	}
	if (provider.keyOptional) return { ok: true, source: 'none' };
	if (own) {
		return { ok: false, message: `The API key stored for "${provider.id}" was set for ${own.baseURL}, but "${provider.id}" now points at ${provider.baseURL}. Keys are sent only to the address they were set for: ${setCommand} to use it with this address.` };
	}
	if (decision.kind === 'refused') return { ok: false, message: `${capitalize(decision.message)} To use ${provider.id}, ${setCommand}.` };
	const envHint = decision.env ? ` or set the ${decision.env} environment variable` : '';
	return { ok: false, message: `No API key for "${provider.id}" (${provider.baseURL}): ${setCommand}${envHint}.` };
}

function capitalize(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Defensive: whatever text we log or show, the key is cut out of it. */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
	let out = text;
	for (const secret of secrets) if (secret && secret.length >= 4) out = out.split(secret).join('***');
	return out;
}

/** Prefixed names never reach the catalog; the client has none (the server resolved bare names into `plan.provider`). */
const NO_CATALOG: ModelCatalog = { models: [], source: { name: 'none', date: '', origin: 'none' } };

/** Where a plan runs: the provider id the server found (or the model's own prefix) among the presets and the user's providers. */
export function runTarget(plan: Pick<RunPlan, 'provider' | 'model' | 'request'>, userProviders: ProviderConfig[]): ProviderResolution {
	return resolveProvider(plan.provider ? `${plan.provider}/${plan.request.model}` : plan.model, userProviders, NO_CATALOG);
}

/** The provider a key is set for, as the settings define it now (its baseURL is what the key gets bound to). */
export function providerById(id: string, userProviders: ProviderConfig[]): ProviderResolution {
	return resolveProvider(`${id}/model`, userProviders, NO_CATALOG);
}

/** Presets and the user's providers, each id once (the settings' entry replaces the preset's). */
export function providerIds(userProviders: ProviderConfig[]): string[] {
	return [...new Set([...PRESET_PROVIDERS.map((p) => p.id), ...userProviders.map((p) => p.id)])];
}
