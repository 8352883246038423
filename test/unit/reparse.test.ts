// Typing literal text shifts the previous parse instead of parsing again; whatever the edit, the result is the full
// parse's, and an edit that could change more than offsets is parsed from scratch.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { analyzePrompt, loadCatalog, movedDiagnostics, normalizeSettings, parsePrompt, type ParseMemo } from '../../server/src/core';
import { flatten } from '../../server/src/core/outline';
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

/** Literal text; an escaped `\{{…}}` is text too, whose inside the Go-template check reads. */
const TEXT = fc.constantFrom(
	'Hello there, ', 'world of words', ' ', '\n', '\n\n', '  \t', 'x', ' {a} ', '<user>', '</user>', 'A: b',
	'\\{{ x = 1 }}', '\\{{ Name }} ',
);
const TAGS = [
	'{{name}}', '{{role "system"}}', '{{role "user"}}', '{{history}}', '{{! note }}', '{{!-- a }} b --}}', '{{> card}}',
	'\\{{escaped}}', '}}', '{{~name~}}', '{{json input}}',
];
/** Tags the immediate lint reports: a wrong role, a role block, an unknown helper, an undeclared variable, media. */
const LINTED_TAGS = [
	'{{role "assistant"}}', '{{#role "user"}}Hi{{/role}}', '{{shout name}}', '{{missing}}', '{{media url="a.pdf"}}',
	'{{! prompt-lens-disable invalid-role }}',
];

function bodies(tags: string[]): fc.Arbitrary<string> {
	const tag = fc.constantFrom(...tags);
	return fc.letrec<{ body: string; block: string }>((tie) => ({
		body: fc
			.array(fc.oneof({ weight: 8, arbitrary: TEXT }, { weight: 3, arbitrary: tag }, { weight: 1, arbitrary: tie('block') }), { maxLength: 12 })
			.map((parts) => parts.join('')),
		block: fc.tuple(fc.constantFrom('if', 'each', 'unless'), tie('body'), fc.option(tie('body'))).map(([helper, main, inverse]) => (
			`{{#${helper} name}}${main}${inverse === null ? '' : `{{else}}${inverse}`}{{/${helper}}}`
		)),
	})).body;
}
const BODY = bodies(TAGS);
const EDIT = fc.record({
	at: fc.nat(),
	/** Most edits are typing in the body; the rest land anywhere, the frontmatter included. */
	inBody: fc.nat({ max: 4 }).map((n) => n > 0),
	remove: fc.nat({ max: 4 }),
	insert: fc.array(
		fc.constantFrom('a', 'a', 'a', ' ', ' ', '\n', 'x y', '\t', '{', '}', '\\', '{{', 'role', '<user>', '', '\r\n', '$', '.'),
		{ maxLength: 2 },
	),
});

type Edit = typeof EDIT extends fc.Arbitrary<infer T> ? T : never;

/** `text` after one generated edit (most of them in the body, after `head`). */
function applyEdit(text: string, head: string, { at, inBody, remove, insert }: Edit): string {
	const base = inBody && text.startsWith(head) ? head.length : 0;
	const start = base + (at % (text.length - base + 1));
	return text.slice(0, start) + insert.join('') + text.slice(Math.min(text.length, start + remove));
}

test('property: after any sequence of edits, the memo (shifted or not) gives what a parse from scratch gives', () => {
	let shiftedEdits = 0;
	fc.assert(
		fc.property(fc.option(fc.constant(HEAD), { freq: 5 }), BODY, fc.array(EDIT, { minLength: 1, maxLength: 10 }), (head, body, edits) => {
			let text = `${head ?? ''}${body}`;
			const memo = memoOf(text);
			for (const edit of edits) {
				text = applyEdit(text, HEAD, edit);
				if (memo.parse && reparsePrompt(memo.parse, text)) shiftedEdits++;
				const [viaMemo, fresh] = [parsePrompt(text, memo), parsePrompt(text)];
				assert.deepEqual(viaMemo, fresh, JSON.stringify(text));
				// A shifted parse hands its flattened node list on (outline.ts rememberFlattened): the same list.
				assert.deepEqual(flatten(viaMemo.doc.nodes), flatten(fresh.doc.nodes), JSON.stringify(text));
			}
		}),
		{ numRuns: 2000 },
	);
	// The property would hold trivially if nothing were ever shifted.
	assert.ok(shiftedEdits > 1000, `only ${shiftedEdits} edits took the shifted path`);
});

/**
 * A moving model alias (unpinned-model, with fixes), a schema (undefined-variable) and a setting outside `config:`
 * (frontmatter-schema, whose fix writes line ends: a CRLF typed in the body must not change them).
 */
const LINTED_HEAD = '---\nmodel: gpt-5.4-mini\ntemperature: 0.5\ninput:\n  schema:\n    name: string\n---\n';

test('property: analyzePrompt with the memo (its lint moved or run again) gives what it gives from scratch', () => {
	const settings = normalizeSettings({});
	const env = { catalog: loadCatalog(settings.models), today: '2026-12-08' };
	let moved = 0;
	const movedCodes = new Set<string>();
	fc.assert(
		fc.property(bodies([...TAGS, ...LINTED_TAGS]), fc.array(EDIT, { minLength: 1, maxLength: 10 }), (body, edits) => {
			let text = `${LINTED_HEAD}${body}`;
			const memo: ParseMemo = {};
			analyzePrompt(text, settings, env, memo);
			for (const edit of edits) {
				text = applyEdit(text, LINTED_HEAD, edit);
				const early = movedDiagnostics(text, settings, env, memo);
				const result = analyzePrompt(text, settings, env, memo);
				assert.deepEqual(result, analyzePrompt(text, settings, env), JSON.stringify(text));
				if (!early) continue;
				assert.deepEqual(early, result.diagnostics, JSON.stringify(text));
				moved++;
				early.forEach((d) => movedCodes.add(d.code));
			}
		}),
		{ numRuns: 1500 },
	);
	assert.ok(moved > 1000, `only ${moved} edits had their diagnostics moved`);
	const linted = ['invalid-role', 'block-role', 'unknown-helper', 'undefined-variable', 'unpinned-model', 'frontmatter-schema'];
	assert.deepEqual(linted.filter((code) => !movedCodes.has(code)), [], 'every rule the tags trigger had findings moved');
});

test('settings or names the lint reads differ: the diagnostics are not moved but found again', () => {
	const settings = normalizeSettings({});
	const env = { catalog: loadCatalog(settings.models), today: '2026-12-08' };
	const text = `${LINTED_HEAD}Hi {{role "assistant"}} there {{shout name}}\n`;
	const memo: ParseMemo = {};
	analyzePrompt(text, settings, env, memo);
	const edited = text.replace('Hi', 'Hello');
	assert.ok(movedDiagnostics(edited, settings, env, memo));
	const quiet = normalizeSettings({ lint: { rules: { 'invalid-role': 'off' } } });
	assert.equal(movedDiagnostics(edited, quiet, env, memo), undefined);
	assert.equal(movedDiagnostics(edited, settings, { ...env, today: '2027-01-01' }, memo), undefined);
	const result = analyzePrompt(edited, quiet, env, memo);
	assert.deepEqual(result, analyzePrompt(edited, quiet, env));
	assert.ok(!result.diagnostics.some((d) => d.code === 'invalid-role'));
});
