// Property tests: random and mutated prompts never make the parser throw, and every span stays inside the text.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { analyzePrompt, DEFAULT_SETTINGS, flatten, foldingSpans, outlinePrompt, type OutlineItem, type Span } from '../../server/src/core';
import { fragmentText, mutatedSeed, SEED_PROMPTS } from '../support/hostilePrompts';

const truncatedSeed = fc.tuple(fc.constantFrom(...SEED_PROMPTS), fc.nat()).map(([seed, at]) => seed.slice(0, at % (seed.length + 1)));

function assertWellFormed(text: string): void {
	const { doc, diagnostics } = analyzePrompt(text, DEFAULT_SETTINGS);
	const inside = (span: Span, what: string) => {
		assert.ok(span.start >= 0 && span.start <= span.end && span.end <= text.length, `${what} ${JSON.stringify(span)} outside text of length ${text.length}`);
	};
	for (const d of diagnostics) {
		inside(d.span, `diagnostic ${d.code}`);
		assert.notEqual(d.code, 'internal-error', d.message);
	}
	for (const node of flatten(doc.nodes)) inside(node.span, `node ${node.kind}`);
	for (const section of doc.roleSections) inside(section.span, 'role section');
	for (const key of doc.frontmatter?.keys ?? []) inside(key.keySpan, 'key');
	for (const fold of foldingSpans(doc)) inside(fold.span, 'folding');
	const visit = (item: OutlineItem) => {
		inside(item.span, 'outline');
		inside(item.selectionSpan, 'outline selection');
		item.children.forEach(visit);
	};
	outlinePrompt(doc).forEach(visit);
}

test('arbitrary strings never throw and give in-bounds spans', () => {
	fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), assertWellFormed), { numRuns: 500 });
});

test('strings built from Dotprompt fragments never throw', () => {
	fc.assert(fc.property(fragmentText, assertWellFormed), { numRuns: 1000 });
});

test('mutated real prompts never throw', () => {
	fc.assert(fc.property(mutatedSeed, assertWellFormed), { numRuns: 1000 });
});

test('every prefix of a real prompt (typing it out) never throws', () => {
	fc.assert(fc.property(truncatedSeed, assertWellFormed), { numRuns: 500 });
});

test('deeply nested blocks are handled without exhausting the stack or the clock', () => {
	for (const depth of [100, 5000]) assertWellFormed('{{#if a}}'.repeat(depth) + 'x' + '{{/if}}'.repeat(depth));
	const { diagnostics } = analyzePrompt('{{#if a}}'.repeat(5000), DEFAULT_SETTINGS);
	assert.deepEqual(diagnostics.map((d) => d.code), ['template-too-deep']);
});

test('a huge file is skipped with one info diagnostic', () => {
	const { diagnostics } = analyzePrompt('x'.repeat(DEFAULT_SETTINGS.maxFileSize + 1), DEFAULT_SETTINGS);
	assert.deepEqual(diagnostics.map((d) => [d.code, d.severity]), [['file-too-large', 'info']]);
});

test('a binary file is skipped with one info diagnostic', () => {
	const { diagnostics } = analyzePrompt('PK\u0003\u0004\u0000\u0000{{#if', DEFAULT_SETTINGS);
	assert.deepEqual(diagnostics.map((d) => [d.code, d.severity]), [['binary-file', 'info']]);
});
