// Loads an encoding's BPE ranks once, on first use, and counts tokens with our own counting-only merge loop.
import { asciiPieceEnd } from './asciiPieces';
import { PieceCounter } from './bpeCount';
import { buildTable, type BpeTable } from './bpeTable';
import { countInSlices, PIECE_CAP, type ChunkCount } from './longPieces';
import { splitRegex } from './pieces';

export type EncodingId = 'o200k_base' | 'cl100k_base';

/**
 * Counts the BPE tokens of a text; special-token text such as `<|endoftext|>` is counted as ordinary text. Exact
 * unless a piece is longer than PIECE_CAP (then estimated and flagged, see longPieces.ts).
 */
export type CountFn = (text: string) => ChunkCount;

export interface Encoder {
	readonly count: CountFn;
}

/*
 * The ranks are read once per process and shared by every tokenizer: the tables are never written after they are
 * built. `require` inside a function (not a top-level import) keeps the 1–3 MB rank files out of start-up;
 * esbuild maps the specifier to dist/bpe-<encoding>.js (see esbuild.mjs).
 */
const tables = new Map<EncodingId, BpeTable>();

function tableFor(encoding: EncodingId): BpeTable {
	let table = tables.get(encoding);
	if (!table) {
		const packed = (encoding === 'o200k_base'
			// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use: the ranks are megabytes
			? require('prompt-lens-bpe-ranks/o200k_base')
			// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use: the ranks are megabytes
			: require('prompt-lens-bpe-ranks/cl100k_base')) as string;
		table = buildTable(packed);
		tables.set(encoding, table);
	}
	return table;
}

/*
 * No memo of pieces: counting a short piece (UTF-8, one hash, one probe) measured faster than looking its string up
 * in a Map (0.57 s vs 0.65 s on the bench corpus), and the merge loop's pair cache makes repeated merges cheap.
 */
export function loadEncoder(encoding: EncodingId): Encoder {
	const counter = new PieceCounter(tableFor(encoding));
	const split: Splitter = { regex: splitRegex(encoding), casedWords: encoding === 'o200k_base' };
	const countExact = (text: string): number => countPieces(text, split, counter, null);
	const count = (text: string): ChunkCount => {
		const long = { found: false };
		const tokens = countPieces(text, split, counter, (from, to) => {
			long.found = true;
			return countInSlices(text, from, to, countExact);
		});
		return { tokens, approximate: long.found };
	};
	return { count };
}

/** How an encoding finds pieces: ASCII words and numbers by a scan, the rest by its sticky regex. */
interface Splitter {
	readonly regex: RegExp;
	readonly casedWords: boolean;
}

/** The end of the piece starting at `from`. */
function pieceEnd(text: string, from: number, split: Splitter): number {
	const end = asciiPieceEnd(text, from, split.casedWords);
	if (end > from) return end;
	split.regex.lastIndex = from;
	// The patterns match every character; a failed match would reset lastIndex, so step one unit then.
	const to = split.regex.test(text) ? split.regex.lastIndex : from + 1;
	return to > from ? to : from + 1;
}

/** Splits the text into pieces and counts each; pieces over the cap go to `long`. */
function countPieces(text: string, split: Splitter, counter: PieceCounter,
	long: ((from: number, to: number) => number) | null): number {
	let tokens = 0;
	for (let from = 0; from < text.length;) {
		const to = pieceEnd(text, from, split);
		tokens += long !== null && to - from > PIECE_CAP ? long(from, to) : counter.count(text, from, to);
		from = to;
	}
	return tokens;
}
