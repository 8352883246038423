// Which OpenAI-compatible endpoint a model runs on: the preset providers, the user's own, and `provider/name` resolution.
import { resolveModel } from '../models/catalog';
import type { ModelCatalog } from '../models/types';
import type { ProviderSetting } from '../settings';
import type { ProviderConfig } from './runTypes';

export const PRESET_PROVIDERS: readonly ProviderConfig[] = Object.freeze([
	{ id: 'openai', baseURL: 'https://api.openai.com/v1', apiKeyEnv: 'OPENAI_API_KEY', origin: 'preset' },
	// Every Azure resource has its own host, so the preset cannot work until the user gives it (see resolveProvider).
	{ id: 'azure-openai', baseURL: '', apiKeyEnv: 'AZURE_OPENAI_API_KEY', origin: 'preset' },
	{ id: 'anthropic', baseURL: 'https://api.anthropic.com/v1', apiKeyEnv: 'ANTHROPIC_API_KEY', origin: 'preset' },
	{ id: 'googleai', baseURL: 'https://generativelanguage.googleapis.com/v1beta/openai', apiKeyEnv: 'GEMINI_API_KEY', origin: 'preset' },
	{ id: 'ollama', baseURL: 'http://localhost:11434/v1', keyOptional: true, origin: 'preset' },
	{ id: 'lmstudio', baseURL: 'http://localhost:1234/v1', keyOptional: true, origin: 'preset' },
	{ id: 'vllm', baseURL: 'http://localhost:8000/v1', keyOptional: true, origin: 'preset' },
	{ id: 'openrouter', baseURL: 'https://openrouter.ai/api/v1', apiKeyEnv: 'OPENROUTER_API_KEY', origin: 'preset' },
	{ id: 'groq', baseURL: 'https://api.groq.com/openai/v1', apiKeyEnv: 'GROQ_API_KEY', origin: 'preset' },
].map((p) => Object.freeze(p as ProviderConfig)));

/** Genkit plugin names and genai-prices provider ids → our preset ids. */
const ALIASES: Readonly<Record<string, string>> = {
	google: 'googleai', gemini: 'googleai', 'google-genai': 'googleai',
	azure: 'azure-openai', azureopenai: 'azure-openai', 'lm-studio': 'lmstudio',
};

export type ProviderResolution = { ok: true; provider: ProviderConfig; modelId: string } | { ok: false; message: string };

const AZURE_HINT = 'Azure OpenAI needs your resource\'s address: add `{ "id": "azure-openai", "baseURL": "https://<resource>.openai.azure.com/openai/v1" }` to the `promptLens.providers` setting, then run again.';

/**
 * `provider/name` runs `name` on that provider (a user provider replaces the preset of the same id); a bare name runs on the
 * provider the catalog sells it from. The model id sent is what follows the prefix, as written (`openrouter/meta/llama` → `meta/llama`).
 */
export function resolveProvider(model: string, userProviders: ProviderConfig[], catalog: ModelCatalog): ProviderResolution {
	const name = model.trim();
	if (name === '') return { ok: false, message: 'The prompt names no model: add `model: provider/name` (e.g. `openai/gpt-4o-mini`) to its frontmatter.' };
	const slash = name.indexOf('/');
	const provider = slash > 0 ? findProvider(name.slice(0, slash), userProviders) : undefined;
	if (provider) return usable(provider, name.slice(slash + 1));
	return byCatalog(name, userProviders, catalog);
}

/** A name without a known prefix (`gpt-4o-mini`, or `vertexai/gemini-2.0-flash` whose plugin has no endpoint here): the catalog's provider. */
function byCatalog(name: string, userProviders: ProviderConfig[], catalog: ModelCatalog): ProviderResolution {
	const slash = name.indexOf('/');
	const head = slash > 0 ? name.slice(0, slash) : '';
	const sellerId = catalogProviderOf(name, catalog);
	if (sellerId === undefined && head !== '') {
		return { ok: false, message: `No provider \`${head}\` to run \`${name}\` on. Known providers: ${knownIds(userProviders)}. To add your own endpoint, put \`{ "id": "${head}", "baseURL": "https://…/v1" }\` in the \`promptLens.providers\` setting.` };
	}
	if (sellerId === undefined) {
		return { ok: false, message: `Cannot tell which provider serves \`${name}\`: write the model as \`provider/name\` (e.g. \`openai/${name}\` or \`ollama/${name}\`).` };
	}
	const provider = findProvider(sellerId, userProviders);
	if (!provider) {
		return { ok: false, message: `\`${name}\` is sold by \`${sellerId}\`, which has no OpenAI-compatible preset here. Write the model as \`provider/name\` with one of: ${knownIds(userProviders)}, or add the endpoint to the \`promptLens.providers\` setting.` };
	}
	// `vertexai/x` resolved through the catalog to another provider: send the bare name, which that provider knows.
	return usable(provider, head !== '' ? name.slice(slash + 1) : name);
}

function catalogProviderOf(name: string, catalog: ModelCatalog): string | undefined {
	const lookup = resolveModel(catalog, name);
	return lookup.ok ? lookup.model.provider : undefined;
}

function usable(provider: ProviderConfig, modelId: string): ProviderResolution {
	if (modelId.trim() === '') return { ok: false, message: `The model name after \`${provider.id}/\` is missing.` };
	if (provider.baseURL === '') return { ok: false, message: provider.id === 'azure-openai' ? AZURE_HINT : `The provider \`${provider.id}\` has no baseURL: set one in the \`promptLens.providers\` setting.` };
	return { ok: true, provider, modelId };
}

/** User providers win over the preset of the same id, keeping the preset's key variable and keyOptional unless they set their own. */
function findProvider(id: string, userProviders: ProviderConfig[]): ProviderConfig | undefined {
	const wanted = id.toLowerCase();
	const canonical = ALIASES[wanted] ?? wanted;
	const user = userProviders.find((p) => p.id.toLowerCase() === wanted) ?? userProviders.find((p) => p.id.toLowerCase() === canonical);
	const preset = PRESET_PROVIDERS.find((p) => p.id === (user ? user.id.toLowerCase() : canonical));
	if (!user) return preset;
	if (!preset) return user;
	return { ...user, apiKeyEnv: user.apiKeyEnv ?? preset.apiKeyEnv, keyOptional: user.keyOptional ?? preset.keyOptional };
}

function knownIds(userProviders: ProviderConfig[]): string {
	return [...new Set([...PRESET_PROVIDERS.map((p) => p.id), ...userProviders.map((p) => p.id)])].map((id) => `\`${id}\``).join(', ');
}

const LOOPBACK = /^https?:\/\/(?:localhost|127\.\d+\.\d+\.\d+|\[::1\])(?::\d+)?(?:\/|$)/i;

/** `promptLens.providers` entries (already normalised) → providers; an endpoint on this machine needs no key. */
export function providersFromSettings(settings: ProviderSetting[], origin: 'user' | 'workspace'): ProviderConfig[] {
	return settings.map((s) => {
		const provider: ProviderConfig = { id: s.id, baseURL: s.baseURL.replace(/\/+$/, ''), origin };
		if (s.apiKeyEnv) provider.apiKeyEnv = s.apiKeyEnv;
		if (s.headers && Object.keys(s.headers).length > 0) provider.headers = { ...s.headers };
		if (LOOPBACK.test(s.baseURL)) provider.keyOptional = true;
		return provider;
	});
}
