// The model catalog: genai-prices snapshot + hand-kept overlay + the user's `promptLens.models`, and name resolution with did-you-mean.
import { movingAliasFor } from './movingAliases';
import type { MatchRule, ModelCapabilities, ModelCatalog, ModelInfo, ModelLookup, ModelPrice, PriceSource, ProviderInfo } from './types';

interface SnapshotModel {
	id: string;
	provider: string;
	name?: string;
	aliases?: string[];
	match?: unknown;
	price?: ModelPrice;
	priceNote?: string;
	contextWindow?: number;
	deprecated?: boolean;
}

interface OverlayEntry {
	id: string;
	provider?: string;
	maxOutputTokens?: number;
	contextWindow?: number;
	capabilities?: ModelCapabilities;
	snapshots?: string[];
	deprecation?: { date: string; replacement?: string };
}

interface SnapshotFile {
	source: { name: string; version: string; url: string; date: string };
	providers: ProviderInfo[];
	models: SnapshotModel[];
}

interface OverlayFile {
	source: PriceSource;
	models: OverlayEntry[];
}

// `require`, not `import`: esbuild inlines both, but an imported 300 kB JSON makes tsc infer (and check) a literal type for every model.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- see above
const snapshot = require('./catalog.json') as SnapshotFile;
// eslint-disable-next-line @typescript-eslint/no-require-imports -- see above
const overlay = require('./overlay.json') as OverlayFile;

/** Dotprompt / Genkit plugin prefixes → the genai-prices providers whose prices apply. An empty list: a local runtime, priced by settings only. */
const PREFIXES: Readonly<Record<string, readonly string[]>> = {
	openai: ['openai'], googleai: ['google'], 'google-genai': ['google'], gemini: ['google'], google: ['google'],
	vertexai: ['google', 'anthropic', 'mistral'], vertex: ['google', 'anthropic', 'mistral'],
	anthropic: ['anthropic'], mistral: ['mistral'], mistralai: ['mistral'], groq: ['groq'], openrouter: ['openrouter'],
	together: ['together'], togetherai: ['together'], fireworks: ['fireworks'], deepseek: ['deepseek'],
	xai: ['x-ai'], grok: ['x-ai'], cohere: ['cohere'], bedrock: ['aws'], 'aws-bedrock': ['aws'], azure: ['azure'],
	azureopenai: ['azure'], 'azure-openai': ['azure'], perplexity: ['perplexity'], cerebras: ['cerebras'], moonshot: ['moonshotai'],
	ollama: [], lmstudio: [], 'lm-studio': [], vllm: [], llamacpp: [], localai: [], local: [], custom: [],
};

/** Bare names prefer the model makers' own prices, then inference hosts, then resellers and aggregators. */
const MAKERS = ['openai', 'anthropic', 'google', 'mistral', 'deepseek', 'x-ai', 'cohere', 'moonshotai', 'zai', 'zhipuai', 'minimax', 'perplexity', 'voyageai', 'arcee'];
const RESELLERS = ['aws', 'azure', 'github-copilot', 'cursor', 'openrouter'];

const O200K = /^(?:chatgpt-4o|gpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|o1|o3|o4)(?:$|[-.:_@])/;
const CL100K = /^(?:gpt-4|gpt-3\.5|gpt-35)(?:$|[-:_@])/;
const DATE8 = /-(20\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?=$|[-:@])/;
const SUFFIX = /(?:[-@](?:20\d{2}-\d{2}-\d{2}|20\d{6}|\d{2}-\d{2}|\d{3,4}|latest|preview|exp|beta|v\d+)|:[\w.-]*)$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** Longer names are not model names; refusing them bounds the work (and the recursion through `a/b/c/…`). */
const MAX_NAME = 300;

/** DESIGN.md's family prefixes: the OpenAI encoding of a model id (`openai/` and `ft:` wrappers allowed), or undefined. */
export function encodingForModelId(id: string): 'o200k_base' | 'cl100k_base' | undefined {
	if (typeof id !== 'string') return undefined;
	const lower = id.trim().toLowerCase();
	const slash = lower.lastIndexOf('/');
	if (slash >= 0 && lower.slice(0, slash).split('/').pop() !== 'openai') return undefined;
	const bare = lower.slice(slash + 1).replace(/^ft:/, '');
	if (O200K.test(bare)) return 'o200k_base';
	return CL100K.test(bare) ? 'cl100k_base' : undefined;
}

const DATA_PROVIDERS: ReadonlySet<string> = new Set(snapshot.providers.map((p) => p.id));
const SNAPSHOT_SOURCE: PriceSource = Object.freeze({ name: snapshot.source.name, url: snapshot.source.url, date: snapshot.source.date, version: snapshot.source.version, origin: 'snapshot' });
const OVERLAY_SOURCE: PriceSource = Object.freeze({ ...overlay.source });

function fromSnapshot(m: SnapshotModel): ModelInfo {
	const model: ModelInfo = { id: m.id, provider: m.provider, aliases: m.aliases ?? [], tokenizer: encodingForModelId(m.id) ?? 'approx', capabilities: {}, source: SNAPSHOT_SOURCE };
	if (m.name !== undefined) model.name = m.name;
	if (m.price !== undefined) model.price = m.price;
	if (m.contextWindow !== undefined) model.contextWindow = m.contextWindow;
	if (m.match !== undefined) model.match = m.match as MatchRule;
	if (m.priceNote !== undefined) model.priceNote = m.priceNote;
	if (m.deprecated) model.deprecated = true;
	return model;
}

function applyOverlay(model: ModelInfo, e: OverlayEntry): void {
	if (e.maxOutputTokens !== undefined) model.maxOutputTokens = e.maxOutputTokens;
	if (e.contextWindow !== undefined && model.contextWindow === undefined) model.contextWindow = e.contextWindow;
	if (e.capabilities) model.capabilities = { ...model.capabilities, ...e.capabilities };
	if (e.snapshots) model.snapshots = [...e.snapshots];
	if (e.deprecation) model.deprecation = { ...e.deprecation };
}

/** 0: providers only the settings know (self-hosted, custom); 1: model makers; 2: inference hosts; 3: resellers and aggregators. */
function rankOf(model: ModelInfo): number {
	if (MAKERS.includes(model.provider)) return 1;
	if (RESELLERS.includes(model.provider) || model.provider.startsWith('huggingface')) return 3;
	return DATA_PROVIDERS.has(model.provider) ? 2 : 0;
}

/** Stable: makers in MAKERS order, each keeping the data's order (match rules are tried first to last). */
function byRank(models: readonly ModelInfo[]): ModelInfo[] {
	return rankGroups(models).flat();
}

/** The models and what they hold are shared by every loadCatalog() result: freeze them so no caller can change another's. */
function freezeModel(m: ModelInfo): ModelInfo {
	for (const part of [m.aliases, m.price, m.price?.tiers, m.capabilities, m.snapshots, m.deprecation]) if (part) Object.freeze(part);
	return Object.freeze(m);
}

function buildBase(): readonly ModelInfo[] {
	const models = snapshot.models.map(fromSnapshot);
	const byId = new Map<string, ModelInfo[]>();
	for (const m of models) {
		const id = m.id.toLowerCase();
		byId.set(id, [...(byId.get(id) ?? []), m]);
	}
	for (const e of overlay.models) {
		for (const m of byId.get(e.id.toLowerCase()) ?? []) if (e.provider === undefined || e.provider === m.provider) applyOverlay(m, e);
	}
	return Object.freeze(byRank(models).map(freezeModel));
}

/** Parsed once when the module loads; never changed afterwards. */
const BASE: readonly ModelInfo[] = buildBase();
const PROVIDERS: readonly ProviderInfo[] = Object.freeze(snapshot.providers.map((p) => Object.freeze({ ...p })));

// ---- promptLens.models ----

interface UserModel {
	id: string;
	provider?: string;
	fields: Partial<Pick<ModelInfo, 'name' | 'contextWindow' | 'maxOutputTokens' | 'tokenizer' | 'capabilities'>>;
	aliases?: string[];
	price: Partial<Pick<ModelPrice, 'inputPerMTok' | 'outputPerMTok' | 'cachedInputPerMTok'>>;
	date?: string;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' && v.length <= 200 ? v.trim() : undefined);
const rate = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined);
const count = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : undefined);
const defined = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

function capabilitiesOf(v: unknown): ModelCapabilities | undefined {
	if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
	const c = v as Record<string, unknown>;
	const out = defined({ vision: c.vision, pdf: c.pdf, jsonSchema: c.jsonSchema, tools: c.tools });
	return Object.values(out).every((b) => typeof b === 'boolean') && Object.keys(out).length > 0 ? (out as ModelCapabilities) : undefined;
}

/** One setting entry, or undefined when it has no usable id. Fields of the wrong type are dropped, never fatal. */
function parseUserModel(raw: unknown): UserModel | undefined {
	if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
	const r = raw as Record<string, unknown>;
	const id = str(r.id);
	if (!id) return undefined;
	const tokenizer = r.tokenizer === 'o200k_base' || r.tokenizer === 'cl100k_base' || r.tokenizer === 'approx' ? r.tokenizer : undefined;
	const aliases = Array.isArray(r.aliases) ? r.aliases.map(str).filter((a): a is string => a !== undefined).map((a) => a.toLowerCase()) : undefined;
	return {
		id,
		provider: str(r.provider)?.toLowerCase(),
		fields: defined({ name: str(r.name), contextWindow: count(r.contextWindow), maxOutputTokens: count(r.maxOutputTokens), tokenizer, capabilities: capabilitiesOf(r.capabilities) }),
		aliases,
		price: defined({ inputPerMTok: rate(r.inputPerMTok), outputPerMTok: rate(r.outputPerMTok), cachedInputPerMTok: rate(r.cachedInputPerMTok) }),
		date: typeof r.date === 'string' && ISO_DATE.test(r.date) ? r.date : undefined,
	};
}

function settingsSource(u: UserModel): PriceSource {
	return { name: 'your settings (promptLens.models)', date: u.date ?? 'undated', origin: 'settings' };
}

/** Fields the entry gives replace the model's; a new price drops the data's tiers (they belonged to the old price). */
function overrideModel(base: ModelInfo | undefined, u: UserModel): ModelInfo {
	const model: ModelInfo = base
		? { ...base, aliases: [...base.aliases], capabilities: { ...base.capabilities } }
		: { id: u.id, provider: u.provider ?? 'custom', aliases: [], tokenizer: encodingForModelId(u.id) ?? 'approx', capabilities: {}, source: settingsSource(u) };
	Object.assign(model, u.fields, u.fields.capabilities ? { capabilities: { ...model.capabilities, ...u.fields.capabilities } } : {});
	if (u.aliases) model.aliases = [...new Set([...model.aliases, ...u.aliases])];
	if (Object.keys(u.price).length > 0) {
		const old = base?.price;
		model.price = defined({ inputPerMTok: u.price.inputPerMTok ?? old?.inputPerMTok ?? 0, outputPerMTok: u.price.outputPerMTok ?? old?.outputPerMTok ?? 0, cachedInputPerMTok: u.price.cachedInputPerMTok ?? old?.cachedInputPerMTok });
		model.source = settingsSource(u);
	}
	return model;
}

function applyUserModel(models: ModelInfo[], u: UserModel): ModelInfo[] {
	const id = u.id.toLowerCase();
	const hits = models.filter((m) => m.id.toLowerCase() === id && (u.provider === undefined || m.provider === u.provider));
	if (hits.length === 0) return [overrideModel(undefined, u), ...models];
	return models.map((m) => (hits.includes(m) ? overrideModel(m, u) : m));
}

/** The snapshot and overlay, plus `promptLens.models` (an array of entries; anything malformed is skipped). Never throws. */
export function loadCatalog(userModels?: unknown): ModelCatalog {
	const sources = [SNAPSHOT_SOURCE, OVERLAY_SOURCE];
	const entries = Array.isArray(userModels) ? userModels.map(parseUserModel).filter((u): u is UserModel => u !== undefined) : [];
	if (entries.length === 0) return { models: [...BASE], source: SNAPSHOT_SOURCE, sources, providers: [...PROVIDERS] };
	let models = [...BASE];
	for (const u of entries) models = applyUserModel(models, u);
	const settings: PriceSource = { name: 'your settings (promptLens.models)', date: 'undated', origin: 'settings' };
	return { models: byRank(models), source: SNAPSHOT_SOURCE, sources: [...sources, settings], providers: [...PROVIDERS] };
}

// ---- resolution ----

function matches(rule: MatchRule, name: string): boolean {
	try {
		if ('or' in rule) return rule.or.some((r) => matches(r, name));
		if ('and' in rule) return rule.and.every((r) => matches(r, name));
		if ('equals' in rule) return name === rule.equals.toLowerCase();
		if ('starts_with' in rule) return name.startsWith(rule.starts_with.toLowerCase());
		if ('ends_with' in rule) return name.endsWith(rule.ends_with.toLowerCase());
		if ('contains' in rule) return name.includes(rule.contains.toLowerCase());
		return 'regex' in rule && new RegExp(rule.regex).test(name);
	} catch {
		return false;
	}
}

type Stage = (m: ModelInfo, name: string) => boolean;
const STAGES: readonly Stage[] = [
	(m, name) => m.id.toLowerCase() === name,
	(m, name) => m.aliases.includes(name) || (m.snapshots?.includes(name) ?? false),
	(m, name) => m.match !== undefined && matches(m.match, name),
];

/** Exact ids first, then aliases and snapshots, then the data's match rules; a group of equally trusted providers at a time. */
function findIn(groups: ModelInfo[][], name: string): ModelInfo | undefined {
	for (const group of groups) {
		for (const stage of STAGES) {
			const hit = group.find((m) => stage(m, name));
			if (hit) return hit;
		}
	}
	return undefined;
}

/** The name itself, then with `-20240806` read as `-2024-08-06`, then without trailing dates, versions and tags. */
function variants(name: string): string[] {
	const out = [name];
	const dated = name.replace(DATE8, '-$1-$2-$3');
	if (dated !== name) out.push(dated);
	for (let n = name, i = 0; SUFFIX.test(n) && i < 4; i++) {
		n = n.replace(SUFFIX, '');
		if (n.length > 1) out.push(n);
	}
	return out;
}

function find(groups: ModelInfo[][], name: string): ModelInfo | undefined {
	for (const variant of variants(name)) {
		const hit = findIn(groups, variant);
		if (hit) return hit;
	}
	return undefined;
}

/** Settings-only providers; then each model maker on its own (Vertex AI's Claude must not shadow Anthropic's); then hosts; then resellers. */
function rankGroups(models: readonly ModelInfo[]): ModelInfo[][] {
	const groups: ModelInfo[][] = Array.from({ length: MAKERS.length + 3 }, () => []);
	for (const m of models) {
		const rank = rankOf(m);
		groups[rank === 0 ? 0 : rank === 1 ? 1 + MAKERS.indexOf(m.provider) : MAKERS.length + rank - 1].push(m);
	}
	return groups.filter((g) => g.length > 0);
}

const prefixProviders = (head: string): readonly string[] | undefined => (Object.hasOwn(PREFIXES, head) ? PREFIXES[head] : undefined);

function scopeOf(catalog: ModelCatalog, prefix: string): ModelInfo[] {
	const providers = [...(prefixProviders(prefix) ?? []), prefix];
	for (const p of [...providers]) for (const f of catalog.providers?.find((x) => x.id === p)?.fallbacks ?? []) providers.push(f);
	const unique = [...new Set(providers)];
	return unique.flatMap((p) => catalog.models.filter((m) => m.provider === p));
}

/** `provider/name` (Genkit plugin prefixes, `openrouter/vendor/name`) or a bare name, alias or dated snapshot; case-insensitive. */
export function resolveModel(catalog: ModelCatalog, name: string): ModelLookup {
	const raw = typeof name === 'string' ? name.trim().toLowerCase() : '';
	if (raw === '' || raw.length > MAX_NAME || !catalog || !Array.isArray(catalog.models)) return { ok: false, suggestions: [] };
	const slash = raw.indexOf('/');
	const head = slash > 0 ? raw.slice(0, slash) : '';
	const known = head !== '' && (prefixProviders(head) !== undefined || catalog.models.some((m) => m.provider === head));
	if (!known) {
		const aliased = resolveAlias(catalog, raw, catalog.models, undefined);
		if (aliased) return aliased;
		const model = find(rankGroups(catalog.models), raw);
		return model ? { ok: true, model } : { ok: false, suggestions: suggestIn(rankTiers(catalog.models), raw, '') };
	}
	const rest = raw.slice(slash + 1);
	const scope = scopeOf(catalog, head);
	const aliased = resolveAlias(catalog, rest, scope, [...new Set(scope.map((m) => m.provider))]);
	if (aliased) return { ...aliased, provider: head };
	const mapped = prefixProviders(head);
	const local = mapped ? mapped.length === 0 : !DATA_PROVIDERS.has(head);
	const model = find([scope], rest) ?? (rest.includes('/') || local ? resolveInner(catalog, rest) : undefined);
	if (model) return { ok: true, model, provider: head };
	return { ok: false, suggestions: suggestIn(scope.length > 0 ? [scope] : rankTiers(catalog.models), rest, `${head}/`) };
}

/**
 * A provider's moving alias resolves to the model the provider documents behind it, not to what is left after cutting
 * `-latest` (`gemini-pro-latest` is not Gemini 1.0 Pro). A name the user's settings define themselves stays theirs.
 */
function resolveAlias(catalog: ModelCatalog, name: string, scope: readonly ModelInfo[], providers: readonly string[] | undefined): (ModelLookup & { ok: true }) | undefined {
	const alias = movingAliasFor(name, providers);
	if (!alias || scope.some((m) => m.source.origin === 'settings' && m.id.toLowerCase() === name)) return undefined;
	const own = catalog.models.filter((m) => m.provider === alias.provider);
	const model = find([own], alias.target.toLowerCase());
	return model ? { ok: true, model, alias } : undefined;
}

function resolveInner(catalog: ModelCatalog, rest: string): ModelInfo | undefined {
	const inner = resolveModel(catalog, rest);
	return inner.ok ? inner.model : undefined;
}

// ---- did you mean ----

/** Levenshtein distance, or `limit + 1` as soon as it must exceed `limit`; `rows` is scratch space of at least 2 × (b.length + 1). */
function distance(a: string, b: string, limit: number, rows: Uint16Array): number {
	if (Math.abs(a.length - b.length) > limit) return limit + 1;
	const width = b.length + 1;
	let prev = 0;
	let cur = width;
	for (let j = 0; j < width; j++) rows[j] = j;
	for (let i = 1; i <= a.length; i++) {
		rows[cur] = i;
		let best = i;
		const ca = a.charCodeAt(i - 1);
		for (let j = 1; j < width; j++) {
			const cost = ca === b.charCodeAt(j - 1) ? 0 : 1;
			const v = Math.min(rows[prev + j] + 1, rows[cur + j - 1] + 1, rows[prev + j - 1] + cost);
			rows[cur + j] = v;
			if (v < best) best = v;
		}
		if (best > limit) return limit + 1;
		[prev, cur] = [cur, prev];
	}
	return rows[prev + width - 1];
}

/** Makers, hosts and settings first; resellers and aggregators (mostly the same models under longer names) only if those have nothing close. */
function rankTiers(models: readonly ModelInfo[]): ModelInfo[][] {
	return [models.filter((m) => rankOf(m) < 3), models.filter((m) => rankOf(m) === 3)];
}

function suggestIn(tiers: readonly ModelInfo[][], name: string, prefix: string): string[] {
	for (const tier of tiers) {
		const found = suggest(tier, name, prefix);
		if (found.length > 0) return found;
	}
	return [];
}

/** Up to three names close to what was written, nearest first; each with the prefix the user wrote. */
function suggest(models: readonly ModelInfo[], name: string, prefix: string): string[] {
	const limit = Math.max(2, Math.floor(name.length / 3));
	const rows = new Uint16Array(2 * (name.length + limit + 1));
	const seen = new Set<string>();
	const scored: { candidate: string; d: number }[] = [];
	for (const m of models) {
		for (const candidate of [m.id, ...m.aliases, ...(m.snapshots ?? [])]) {
			const key = candidate.toLowerCase();
			if (seen.has(key)) continue;
			seen.add(key);
			const d = distance(name, key, limit, rows);
			if (d <= limit) scored.push({ candidate, d });
		}
	}
	return scored.sort((a, b) => a.d - b.d).slice(0, 3).map(({ candidate }) => `${prefix}${candidate}`);
}
