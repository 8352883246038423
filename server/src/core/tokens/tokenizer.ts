// Token counting for the core: exact BPE counts for OpenAI encodings, cached per chunk, and a stated approximation.
import { chunkEnds } from './chunks';
import { loadEncoder, type Encoder, type EncodingId } from './encoders';
import type { ChunkCount } from './longPieces';
import { LruCache } from './lruCache';

export type { EncodingId } from './encoders';

export interface TokenCount {
	tokens: number;
	/** true when a cap or an approximation was applied */
	approximate: boolean;
}

/** Work done so far by one Tokenizer: lets tests and benchmarks see that an edit re-encodes only a few chunks. */
export interface TokenizerStats {
	/** Chunks encoded because the cache did not have them. */
	encodedChunks: number;
	/** Characters in those chunks. */
	encodedChars: number;
	/** Chunks answered from the cache. */
	cacheHits: number;
}

export interface Tokenizer {
	/** Exact BPE count with the encoding; special-token text like <|endoftext|> counted as plain text; runs longer than the cap are estimated and flagged. */
	count(text: string, encoding: EncodingId): TokenCount;
	/** For models without an offline tokenizer (Claude 3+, Gemini, Llama…): a stated approximation, always approximate: true. */
	approximate(text: string): TokenCount;
	/** Counters since creation (a snapshot). */
	stats(): TokenizerStats;
}

export interface TokenizerOptions {
	/** Chunks remembered per encoding (least recently used go first); 0 turns the cache off. Default 20,000. */
	chunkCacheSize?: number;
}

/**
 * How approximate() counts: o200k_base tokens × 1.1, rounded up. Measured on test/fixtures/tokens and the Dotprompt
 * examples against Llama 3's, Gemma's (Gemini's vocabulary) and Claude 2's tokenizers (Claude 3+'s is not public):
 * mean error 9–10 %, worst cases −21 % (CJK vs Claude 2) and +38 % (emoji vs Gemma). chars/4 was far worse (CJK −59 %).
 */
const APPROXIMATION_FACTOR = 1.1;

export const APPROXIMATION_NOTE =
	'This model has no tokenizer that runs offline, so its count is OpenAI\'s o200k_base count plus 10 %, which is usually within 15 % of the real count for English and code and can be off by up to 40 % for emoji or non-Latin scripts.';

const DEFAULT_CHUNK_CACHE_SIZE = 20_000;
/** Bounds the cache's memory too: chunk keys add up to at most this many characters per encoding. */
const MAX_CACHED_CHARS = 16_000_000;

export function createTokenizer(options: TokenizerOptions = {}): Tokenizer {
	const cacheSize = Math.max(0, Math.floor(options.chunkCacheSize ?? DEFAULT_CHUNK_CACHE_SIZE));
	const stats: TokenizerStats = { encodedChunks: 0, encodedChars: 0, cacheHits: 0 };
	const encoders = new Map<EncodingId, Encoder>();
	const caches = new Map<EncodingId, LruCache<number>>();

	const encoderFor = (encoding: EncodingId): Encoder => {
		let encoder = encoders.get(encoding);
		if (!encoder) {
			encoder = loadEncoder(encoding);
			encoders.set(encoding, encoder);
			caches.set(encoding, new LruCache<number>(cacheSize, MAX_CACHED_CHARS));
		}
		return encoder;
	};

	/** Cached as one number, tokens × 2 + approximate, to keep 20,000 entries small. */
	const cachedChunk = (chunk: string, encoder: Encoder, cache: LruCache<number>): ChunkCount => {
		const packed = cache.get(chunk);
		if (packed !== undefined) {
			stats.cacheHits++;
			return { tokens: packed >>> 1, approximate: (packed & 1) === 1 };
		}
		const counted = encoder.count(chunk);
		stats.encodedChunks++;
		stats.encodedChars += chunk.length;
		cache.set(chunk, counted.tokens * 2 + (counted.approximate ? 1 : 0));
		return counted;
	};

	const count = (text: string, encoding: EncodingId): TokenCount => {
		if (typeof text !== 'string' || text.length === 0) return { tokens: 0, approximate: false };
		if (encoding !== 'o200k_base' && encoding !== 'cl100k_base') return roughCount(text);
		try {
			const encoder = encoderFor(encoding);
			const cache = caches.get(encoding) as LruCache<number>;
			let tokens = 0;
			let approximate = false;
			let from = 0;
			for (const end of chunkEnds(text)) {
				const chunk = cachedChunk(from === 0 && end === text.length ? text : text.slice(from, end), encoder, cache);
				tokens += chunk.tokens;
				approximate ||= chunk.approximate;
				from = end;
			}
			return { tokens, approximate };
		} catch {
			// A bug in us or the library must not take the editor down; a rough count is better than none.
			return roughCount(text);
		}
	};

	const approximate = (text: string): TokenCount => {
		const base = count(text, 'o200k_base');
		return { tokens: Math.ceil(base.tokens * APPROXIMATION_FACTOR), approximate: true };
	};

	return { count, approximate, stats: () => ({ ...stats }) };
}

/** The last resort when no encoder can run: about four characters per token, as OpenAI documents for English. */
function roughCount(text: string): TokenCount {
	return { tokens: Math.ceil(text.length / 4), approximate: true };
}
