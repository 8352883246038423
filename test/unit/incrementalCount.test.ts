// Incremental counting: after any sequence of edits the cached count equals a full recount, and an edit re-encodes only nearby chunks.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import fc from 'fast-check';
import { get_encoding, type Tiktoken } from 'tiktoken';
import { allSafeCuts, chunkEnds } from '../../server/src/core/tokens/chunks';
import { createTokenizer, type EncodingId } from '../../server/src/core/tokens/tokenizer';

const ENCODINGS: EncodingId[] = ['o200k_base', 'cl100k_base'];
const oracles = new Map<EncodingId, Tiktoken>(ENCODINGS.map((e) => [e, get_encoding(e)]));
after(() => oracles.forEach((o) => o.free()));

function oracle(text: string, encoding: EncodingId): number {
	return (oracles.get(encoding) as Tiktoken).encode(text, [], []).length;
}

/** Pieces that sit on the cut rule's edges: line breaks of every kind, `/` after a newline, space runs, punctuation. */
const FRAGMENTS = ['\n', '\n', '\n', '\r\n', '\r', ' ', '  ', '\t', '/', '//', '\n/', '}\n', '\n  ', ' \n', '\n\n', '\u00a0', '\u3000', '\u2028',
	'a', 'the', ' word', 'Hello', 'THE', "'s", "n't", '.', ',', ';', '{', '}', '(', ')', '=>', '0', '42', '1234567', '😀', '中文', 'é', '\u0301',
	'<|endoftext|>', '{{name}}', '---', '#', '- ', '"', '```'];

const fragmentText = (maxLength: number) => fc.array(fc.constantFrom(...FRAGMENTS), { maxLength }).map((parts) => parts.join(''));

type Edit = { at: number; remove: number; insert: string };
const edit: fc.Arbitrary<Edit> = fc.record({ at: fc.nat(), remove: fc.nat({ max: 12 }), insert: fragmentText(4) });

function apply(text: string, { at, remove, insert }: Edit): string {
	const start = at % (text.length + 1);
	return text.slice(0, start) + insert + text.slice(Math.min(text.length, start + remove));
}

/** Reference: no cache at all, so every call is a full recount of every chunk. */
const reference = createTokenizer({ chunkCacheSize: 0 });

for (const encoding of ENCODINGS) {
	test(`${encoding}: after each of thousands of random edits the cached count equals a full recount`, () => {
		let edits = 0;
		let sampled = 0;
		// One tokenizer for every document and edit, as in the server; a small cache so eviction is exercised too.
		const incremental = createTokenizer({ chunkCacheSize: 64 });
		fc.assert(fc.property(fragmentText(400), fc.array(edit, { minLength: 20, maxLength: 60 }), (start, script) => {
			let text = start;
			incremental.count(text, encoding);
			for (const step of script) {
				text = apply(text, step);
				edits++;
				const counted = incremental.count(text, encoding);
				assert.deepEqual(counted, reference.count(text, encoding));
				if (edits % 10 === 0) {
					sampled++;
					assert.equal(counted.tokens, oracle(text, encoding), JSON.stringify(text));
				}
			}
		}), { numRuns: 200, seed: encoding === 'o200k_base' ? 1 : 2 });
		assert.ok(edits >= 1600, `only ${edits} edits`);
		assert.ok(sampled >= 160);
	});

	test(`${encoding}: the chunk counts of random documents add up to tiktoken's whole count, at every safe cut`, () => {
		fc.assert(fc.property(fragmentText(120), (text) => {
			let sum = 0;
			let from = 0;
			for (const cut of [...allSafeCuts(text), text.length]) {
				sum += oracle(text.slice(from, cut), encoding);
				from = cut;
			}
			assert.equal(sum, oracle(text, encoding), JSON.stringify(text));
		}), { numRuns: 3000, seed: 3 });
	});
}

/** A deterministic ~400 kB document of prose, code and blank lines. */
function bigDocument(): string {
	const lines: string[] = [];
	for (let i = 0, length = 0; length < 400_000; i++) {
		const line = i % 7 === 0 ? '' : i % 3 === 0
			? `\tconst value${i} = compute(${i}, "item ${i}"); // step ${i}`
			: `Paragraph ${i}: the model reads this sentence number ${i * 7919 % 1000} and counts it.`;
		lines.push(line);
		length += line.length + 1;
	}
	return lines.join('\n');
}

test('an edit in one chunk of a large document re-encodes only that chunk and its neighbours', () => {
	const doc = bigDocument();
	const tokenizer = createTokenizer();
	const first = tokenizer.count(doc, 'o200k_base');
	const chunks = chunkEnds(doc).length;
	assert.ok(chunks > 100, `only ${chunks} chunks`);
	assert.equal(first.tokens, oracle(doc, 'o200k_base'));

	for (const [at, remove, insert] of [[doc.length >> 1, 0, 'x'], [1000, 1, ''], [200_000, 0, '\n'], [300_000, 5, 'new text\n\n/']] as const) {
		const before = tokenizer.stats();
		const edited = doc.slice(0, at) + insert + doc.slice(at + remove);
		const counted = tokenizer.count(edited, 'o200k_base');
		const after = tokenizer.stats();
		assert.equal(counted.tokens, oracle(edited, 'o200k_base'));
		assert.ok(after.encodedChunks - before.encodedChunks <= 3, `${after.encodedChunks - before.encodedChunks} chunks re-encoded`);
		assert.ok(after.encodedChars - before.encodedChars < 40_000, `${after.encodedChars - before.encodedChars} characters re-encoded`);
	}
});

test('counting the same text again encodes nothing; the two encodings keep separate caches', () => {
	const tokenizer = createTokenizer();
	const text = bigDocument().slice(0, 50_000);
	const a = tokenizer.count(text, 'o200k_base');
	const b = tokenizer.count(text, 'cl100k_base');
	const before = tokenizer.stats();
	assert.deepEqual(tokenizer.count(text, 'o200k_base'), a);
	assert.deepEqual(tokenizer.count(text, 'cl100k_base'), b);
	assert.equal(tokenizer.stats().encodedChunks, before.encodedChunks);
	assert.equal(b.tokens, oracle(text, 'cl100k_base'));
});
