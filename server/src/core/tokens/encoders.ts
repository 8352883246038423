// Loads gpt-tokenizer's BPE for one encoding on first use and wraps it as a plain counting function.
import type { GptEncoding } from 'gpt-tokenizer/GptEncoding';

export type EncodingId = 'o200k_base' | 'cl100k_base';

/** Counts the BPE tokens of a text; special-token text such as `<|endoftext|>` is counted as ordinary text. */
export type CountFn = (text: string) => number;

/** The library's own piece-splitting regex for an encoding; used to find pieces too long to encode quickly. */
export interface Encoder {
	readonly count: CountFn;
	readonly splitRegex: RegExp;
}

type RanksModule = { default: (string | number[])[] };
type ConstantsModule = typeof import('gpt-tokenizer/encodingParams/constants');

/*
 * `require` inside functions (not top-level imports) so esbuild evaluates the 1–2.4 MB rank tables only when an
 * encoding is first used; a server that never counts with cl100k_base never parses it. The rank tables are
 * module-level but never written to; the GptEncoding (with its mutable merge cache) belongs to one Tokenizer.
 */
function loadRanks(encoding: EncodingId): RanksModule {
	return encoding === 'o200k_base'
		// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use: the ranks are megabytes
		? (require('gpt-tokenizer/bpeRanks/o200k_base') as RanksModule)
		// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use: the ranks are megabytes
		: (require('gpt-tokenizer/bpeRanks/cl100k_base') as RanksModule);
}

/** Neither allowed nor disallowed: user text may contain `<|endoftext|>`, which must count as text, not throw. */
const AS_TEXT = { disallowedSpecial: new Set<string>() } as const;

export function loadEncoder(encoding: EncodingId): Encoder {
	// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use: the ranks are megabytes
	const { GptEncoding: Encoding } = require('gpt-tokenizer/GptEncoding') as { GptEncoding: typeof GptEncoding };
	// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use: the ranks are megabytes
	const constants = require('gpt-tokenizer/encodingParams/constants') as ConstantsModule;
	const ranks = loadRanks(encoding).default;
	const api = Encoding.getEncodingApi(encoding, () => ranks);
	const shared = encoding === 'o200k_base' ? constants.O200K_TOKEN_SPLIT_REGEX : constants.CL100K_TOKEN_SPLIT_REGEX;
	return {
		count: (text) => api.countTokens(text, AS_TEXT),
		// A private copy: the library's regex is global and stateful (lastIndex).
		splitRegex: new RegExp(shared.source, shared.flags),
	};
}
