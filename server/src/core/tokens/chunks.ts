// Cuts a text into chunks whose token counts add up exactly to the whole text's count, at content-chosen points.

/*
 * Why these cuts are exact: both encodings pre-split text with a regex before BPE, and BPE never merges across
 * pieces. A cut is safe when the whole-text pieces never span it and no piece near it depends on what lies beyond
 * it. After a `\n` whose following whitespace run holds no further line break and ends in a non-space:
 *  - `\s*[\r\n]+` (o200k) and `\s*[\r\n]` (cl100k) stop at the last line break of a whitespace run;
 *  - punctuation pieces swallow trailing `[\r\n/]*` (o200k), hence no cut before a `/`;
 *  - cl100k's `\s+$` would match "\n  " at the very end of a text, hence no cut before trailing whitespace;
 *  - letter pieces may start with one non-letter, but never with \r or \n.
 * The property tests check the sum against a whole-text count on random documents and edits.
 */

/** Every safe cut is a candidate; keeping about one in this many gives ~0.5–4 kB chunks on ordinary text. */
const KEEP_ONE_IN = 8;
/** A chunk that grows past this is cut at the next safe point anyway (e.g. thousands of identical lines). */
const MAX_CHUNK = 16_384;
/** How many characters before a cut decide whether it is kept: a local look, so an edit moves only nearby cuts. */
const HASH_WINDOW = 12;

const LF = 10;
const CR = 13;
const SLASH = 47;

/**
 * Whitespace as both JavaScript's `\s` and Unicode White_Space (tiktoken, and our pieces.ts) see it: the union, so a
 * cut is safe under either definition. They differ only in U+FEFF (JS) and U+0085 (Unicode).
 */
export function isRegexSpace(code: number): boolean {
	if (code <= 32) return code === 32 || (code >= 9 && code <= 13);
	if (code < 0x85) return false;
	return code === 0x85 || code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028
		|| code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}

/** Whether the text may be cut at `at`, which is just after a `\n`. */
export function isSafeCut(text: string, at: number): boolean {
	if (at >= text.length || text.charCodeAt(at) === SLASH) return false;
	for (let i = at; i < text.length; i++) {
		const code = text.charCodeAt(i);
		if (code === LF || code === CR) return false;
		if (!isRegexSpace(code)) return true;
	}
	return false;
}

/** A small hash of the characters just before a cut; content-defined, so the same line ending decides the same way. */
function keepCut(text: string, at: number): boolean {
	let hash = 0x811c9dc5;
	for (let i = Math.max(0, at - HASH_WINDOW); i < at; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
	hash ^= hash >>> 15;
	hash = Math.imul(hash, 0x2c1b3c6d);
	hash ^= hash >>> 12;
	return (hash >>> 0) % KEEP_ONE_IN === 0;
}

/**
 * End offsets of the chunks (the last is `text.length`). Cuts are chosen by content, not position, so inserting or
 * deleting text changes only the chunk around the edit (and a neighbour it may merge with); the rest keep their text
 * and so their cached counts.
 */
export function chunkEnds(text: string): number[] {
	const ends: number[] = [];
	let start = 0;
	let newline = text.indexOf('\n');
	while (newline !== -1) {
		const at = newline + 1;
		if (isSafeCut(text, at) && (keepCut(text, at) || at - start >= MAX_CHUNK)) {
			ends.push(at);
			start = at;
		}
		newline = text.indexOf('\n', at);
	}
	if (start < text.length || ends.length === 0) ends.push(text.length);
	return ends;
}

/** Every safe cut, none skipped: for tests that check the cut rule itself. */
export function allSafeCuts(text: string): number[] {
	const cuts: number[] = [];
	for (let newline = text.indexOf('\n'); newline !== -1; newline = text.indexOf('\n', newline + 1)) {
		if (isSafeCut(text, newline + 1)) cuts.push(newline + 1);
	}
	return cuts;
}
