// The server's chunked document behaves exactly like vscode-languageserver-textdocument's on any sequence of edits.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { EditableDocument } from '../../server/src/lsp/editableDocument';

const text = fc.string({ unit: fc.constantFrom('a', 'b', '\n', '\r', '\r\n', 'é', '😀', ' '), maxLength: 60 });
/** Lines are drawn as a share of the document's (−1 … last line; past the end is the next test's case). */
const position = fc.record({ line: fc.double({ min: 0, max: 1, noNaN: true }), character: fc.integer({ min: -1, max: 14 }) });
const edit = fc.oneof(
	{ weight: 9, arbitrary: fc.record({ range: fc.record({ start: position, end: position }), text }) },
	{ weight: 1, arbitrary: fc.record({ text }) },
);
type Edit = typeof edit extends fc.Arbitrary<infer E> ? E : never;

function concrete(e: Edit, lineCount: number): TextDocumentContentChangeEvent {
	if (!('range' in e)) return e;
	const at = (p: { line: number; character: number }) => ({ line: Math.floor(p.line * lineCount + 0.999) - 1, character: p.character });
	return { range: { start: at(e.range.start), end: at(e.range.end) }, text: e.text };
}

function same(ours: EditableDocument, theirs: TextDocument, label: string): void {
	assert.equal(ours.getText(), theirs.getText(), label);
	assert.equal(ours.lineCount, theirs.lineCount, label);
	assert.equal(ours.length, theirs.getText().length, label);
	for (let offset = -1; offset <= theirs.getText().length + 1; offset++) {
		assert.deepEqual(ours.positionAt(offset), theirs.positionAt(offset), `${label}: positionAt(${offset})`);
	}
	for (let line = -1; line <= theirs.lineCount; line++) {
		assert.deepEqual(ours.getLineRange(line), theirs.getLineRange(line), `${label}: getLineRange(${line})`);
		assert.equal(ours.getEOLCharacters(line), theirs.getEOLCharacters(line), `${label}: getEOLCharacters(${line})`);
		for (let character = -1; character <= 8; character++) {
			const p = { line, character };
			assert.equal(ours.offsetAt(p), theirs.offsetAt(p), `${label}: offsetAt(${line}:${character})`);
			const range = { start: { line: 0, character: 1 }, end: p };
			assert.equal(ours.getText(range), theirs.getText(range), `${label}: getText(0:1…${line}:${character})`);
		}
	}
}

test('random edits: the same text, lines, positions and offsets as the library, across chunk borders', () => {
	fc.assert(
		fc.property(text, fc.array(edit, { maxLength: 12 }), fc.integer({ min: 1, max: 7 }), (initial, changes, chunk) => {
			const ours = EditableDocument.create('file:///a.prompt', 'dotprompt', 1, initial, chunk);
			const theirs = TextDocument.create('file:///a.prompt', 'dotprompt', 1, initial);
			same(ours, theirs, 'created');
			changes.forEach((e, i) => {
				const c = concrete(e, theirs.lineCount);
				EditableDocument.update(ours, [c], i + 2);
				TextDocument.update(theirs, [c], i + 2);
				// Ask for the text only sometimes, so edits also land on a document whose text was never built.
				if (i % 3 === 2) same(ours, theirs, `after edit ${i + 1} ${JSON.stringify(c)}`);
			});
			same(ours, theirs, 'at the end');
			assert.equal(ours.version, changes.length + 1);
		}),
		{ numRuns: 400 },
	);
});

test('an edit past the last line lands at the end of the text', () => {
	const document = EditableDocument.create('file:///a.prompt', 'dotprompt', 1, 'a\nb');
	EditableDocument.update(document, [{ range: { start: { line: 9, character: 0 }, end: { line: 7, character: 3 } }, text: '\nc' }], 2);
	assert.equal(document.getText(), 'a\nb\nc');
	assert.equal(document.lineCount, 3);
	assert.deepEqual(document.positionAt(5), { line: 2, character: 1 });
});

test('a keystroke at the end of a 5 MB document: its length, last line and positions', () => {
	const big = 'x'.repeat(5_000_000) + '\nlast line';
	const document = EditableDocument.create('file:///big.prompt', 'dotprompt', 1, big);
	const end = { line: 1, character: 9 };
	EditableDocument.update(document, [{ range: { start: end, end }, text: '!' }], 2);
	assert.equal(document.length, big.length + 1);
	assert.equal(document.getText({ start: { line: 1, character: 0 }, end: { line: 1, character: 10 } }), 'last line!');
	assert.equal(document.positionAt(document.length).character, 10);
});
