// Counts a chunk whose BPE pieces may be too long to encode quickly: long pieces are estimated slice by slice.
import type { Encoder } from './encoders';

/*
 * BPE merging is quadratic in a piece's length: one unbroken 100 kB run (minified base64, a wall of CJK without
 * punctuation, 100k spaces) takes seconds in every BPE library. Pieces longer than PIECE_CAP are cut into SLICE-sized
 * slices counted exactly; each cut can add about one token, so the estimate is high by at most one token per
 * SLICE characters (≤ 3 % on runs of one repeated letter, far less on real text).
 */
export const PIECE_CAP = 4_000;
const SLICE = 256;

export interface ChunkCount {
	tokens: number;
	approximate: boolean;
}

/*
 * gpt-tokenizer 4.0.0 differs from OpenAI's tiktoken on two rare characters: JavaScript's `\s` includes U+FEFF and
 * excludes U+0085 (Rust's is the other way round), and its byte decoder drops a leading byte-order mark during
 * merges. Text holding either is counted as usual (off by about one token per occurrence) and flagged.
 */
const DIVERGENT = /[\ufeff\u0085]/;

/** The count of one chunk: exact unless it holds a piece longer than PIECE_CAP or a character listed above. */
export function countChunk(chunk: string, encoder: Encoder): ChunkCount {
	const divergent = DIVERGENT.test(chunk);
	if (chunk.length <= PIECE_CAP) return { tokens: encoder.count(chunk), approximate: divergent };
	const long = longPieceSpans(chunk, encoder.splitRegex);
	if (long.length === 0) return { tokens: encoder.count(chunk), approximate: divergent };
	let tokens = 0;
	let from = 0;
	for (const [start, end] of long) {
		if (start > from) tokens += encoder.count(chunk.slice(from, start));
		tokens += countInSlices(chunk.slice(start, end), encoder);
		from = end;
	}
	if (from < chunk.length) tokens += encoder.count(chunk.slice(from));
	return { tokens, approximate: true };
}

/** [start, end) of every piece of the encoding's own pre-split longer than PIECE_CAP. */
function longPieceSpans(chunk: string, splitRegex: RegExp): [number, number][] {
	const spans: [number, number][] = [];
	splitRegex.lastIndex = 0;
	for (let match = splitRegex.exec(chunk); match !== null; match = splitRegex.exec(chunk)) {
		const piece = match[0];
		if (piece.length > PIECE_CAP) spans.push([match.index, match.index + piece.length]);
		// The split regexes never match empty, but a zero-length match would loop forever.
		if (piece.length === 0) splitRegex.lastIndex++;
	}
	return spans;
}

/** Counts a long piece as consecutive slices, never splitting a surrogate pair. */
function countInSlices(piece: string, encoder: Encoder): number {
	let tokens = 0;
	for (let start = 0; start < piece.length;) {
		let end = Math.min(piece.length, start + SLICE);
		const last = piece.charCodeAt(end - 1);
		if (end < piece.length && last >= 0xd800 && last <= 0xdbff) end++;
		tokens += encoder.count(piece.slice(start, end));
		start = end;
	}
	return tokens;
}
