// Types of the model catalog: prices per million tokens, context windows, tokenizers, capabilities and where each fact came from.

export interface PriceTier {
	/** applies when input tokens exceed this */
	aboveInputTokens: number;
	inputPerMTok: number;
	outputPerMTok: number;
	cachedInputPerMTok?: number;
}

export interface ModelPrice {
	inputPerMTok: number;
	outputPerMTok: number;
	cachedInputPerMTok?: number;
	/** Long-context prices, by ascending threshold; the whole request is billed at the tier its input falls in. */
	tiers?: PriceTier[];
}

export type TokenizerId = 'o200k_base' | 'cl100k_base' | 'approx';

/** `undefined` means unknown, not unsupported. */
export interface ModelCapabilities {
	vision?: boolean;
	pdf?: boolean;
	jsonSchema?: boolean;
	tools?: boolean;
}

export interface PriceSource {
	name: string;
	url?: string;
	date: string;
	/** 'snapshot' | 'overlay' | 'settings' */
	origin: string;
	/** The data package's version, for the snapshot. */
	version?: string;
}

/** genai-prices' own name-matching rule (all comparisons on the lowercased name). */
export type MatchRule =
	| { or: MatchRule[] }
	| { and: MatchRule[] }
	| { equals: string }
	| { starts_with: string }
	| { ends_with: string }
	| { contains: string }
	| { regex: string };

export interface ModelInfo {
	/** canonical id, e.g. 'gpt-4o-mini' */
	id: string;
	/** The provider selling at this price, as genai-prices names it: 'openai', 'anthropic', 'google', 'mistral', 'groq', 'openrouter', … */
	provider: string;
	/** display name if the data has one */
	name?: string;
	aliases: string[];
	/** undefined when unknown */
	price?: ModelPrice;
	contextWindow?: number;
	maxOutputTokens?: number;
	/** OpenAI families per DESIGN.md prefixes → o200k_base / cl100k_base; everything else 'approx' */
	tokenizer: TokenizerId;
	capabilities: ModelCapabilities;
	/** dated snapshots of a moving alias, newest first */
	snapshots?: string[];
	deprecation?: { date: string; replacement?: string };
	source: PriceSource;
	/** Names the data matches beyond the id and aliases (prefixes such as dated suffixes, substrings). */
	match?: MatchRule;
	/** What the price leaves out or simplifies (time-of-day prices, a scheduled change, no output price). */
	priceNote?: string;
	/** The data marks the model deprecated (without a date). */
	deprecated?: boolean;
}

export interface ProviderInfo {
	id: string;
	name: string;
	/** Providers whose models this one also serves (Azure → OpenAI, Vertex AI → Anthropic). */
	fallbacks?: string[];
}

export interface ModelCatalog {
	models: ModelInfo[];
	source: PriceSource;
	/** Every source that contributed: snapshot, overlay, and the settings when they added anything. */
	sources?: PriceSource[];
	providers?: ProviderInfo[];
}

/** A provider's moving name (`gemini-flash-latest`) and the model it serves today, as the provider documents it. */
export interface MovingAlias {
	/** The alias as the provider spells it, without a plugin prefix. */
	alias: string;
	/** The provider (genai-prices' id) that owns the alias. */
	provider: string;
	/** The model name it points at now (a catalog id or snapshot). */
	target: string;
	/** Where the provider says so, and when we read it. */
	url: string;
	checked: string;
}

export type ModelLookup =
	| { ok: true; model: ModelInfo; provider?: string; alias?: MovingAlias }
	| { ok: false; suggestions: string[] };
