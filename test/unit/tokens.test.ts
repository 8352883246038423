// Token counts: exact against tiktoken (the reference) on fixtures for both encodings; the cap and the approximation are flagged.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { get_encoding, type Tiktoken } from 'tiktoken';
import { allSafeCuts, chunkEnds } from '../../server/src/core/tokens/chunks';
import { PIECE_CAP } from '../../server/src/core/tokens/longPieces';
import { APPROXIMATION_NOTE, createTokenizer, type EncodingId } from '../../server/src/core/tokens/tokenizer';
import { FIXTURES } from '../support/paths';

const ENCODINGS: EncodingId[] = ['o200k_base', 'cl100k_base'];
const DIR = join(FIXTURES, 'tokens');
const FIXTURE_TEXTS = readdirSync(DIR).sort().map((name) => ({ name, text: readFileSync(join(DIR, name), 'utf8') }));

const oracles = new Map<EncodingId, Tiktoken>(ENCODINGS.map((e) => [e, get_encoding(e)]));
after(() => oracles.forEach((o) => o.free()));

/** tiktoken with no allowed and no disallowed special tokens: `<|endoftext|>` is encoded as ordinary text. */
function oracle(text: string, encoding: EncodingId): number {
	return (oracles.get(encoding) as Tiktoken).encode(text, [], []).length;
}

const tokenizer = createTokenizer();

test('the fixtures cover what they should', () => {
	const names = FIXTURE_TEXTS.map((f) => f.name);
	for (const n of ['english.txt', 'code.ts.txt', 'crlf.txt', 'emoji.txt', 'cjk.txt', 'endoftext.txt', 'data.json', 'whitespace.txt', 'longline.txt']) assert.ok(names.includes(n), n);
	assert.ok(FIXTURE_TEXTS.find((f) => f.name === 'crlf.txt')?.text.includes('\r\n'), 'crlf.txt lost its CRLF line ends');
	assert.ok((FIXTURE_TEXTS.find((f) => f.name === 'longline.txt')?.text.split('\n').some((line) => line.length > 10_000)));
});

for (const encoding of ENCODINGS) {
	for (const { name, text } of FIXTURE_TEXTS) {
		test(`${encoding}: ${name} counts exactly as tiktoken`, () => {
			assert.deepEqual(tokenizer.count(text, encoding), { tokens: oracle(text, encoding), approximate: false });
			// A cold tokenizer and the warm one agree (the cache changes speed, not counts).
			assert.equal(createTokenizer({ chunkCacheSize: 0 }).count(text, encoding).tokens, oracle(text, encoding));
		});
	}

	test(`${encoding}: every safe cut of every fixture adds up to the whole count`, () => {
		for (const { name, text } of FIXTURE_TEXTS) {
			let sum = 0;
			let from = 0;
			for (const cut of [...allSafeCuts(text), text.length]) {
				sum += oracle(text.slice(from, cut), encoding);
				from = cut;
			}
			assert.equal(sum, oracle(text, encoding), name);
		}
	});

	test(`${encoding}: special-token text is counted as text, never thrown on`, () => {
		const text = 'a<|endoftext|>b <|im_start|>user<|im_end|> <|fim_prefix|><|endofprompt|>';
		const counted = tokenizer.count(text, encoding);
		assert.equal(counted.tokens, oracle(text, encoding));
		assert.ok(tokenizer.count('<|endoftext|>', encoding).tokens > 1, 'counted as one special token');
	});

	test(`${encoding}: edge texts (empty, lone surrogates, NUL, a BOM) count as tiktoken does`, () => {
		assert.deepEqual(tokenizer.count('', encoding), { tokens: 0, approximate: false });
		for (const text of ['\ud800', 'a\udc00b\n\ud83d', '\u0000\u0000x', '\n', ' ', '\r\n\r\n', 'x\n/', '\u2028\u3000\u00a0x\n']) {
			assert.deepEqual(tokenizer.count(text, encoding), { tokens: oracle(text, encoding), approximate: false }, JSON.stringify(text));
		}
	});

	test(`${encoding}: U+FEFF and U+0085, where JavaScript's \\s differs from tiktoken's, count exactly`, () => {
		for (const text of ['\ufeffhello\n\n', 'a\ufeff b', 'x\u0085y\n', 'line\n\u0085\nnext\n', '\u0085 \u0085\n\ufeff']) {
			const expected = { tokens: oracle(text, encoding), approximate: false };
			assert.deepEqual(tokenizer.count(text, encoding), expected, JSON.stringify(text));
		}
	});

	test(`${encoding}: a long line of short pieces (minified JSON) stays exact`, () => {
		const json = JSON.stringify(Array.from({ length: 3000 }, (_, i) => ({ id: i, name: `item${i}`, ok: i % 2 === 0 })));
		assert.ok(json.length > 50_000);
		assert.deepEqual(tokenizer.count(json, encoding), { tokens: oracle(json, encoding), approximate: false });
	});
}

test('unbroken runs longer than the cap are estimated, flagged, fast, and close', () => {
	const runs = [
		{ what: 'one letter', text: 'a'.repeat(3 * PIECE_CAP) },
		// Lower case only: o200k_base starts a new piece at each capital, so mixed case is not one long piece.
		{ what: 'random letters', text: randomRun(3 * PIECE_CAP, 'abcdefghijklmnopqrstuvwxyz') },
		{ what: 'CJK without punctuation', text: randomRun(2 * PIECE_CAP, '的一是不了人我在有他这为之大来以个中上们到说国和地也子时道出而要于就下得可你年生') },
		{ what: 'spaces', text: `x${' '.repeat(2 * PIECE_CAP)}y` },
		{ what: 'emoji', text: '😀'.repeat(PIECE_CAP) },
		// One piece only in o200k_base, whose punctuation pieces swallow trailing newlines and slashes.
		{ what: 'punctuation then newlines and slashes', text: `}${'\n/'.repeat(PIECE_CAP)}x`, only: 'o200k_base' as EncodingId },
	];
	for (const { what, text, only } of runs) {
		for (const encoding of only ? [only] : ENCODINGS) {
			const counted = tokenizer.count(`before\n${text}\nafter`, encoding);
			const exact = oracle(`before\n${text}\nafter`, encoding);
			assert.equal(counted.approximate, true, `${what} (${encoding}) not flagged`);
			assert.ok(Math.abs(counted.tokens - exact) <= Math.max(3, exact * 0.05), `${what} (${encoding}): ${counted.tokens} vs ${exact}`);
		}
	}
	const started = Date.now();
	const huge = createTokenizer().count('a'.repeat(100_000) + randomRun(100_000, 'abcdefghijklmnopqrstuvwxyz'), 'o200k_base');
	assert.equal(huge.approximate, true);
	assert.ok(Date.now() - started < 3000, `100 kB runs took ${Date.now() - started} ms (uncapped takes ~6 s)`);
});

test('mixed-case letters split into short pieces in o200k_base, so a long run of them stays exact there', () => {
	const text = randomRun(3 * PIECE_CAP, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ');
	assert.deepEqual(tokenizer.count(text, 'o200k_base'), { tokens: oracle(text, 'o200k_base'), approximate: false });
	assert.equal(tokenizer.count(text, 'cl100k_base').approximate, true);
});

test('a run just under the cap is still exact', () => {
	const text = `start ${randomRun(PIECE_CAP - 10, 'abcdefghijklmnopqrstuvwxyz')} end\n`;
	assert.deepEqual(tokenizer.count(text, 'o200k_base'), { tokens: oracle(text, 'o200k_base'), approximate: false });
});

test('approximate() is o200k_base + 10 %, always flagged, and the note says so', () => {
	for (const { text } of FIXTURE_TEXTS) {
		const result = tokenizer.approximate(text);
		assert.equal(result.approximate, true);
		assert.equal(result.tokens, Math.ceil(oracle(text, 'o200k_base') * 1.1));
	}
	assert.deepEqual(tokenizer.approximate(''), { tokens: 0, approximate: true });
	assert.match(APPROXIMATION_NOTE, /o200k_base/);
	assert.match(APPROXIMATION_NOTE, /10 %/);
	assert.ok(!APPROXIMATION_NOTE.includes('\n') && APPROXIMATION_NOTE.split('. ').length === 1, 'one sentence');
});

test('bad input never throws: an unknown encoding id gives a flagged rough count', () => {
	const result = tokenizer.count('hello world', 'p50k_base' as EncodingId);
	assert.equal(result.approximate, true);
	assert.ok(result.tokens > 0);
	assert.deepEqual(tokenizer.count(undefined as unknown as string, 'o200k_base'), { tokens: 0, approximate: false });
});

test('chunk ends are increasing, end at the text length, and only at safe cuts', () => {
	for (const { name, text } of FIXTURE_TEXTS) {
		const ends = chunkEnds(text);
		const safe = new Set(allSafeCuts(text));
		assert.equal(ends.at(-1), text.length, name);
		ends.slice(0, -1).forEach((end, i) => {
			assert.ok(safe.has(end), `${name}: ${end} is not a safe cut`);
			assert.ok(i === 0 || end > ends[i - 1]);
		});
	}
	assert.deepEqual(chunkEnds(''), [0]);
});

/** Deterministic pseudo-random text from an alphabet (code points, so surrogate pairs stay whole). */
function randomRun(length: number, alphabet: string): string {
	const chars = [...alphabet];
	let seed = length;
	let out = '';
	while (out.length < length) {
		seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
		out += chars[(seed >>> 8) % chars.length];
	}
	return out;
}
