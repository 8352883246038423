// Typing literal text shifts the previous parse instead of parsing again; whatever the edit, the result is the full
// parse's, and an edit that could change more than offsets is parsed from scratch.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parsePrompt, type ParseMemo } from '../../server/src/core';
import { changedRegion, reparsePrompt } from '../../server/src/core/reparse';

const HEAD = '---\nmodel: openai/gpt-4o\ninput:\n  schema:\n    name: string\n---\n';

function memoOf(text: string): ParseMemo {
	const memo: ParseMemo = {};
	parsePrompt(text, memo);
	return memo;
}

test('typing in a text run shifts the previous parse: the result equals a parse from scratch', () => {
	const text = `${HEAD}Intro line.\n{{role "system"}}\nBe brief, {{name}}.\n{{#if name}}Hi {{name}}{{/if}}\n{{role "user"}}\nQ?\n`;
	const memo = memoOf(text);
	const edited = text.replace('Be brief', 'Be very brief');
	const shifted = reparsePrompt(memo.parse!, edited);
	assert.ok(shifted, 'a text edit is shifted');
	assert.deepEqual(shifted.result, parsePrompt(edited));
});

test('edits that touch a tag, a brace, the frontmatter or the body start are parsed from scratch', () => {
	const text = `${HEAD}Hello {{name}} and {x} there.\n`;
	const memo = memoOf(text);
	for (const edited of [
		text.replace('{{name}}', '{{names}}'),
		text.replace('and {x}', 'and {{x}'),
		text.replace('there', 'th{ere'),
		text.replace('gpt-4o', 'gpt-4o-mini'),
		text.replace('---\nHello', '---\nXHello'),
	]) {
		assert.equal(reparsePrompt(memo.parse!, edited), undefined, edited);
	}
});

test('changedRegion finds the one edited region across long equal stretches', () => {
	const a = 'x'.repeat(200_000);
	const b = `${a.slice(0, 123_456)}yz${a.slice(123_460)}`;
	const { start, end, inserted } = changedRegion(a, b);
	assert.equal(`${a.slice(0, start)}${inserted}${a.slice(end)}`, b);
	assert.ok(end - start <= 4);
});

const TEXT = fc.constantFrom('Hello there, ', 'world of words', ' ', '\n', '\n\n', '  \t', 'x', ' {a} ', '<user>', '</user>', 'A: b');
const TAG = fc.constantFrom(
	'{{name}}', '{{role "system"}}', '{{role "user"}}', '{{history}}', '{{! note }}', '{{!-- a }} b --}}', '{{> card}}',
	'\\{{escaped}}', '}}', '{{~name~}}', '{{json input}}',
);
const BODY: fc.Arbitrary<string> = fc.letrec<{ body: string; block: string }>((tie) => ({
	body: fc
		.array(fc.oneof({ weight: 8, arbitrary: TEXT }, { weight: 3, arbitrary: TAG }, { weight: 1, arbitrary: tie('block') }), { maxLength: 12 })
		.map((parts) => parts.join('')),
	block: fc.tuple(fc.constantFrom('if', 'each', 'unless'), tie('body'), fc.option(tie('body'))).map(([helper, main, inverse]) => (
		`{{#${helper} name}}${main}${inverse === null ? '' : `{{else}}${inverse}`}{{/${helper}}}`
	)),
})).body;
const EDIT = fc.record({
	at: fc.nat(),
	/** Most edits are typing in the body; the rest land anywhere, the frontmatter included. */
	inBody: fc.nat({ max: 4 }).map((n) => n > 0),
	remove: fc.nat({ max: 4 }),
	insert: fc.array(
		fc.constantFrom('a', 'a', 'a', ' ', ' ', '\n', 'x y', '\t', '{', '}', '\\', '{{', 'role', '<user>', '', '\r\n'),
		{ maxLength: 2 },
	),
});

test('property: after any sequence of edits, the memo (shifted or not) gives what a parse from scratch gives', () => {
	let shiftedEdits = 0;
	fc.assert(
		fc.property(fc.option(fc.constant(HEAD), { freq: 5 }), BODY, fc.array(EDIT, { minLength: 1, maxLength: 10 }), (head, body, edits) => {
			let text = `${head ?? ''}${body}`;
			const memo = memoOf(text);
			for (const { at, inBody, remove, insert } of edits) {
				const base = inBody && text.startsWith(HEAD) ? HEAD.length : 0;
				const start = base + (at % (text.length - base + 1));
				text = text.slice(0, start) + insert.join('') + text.slice(Math.min(text.length, start + remove));
				if (memo.parse && reparsePrompt(memo.parse, text)) shiftedEdits++;
				assert.deepEqual(parsePrompt(text, memo), parsePrompt(text), JSON.stringify(text));
			}
		}),
		{ numRuns: 2000 },
	);
	// The property would hold trivially if nothing were ever shifted.
	assert.ok(shiftedEdits > 1000, `only ${shiftedEdits} edits took the shifted path`);
});
