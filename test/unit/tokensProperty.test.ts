// Our counting-only BPE against tiktoken on random text: every Unicode class, repeats (merge ties), long pieces.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import fc from 'fast-check';
import { get_encoding, type Tiktoken } from 'tiktoken';
import { PIECE_CAP } from '../../server/src/core/tokens/longPieces';
import { createTokenizer, type EncodingId } from '../../server/src/core/tokens/tokenizer';

const ENCODINGS: EncodingId[] = ['o200k_base', 'cl100k_base'];
const oracles = new Map<EncodingId, Tiktoken>(ENCODINGS.map((e) => [e, get_encoding(e)]));
after(() => oracles.forEach((o) => o.free()));

function oracle(text: string, encoding: EncodingId): number {
	return (oracles.get(encoding) as Tiktoken).encode(text, [], []).length;
}

/** Characters from the classes the split patterns tell apart, plus the ones JavaScript and Rust disagree on. */
const CHARS = ['a', 'Z', 'é', 'É', 'ǅ', 'ʰ', '中', 'の', 'ㄱ', '\u0301', '\u0903', '0', '٣', 'Ⅻ', '½',
	' ', '\t', '\n', '\r', '\u000b', '\u0085', '\u00a0', '\u2028', '\u3000', '\ufeff', "'", 's', 'T', 'l', '/',
	'.', '!', '—', '€', '😀', '👍🏽', '\ud800', '\udc00', '\u0000', '\u007f', '\u200d', 'ß', 'İ', 'ﬁ'];

const charText = (maxLength: number) =>
	fc.array(fc.constantFrom(...CHARS), { maxLength }).map((parts) => parts.join(''));
/** Mostly ASCII words, numbers and punctuation, where pieces are found without the regex, next to what stops that. */
const ASCII_MIX = [...'aAbBzZsStTdDlLvVrRmM0123456789 \t\n\r\'.,;:/-_(){}"!?#', 'é', 'É', '\u0301', '٣', '中', '\u00a0'];
const asciiText = fc.array(fc.constantFrom(...ASCII_MIX), { maxLength: 60 }).map((parts) => parts.join(''));
/** Any UTF-16 units, lone surrogates included. */
const anyText = fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 60 })
	.map((codes) => String.fromCharCode(...codes));
/** Any code points, astral ones included. */
const codePointText = fc.array(fc.integer({ min: 0, max: 0x10ffff }), { maxLength: 40 })
	.map((codes) => codes.filter((c) => c < 0xd800 || c > 0xdfff).map((c) => String.fromCodePoint(c)).join(''));
/** One character repeated: every adjacent pair has the same rank, so only the leftmost-first tie-break is right. */
const units = fc.constantFrom('a', 'aa', 'ab', '中', '😀', ' ', '=', '0', 'é', '\n', '-_');
const repeats = fc.tuple(units, fc.nat({ max: 300 })).map(([unit, times]) => unit.repeat(times));

for (const encoding of ENCODINGS) {
	const tokenizer = createTokenizer();
	const exact = (text: string) => {
		const expected = { tokens: oracle(text, encoding), approximate: false };
		assert.deepEqual(tokenizer.count(text, encoding), expected, JSON.stringify(text));
	};

	test(`${encoding}: random text from every character class counts as tiktoken does`, () => {
		fc.assert(fc.property(charText(80), (text) => exact(text)), { numRuns: 1500 });
	});

	test(`${encoding}: ASCII words, numbers, contractions and their non-ASCII neighbours count as tiktoken does`, () => {
		fc.assert(fc.property(asciiText, (text) => exact(text)), { numRuns: 3000 });
	});

	test(`${encoding}: random UTF-16 units and code points count as tiktoken does`, () => {
		fc.assert(fc.property(fc.oneof(anyText, codePointText), (text) => exact(text)), { numRuns: 1500 });
	});

	test(`${encoding}: repeated characters (ties between equal ranks) count as tiktoken does`, () => {
		fc.assert(fc.property(repeats, (text) => exact(text)), { numRuns: 400 });
	});

	test(`${encoding}: pieces around the short/long merge switch and up to the cap count as tiktoken does`, () => {
		const run = (chars: string) => fc.array(fc.constantFrom(...chars), { minLength: 1, maxLength: 400 });
		const cjk = run('的一是不了人我在有他这为之大来以个中上们到説国和地也子時');
		const latin = run('abcdefghijklmnopqrstuvwxyzéüñ');
		fc.assert(fc.property(fc.oneof(cjk, latin), (chars) => exact(chars.join(''))), { numRuns: 300 });
		for (const length of [15, 16, 17, 47, 48, 49, 100, PIECE_CAP]) exact('x'.repeat(length));
		exact('中'.repeat(PIECE_CAP));
	});
}
