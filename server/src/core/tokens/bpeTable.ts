// An encoding's BPE ranks as typed arrays: token bytes, and an open-addressing hash from byte strings to ranks.

/*
 * Token ids are ranks, and a merge looks up the rank of two tokens' concatenated bytes. Each token keeps a
 * polynomial hash of its bytes, so the hash of a concatenation is hash(a) · B^len(b) + hash(b): a lookup costs one
 * multiply, a probe or two and a byte compare, with no string or array built.
 */

export interface BpeTable {
	/** The rank file's bytes: per rank, a length byte then the token's bytes. */
	readonly bytes: Uint8Array;
	/** Token `r` is bytes[start[r] .. start[r] + length[r]). */
	readonly start: Uint32Array;
	readonly length: Uint8Array;
	/** Polynomial hash of each token's bytes. */
	readonly hash: Int32Array;
	/** rank + 1 at hash slots; 0 is empty. */
	readonly slots: Int32Array;
	readonly mask: number;
	/** The token of each single byte. */
	readonly byteToken: Int32Array;
	readonly maxLength: number;
}

const BASE = 0x01000193;
/** BASE^k for k up to the longest token (255 at most: one length byte in the rank file). */
const POW = new Int32Array(256);
POW[0] = 1;
for (let k = 1; k < 256; k++) POW[k] = Math.imul(POW[k - 1], BASE);

export const hashByte = (hash: number, byte: number): number => (Math.imul(hash, BASE) + byte) | 0;
export const hashConcat = (left: number, right: number, rightLength: number): number =>
	(Math.imul(left, POW[rightLength]) + right) | 0;

/** The slot a hash starts probing at: the high bits mixed down, since the low bits of a polynomial hash are weak. */
const slotOf = (hash: number, mask: number): number => (Math.imul(hash ^ (hash >>> 15), 0x2c1b3c6d) >>> 12) & mask;

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const SEXTET = new Uint8Array(128);
for (let i = 0; i < BASE64.length; i++) SEXTET[BASE64.charCodeAt(i)] = i;

/** Base64 → bytes, by hand: the core runs where neither Buffer nor a fast atob can be assumed. */
export function decodeBase64(text: string): Uint8Array {
	let length = text.length;
	while (length > 0 && text.charCodeAt(length - 1) === 61) length--;
	const out = new Uint8Array((length * 3) >> 2);
	let write = 0;
	let i = 0;
	for (; i + 4 <= length; i += 4) {
		const word = (SEXTET[text.charCodeAt(i)] << 18) | (SEXTET[text.charCodeAt(i + 1)] << 12)
			| (SEXTET[text.charCodeAt(i + 2)] << 6) | SEXTET[text.charCodeAt(i + 3)];
		out[write++] = word >> 16;
		out[write++] = (word >> 8) & 0xff;
		out[write++] = word & 0xff;
	}
	let word = 0;
	for (let k = 0; k < 4; k++) word = (word << 6) | (i + k < length ? SEXTET[text.charCodeAt(i + k)] : 0);
	for (let k = 0; write < out.length; k++) out[write++] = (word >> (16 - 8 * k)) & 0xff;
	return out;
}

/** Parses a rank file's base64 (per rank in order: a length byte, then the token's bytes) into a table. */
export function buildTable(base64: string): BpeTable {
	const bytes = decodeBase64(base64);
	let count = 0;
	for (let at = 0; at < bytes.length; at += bytes[at] + 1) count++;
	const start = new Uint32Array(count);
	const length = new Uint8Array(count);
	const hash = new Int32Array(count);
	let size = 1;
	while (size < count * 2) size <<= 1;
	const slots = new Int32Array(size);
	const mask = size - 1;
	let maxLength = 0;
	// One pass: where each token is, its hash, and its slot (linear probing; the table is at most half full).
	for (let rank = 0, at = 0; rank < count; rank++) {
		const tokenLength = bytes[at++];
		let h = 0;
		start[rank] = at;
		length[rank] = tokenLength;
		for (const end = at + tokenLength; at < end; at++) h = hashByte(h, bytes[at]);
		hash[rank] = h;
		if (tokenLength > maxLength) maxLength = tokenLength;
		let slot = slotOf(h, mask);
		while (slots[slot] !== 0) slot = (slot + 1) & mask;
		slots[slot] = rank + 1;
	}
	const table = { bytes, start, length, hash, slots, mask, byteToken: new Int32Array(256), maxLength };
	for (let byte = 0; byte < 256; byte++) table.byteToken[byte] = findBytes(table, new Uint8Array([byte]), 0, 1, byte);
	return table;
}

/** The rank of the token made of `left` then `right`, or -1 when the vocabulary has no such token. */
export function pairRank(table: BpeTable, left: number, right: number): number {
	const { start, bytes } = table;
	const leftStart = start[left];
	const leftLength = table.length[left];
	const rightStart = start[right];
	const rightLength = table.length[right];
	const length = leftLength + rightLength;
	if (length > table.maxLength) return -1;
	const h = hashConcat(table.hash[left], table.hash[right], rightLength);
	for (let slot = slotOf(h, table.mask); ; slot = (slot + 1) & table.mask) {
		const candidate = table.slots[slot] - 1;
		if (candidate < 0) return -1;
		if (table.hash[candidate] !== h) continue;
		if (table.length[candidate] !== length) continue;
		const at = start[candidate];
		if (sameBytes(bytes, at, bytes, leftStart, leftLength)
			&& sameBytes(bytes, at + leftLength, bytes, rightStart, rightLength)) return candidate;
	}
}

/** The rank of `source[from..to)` whose hash is `h`, or -1. */
export function findBytes(table: BpeTable, source: Uint8Array, from: number, to: number, h: number): number {
	const length = to - from;
	if (length > table.maxLength) return -1;
	for (let slot = slotOf(h, table.mask); ; slot = (slot + 1) & table.mask) {
		const candidate = table.slots[slot] - 1;
		if (candidate < 0) return -1;
		if (table.hash[candidate] === h && table.length[candidate] === length
			&& sameBytes(table.bytes, table.start[candidate], source, from, length)) return candidate;
	}
}

function sameBytes(a: Uint8Array, aFrom: number, b: Uint8Array, bFrom: number, length: number): boolean {
	for (let i = 0; i < length; i++) if (a[aFrom + i] !== b[bFrom + i]) return false;
	return true;
}
