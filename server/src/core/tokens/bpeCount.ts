// Counts the BPE tokens of one pre-split piece without building them: tiktoken's merge order, over typed arrays.
import { findBytes, hashByte, pairRank, type BpeTable } from './bpeTable';

/*
 * tiktoken merges, again and again, the adjacent pair whose concatenation has the lowest rank, the leftmost on a tie;
 * the count is the number of parts left. Short pieces rescan an array of pair ranks (as tiktoken does); longer ones
 * (a run of CJK is one piece of hundreds of bytes) keep a min-heap of (rank, position) over a linked list, so a
 * piece costs n·log n instead of n². Either way the merges and so the count are tiktoken's.
 */

const NONE = 0x7fffffff;
/** Up to this many bytes the rescan is cheaper than the heap. */
const SMALL = 48;
/** Heap keys are rank · POSITIONS + position; pieces are at most 4,000 UTF-16 units, so at most 12,000 bytes. */
const POSITIONS = 65_536;

/** A direct-mapped cache of pair lookups (left, right → merged or NONE): CJK text repeats the same byte pairs. */
const PAIR_CACHE_BITS = 16;

/** Scratch arrays for one encoding's counts; one per encoder, so concurrent tokenizers never share them. */
export class PieceCounter {
	private bytes = new Uint8Array(1024);
	private token = new Int32Array(1024);
	private rank = new Int32Array(1024);
	private next = new Int32Array(1024);
	private prev = new Int32Array(1024);
	private heap = new Float64Array(3072);
	private wholeHash = 0;
	private readonly pairLeft = new Int32Array(1 << PAIR_CACHE_BITS).fill(-1);
	private readonly pairRight = new Int32Array(1 << PAIR_CACHE_BITS);
	private readonly pairMerged = new Int32Array(1 << PAIR_CACHE_BITS);

	constructor(private readonly table: BpeTable) {}

	/** Tokens of text[from..to); the piece must be shorter than POSITIONS / 3 UTF-16 units. */
	count(text: string, from: number, to: number): number {
		const length = this.encode(text, from, to);
		if (length <= 1) return length;
		if (findBytes(this.table, this.bytes, 0, length, this.wholeHash) >= 0) return 1;
		for (let i = 0; i < length; i++) this.token[i] = this.table.byteToken[this.bytes[i]];
		return length <= SMALL ? this.mergeSmall(length) : this.mergeHeap(length);
	}

	/** UTF-8 of text[from..to) into `bytes` (lone surrogates as U+FFFD, as TextEncoder does); hashes it on the way. */
	private encode(text: string, from: number, to: number): number {
		if ((to - from) * 3 > this.bytes.length) this.grow((to - from) * 3);
		const bytes = this.bytes;
		let n = 0;
		for (let i = from; i < to; i++) {
			let code = text.charCodeAt(i);
			if (code < 0x80) {
				bytes[n++] = code;
				continue;
			}
			if (code < 0x800) {
				bytes[n++] = 0xc0 | (code >> 6);
			} else {
				if (code >= 0xd800 && code <= 0xdfff) {
					const low = i + 1 < to ? text.charCodeAt(i + 1) : 0;
					if (code <= 0xdbff && low >= 0xdc00 && low <= 0xdfff) {
						code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
						i++;
						bytes[n++] = 0xf0 | (code >> 18);
						bytes[n++] = 0x80 | ((code >> 12) & 0x3f);
					} else {
						code = 0xfffd;
						bytes[n++] = 0xe0 | (code >> 12);
					}
				} else {
					bytes[n++] = 0xe0 | (code >> 12);
				}
				bytes[n++] = 0x80 | ((code >> 6) & 0x3f);
			}
			bytes[n++] = 0x80 | (code & 0x3f);
		}
		let h = 0;
		for (let i = 0; i < n; i++) h = hashByte(h, bytes[i]);
		this.wholeHash = h;
		return n;
	}

	private grow(size: number): void {
		let capacity = this.bytes.length;
		while (capacity < size) capacity *= 2;
		this.bytes = new Uint8Array(capacity);
		this.token = new Int32Array(capacity);
		this.rank = new Int32Array(capacity);
		this.next = new Int32Array(capacity);
		this.prev = new Int32Array(capacity);
		// Each merge pushes at most two entries: at most three per byte in all.
		this.heap = new Float64Array(capacity * 3);
	}

	private rankAfter(left: number, right: number): number {
		const slot = (Math.imul(left, 0x9e3779b1) ^ Math.imul(right, 0x85ebca6b)) >>> (32 - PAIR_CACHE_BITS);
		if (this.pairLeft[slot] === left && this.pairRight[slot] === right) return this.pairMerged[slot];
		const found = pairRank(this.table, left, right);
		const merged = found < 0 ? NONE : found;
		this.pairLeft[slot] = left;
		this.pairRight[slot] = right;
		this.pairMerged[slot] = merged;
		return merged;
	}

	/** tiktoken's own loop: parts in an array, the lowest pair rank found by a scan. */
	private mergeSmall(length: number): number {
		const { token, rank } = this;
		let parts = length;
		for (let i = 0; i + 1 < parts; i++) rank[i] = this.rankAfter(token[i], token[i + 1]);
		for (;;) {
			let best = NONE;
			let at = -1;
			for (let i = 0; i + 1 < parts; i++) {
				if (rank[i] < best) {
					best = rank[i];
					at = i;
				}
			}
			if (at < 0) return parts;
			token[at] = best;
			token.copyWithin(at + 1, at + 2, parts);
			rank.copyWithin(at + 1, at + 2, parts);
			parts--;
			if (at + 1 < parts) rank[at] = this.rankAfter(token[at], token[at + 1]);
			if (at > 0) rank[at - 1] = this.rankAfter(token[at - 1], token[at]);
		}
	}

	/** The same merges with a linked list of parts and a min-heap of (rank, position); stale entries are skipped. */
	private mergeHeap(length: number): number {
		const { token, rank, next, prev } = this;
		let size = 0;
		for (let i = 0; i < length; i++) {
			next[i] = i + 1;
			prev[i] = i - 1;
			rank[i] = i + 1 < length ? this.rankAfter(token[i], token[i + 1]) : NONE;
			if (rank[i] !== NONE) size = this.push(size, rank[i] * POSITIONS + i);
		}
		let parts = length;
		while (size > 0) {
			const key = this.heap[0];
			size = this.pop(size);
			const at = key % POSITIONS;
			if (rank[at] !== (key - at) / POSITIONS) continue;
			// A merged-away part has rank NONE, so only live pairs get here.
			const gone = next[at];
			token[at] = rank[at];
			next[at] = next[gone];
			if (next[gone] < length) prev[next[gone]] = at;
			rank[gone] = NONE;
			parts--;
			rank[at] = next[at] < length ? this.rankAfter(token[at], token[next[at]]) : NONE;
			if (rank[at] !== NONE) size = this.push(size, rank[at] * POSITIONS + at);
			const before = prev[at];
			if (before >= 0) {
				rank[before] = this.rankAfter(token[before], token[at]);
				if (rank[before] !== NONE) size = this.push(size, rank[before] * POSITIONS + before);
			}
		}
		return parts;
	}

	private push(size: number, key: number): number {
		const heap = this.heap;
		let i = size;
		while (i > 0) {
			const parent = (i - 1) >> 1;
			if (heap[parent] <= key) break;
			heap[i] = heap[parent];
			i = parent;
		}
		heap[i] = key;
		return size + 1;
	}

	private pop(size: number): number {
		const heap = this.heap;
		const last = heap[--size];
		let i = 0;
		for (;;) {
			let child = 2 * i + 1;
			if (child >= size) break;
			if (child + 1 < size && heap[child + 1] < heap[child]) child++;
			if (heap[child] >= last) break;
			heap[i] = heap[child];
			i = child;
		}
		heap[i] = last;
		return size;
	}
}
