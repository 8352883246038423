// The pre-split regexes of o200k_base and cl100k_base, with whitespace as tiktoken (Rust's regex) defines it.

/*
 * tiktoken splits text into pieces with these patterns before BPE; BPE never merges across pieces. They are
 * gpt-tokenizer's patterns with one change: JavaScript's `\s` includes U+FEFF and excludes U+0085, Rust's `\s` (Unicode
 * White_Space) the other way round, so `\s` is spelled out as Rust's class and those two characters count as tiktoken
 * counts them.
 */
const SPACE = String.raw`\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000`;
const CONTRACTION = String.raw`(?:'(?:[sS]|[dD]|[mM]|[tT]|[lL][lL]|[vV][eE]|[rR][eE]))`;
const UPPER = String.raw`[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]`;
const LOWER = String.raw`[\p{Ll}\p{Lm}\p{Lo}\p{M}]`;
const NOT_LETTER_OR_NUMBER = String.raw`[^\r\n\p{L}\p{N}]`;
const PUNCTUATION = String.raw`[^${SPACE}\p{L}\p{N}]`;
const WHITE = `[${SPACE}]`;
const NOT_WHITE = `[^${SPACE}]`;

const PATTERNS = {
	o200k_base: [
		`${NOT_LETTER_OR_NUMBER}?${UPPER}*${LOWER}+${CONTRACTION}?`,
		`${NOT_LETTER_OR_NUMBER}?${UPPER}+${LOWER}*${CONTRACTION}?`,
		String.raw`\p{N}{1,3}`,
		String.raw` ?${PUNCTUATION}+[\r\n/]*`,
		String.raw`${WHITE}*[\r\n]+`,
		`${WHITE}+(?!${NOT_WHITE})`,
		`${WHITE}+`,
	],
	cl100k_base: [
		CONTRACTION,
		String.raw`${NOT_LETTER_OR_NUMBER}?\p{L}+`,
		String.raw`\p{N}{1,3}`,
		String.raw` ?${PUNCTUATION}+[\r\n]*`,
		`${WHITE}+$`,
		String.raw`${WHITE}*[\r\n]`,
		`${WHITE}+(?!${NOT_WHITE})`,
		WHITE,
	],
} as const;

/** A new sticky regex (each caller its own: lastIndex is state) that matches the piece starting at lastIndex. */
export function splitRegex(encoding: keyof typeof PATTERNS): RegExp {
	return new RegExp(PATTERNS[encoding].join('|'), 'yu');
}
