// Counts a piece too long to encode quickly: slice by slice, each exact, the sum a stated estimate.

/*
 * BPE merging is superlinear in a piece's length: one unbroken 100 kB run (minified base64, a wall of CJK without
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

/** Counts text[from..to), a long piece, as consecutive slices through `count`, never splitting a surrogate pair. */
export function countInSlices(text: string, from: number, to: number, count: (slice: string) => number): number {
	let tokens = 0;
	for (let start = from; start < to;) {
		let end = Math.min(to, start + SLICE);
		const last = text.charCodeAt(end - 1);
		if (end < to && last >= 0xd800 && last <= 0xdbff) end++;
		tokens += count(text.slice(start, end));
		start = end;
	}
	return tokens;
}
