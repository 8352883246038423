// Typing in the body reuses the previous frontmatter parse; whatever the edit, the result is the full parse's.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parsePrompt, type ParseMemo } from '../../server/src/core';

const BASE = '---\nmodel: openai/gpt-4o\ninput:\n  schema:\n    name: string\n---\nHello {{name}}!\n{{role "user"}}\nBye.\n';

test('an edit in the body keeps the frontmatter parse (the same object), and the result is the full parse', () => {
	const memo: ParseMemo = {};
	const first = parsePrompt(BASE, memo);
	const edited = BASE.replace('Bye.', 'Bye now.');
	const again = parsePrompt(edited, memo);
	assert.equal(again.doc.frontmatter, first.doc.frontmatter);
	assert.deepEqual(again, parsePrompt(edited));
});

test('an edit in the YAML, or a line break where the body starts, parses the frontmatter again', () => {
	const memo: ParseMemo = {};
	const first = parsePrompt(BASE, memo);
	const yamlEdit = BASE.replace('gpt-4o', 'gpt-4o-mini');
	assert.notEqual(parsePrompt(yamlEdit, memo).doc.frontmatter, first.doc.frontmatter);
	const bodyStart = yamlEdit.indexOf('Hello');
	// `---\s*` takes the blank line: the body now starts one line later, as the full parse says.
	const blankLine = `${yamlEdit.slice(0, bodyStart)}\n${yamlEdit.slice(bodyStart)}`;
	assert.deepEqual(parsePrompt(blankLine, memo), parsePrompt(blankLine));
});

const PIECES = ['\n', '\r\n', '\r', ' ', '-', '---', '---\n', 'x', '{{', '}}', 'a: 1\n', ':', '#', '\t'];

test('property: after any sequence of edits, the memo gives what a parse from scratch gives', () => {
	const edit = fc.record({ at: fc.nat(), remove: fc.nat({ max: 6 }), insert: fc.array(fc.constantFrom(...PIECES), { maxLength: 3 }) });
	fc.assert(
		fc.property(fc.array(edit, { minLength: 1, maxLength: 12 }), (edits) => {
			const memo: ParseMemo = {};
			let text = BASE;
			parsePrompt(text, memo);
			for (const { at, remove, insert } of edits) {
				const start = at % (text.length + 1);
				text = text.slice(0, start) + insert.join('') + text.slice(Math.min(text.length, start + remove));
				assert.deepEqual(parsePrompt(text, memo), parsePrompt(text), JSON.stringify(text));
			}
		}),
		{ numRuns: 400 },
	);
});
