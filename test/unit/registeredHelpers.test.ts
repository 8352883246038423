// The app's own helpers (registered in code or declared in promptLens.helpers): settings, hover, completion, and the
// unknown helpers and missing partials still reported next to a template syntax error.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzePrompt, completeAt, docHover, normalizeSettings, parsePrompt, registeredNames, withDeclaredHelpers, type CoreDiagnostic } from '../../server/src/core';

const FOUND = registeredNames([{ file: 'src/ai.ts', registrations: [{ kind: 'helper', name: 'shout', offset: 40, line: 3 }, { kind: 'partial', name: 'footer', offset: 90, line: 4 }] }]);

test('promptLens.helpers takes names or { name, description } and drops anything else', () => {
	const { helpers } = normalizeSettings({ helpers: ['dateFormat', { name: ' money ', description: ' Formats cents. ' }, { description: 'no name' }, '', 3, null] });
	assert.deepEqual(helpers, [{ name: 'dateFormat' }, { name: 'money', description: 'Formats cents.' }]);
	assert.deepEqual(normalizeSettings({ helpers: 'dateFormat' }).helpers, []);
});

test('hover on a registered helper shows its description or where the code registers it', () => {
	const registered = withDeclaredHelpers(FOUND, [{ name: 'money', description: 'Formats cents as dollars.' }]);
	const text = '{{shout name}} {{money price}} {{json data}}';
	const doc = parsePrompt(text).doc;
	assert.match(docHover(doc, 3, registered)!.markdown, /\*\*shout\*\* — helper\n\nA helper your app provides\. Registered in `src\/ai\.ts:3`\./);
	assert.match(docHover(doc, text.indexOf('money') + 1, registered)!.markdown, /Formats cents as dollars\.\n\nDeclared in the `promptLens\.helpers` setting\./);
	assert.match(docHover(doc, text.indexOf('json') + 1, registered)!.markdown, /json/, 'built-in helpers keep their docs');
	assert.equal(docHover(doc, 3), undefined, 'without registrations, nothing is claimed');
});

test('completion offers registered helpers after the built-in ones, with where they come from', () => {
	const text = 'Hi {{sh';
	const items = completeAt(parsePrompt(text).doc, text.length, { helpers: [...FOUND.helpers.values()] }).items;
	const shout = items.find((i) => i.label === 'shout');
	assert.deepEqual(shout && { kind: shout.kind, detail: shout.detail, insertText: shout.insertText }, { kind: 'helper', detail: 'helper · src/ai.ts:3', insertText: 'shout' });
	const block = completeAt(parsePrompt('{{#').doc, 3, { helpers: [...FOUND.helpers.values()] }).items.find((i) => i.label === 'shout');
	assert.equal(block?.insertText, '#shout');
});

function codes(text: string, registered = FOUND): string[] {
	return analyzePrompt(text, normalizeSettings({}), { registered }).diagnostics.map((d: CoreDiagnostic) => `${d.code} ${text.slice(d.span.start, d.span.end)}`);
}

test('next to a syntax error, unknown helpers elsewhere are reported once, and the broken tag is not judged again', () => {
	assert.deepEqual(codes('{{#if a >= 1}}x{{/if}}\n{{whisper name}} {{shout name}} {{name}} {{#each xs}}{{this}}{{/each}}'), ['template-syntax >', 'unknown-helper whisper']);
	// The broken tag itself holds the unknown helper: its syntax error is the one report.
	assert.deepEqual(codes('{{whisper a >= 1}}'), ['template-syntax >']);
	// An unclosed tag is not read.
	assert.deepEqual(codes('{{whisper name\n{{shout x}}'), ['template-syntax {{whisper name']);
	// Raw blocks hold text Handlebars never parses: the scan claims nothing there.
	assert.deepEqual(codes('{{{{raw}}}} {{whisper x}} {{{{/raw}}}} {{#if}}').map((c) => c.split(' ')[0]), ['template-syntax']);
	// An unclosed comment swallows the rest of the file: what follows it is its text, not calls.
	assert.deepEqual(codes('{{!-- a note\n{{whisper x}}').map((c) => c.split(' ')[0]), ['template-syntax']);
	// Comments, escaped tags and data or path names are not helper calls.
	assert.deepEqual(codes('{{! {{whisper x}} }} \\{{whisper x}} {{@root.x y}} {{a.b c}} {{#if a >= 1}}{{/if}}'), ['template-syntax >']);
});

test('a file that parses gets no recovered nodes (so nothing is reported twice)', () => {
	assert.equal(parsePrompt('{{whisper name}}').doc.recovered, undefined);
	assert.deepEqual(codes('{{whisper name}}'), ['unknown-helper whisper']);
});
