// Hover text from the docs tables, on minimal prompts with a cursor marker `|`.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { docHover, parsePrompt } from '../../server/src/core';

function hoverAt(marked: string): string | undefined {
	const offset = marked.indexOf('|');
	const { doc } = parsePrompt(marked.slice(0, offset) + marked.slice(offset + 1));
	return docHover(doc, offset)?.markdown;
}

test('a frontmatter key shows what it does', () => {
	assert.match(hoverAt('---\nconfig:\n  temp|erature: 0.2\n---\nHi\n') ?? '', /config\.temperature/);
	assert.match(hoverAt('---\nout|put:\n  format: json\n---\nHi\n') ?? '', /\*\*output\*\*/);
});

test('a helper shows its signature', () => {
	assert.match(hoverAt('{{#ea|ch items}}{{this}}{{/each}}') ?? '', /each/);
	assert.match(hoverAt('{{me|dia url=photo}}') ?? '', /media/);
});

test('a variable shows its schema type and description; without a schema, nothing', () => {
	assert.match(hoverAt('---\ninput:\n  schema:\n    name?: string, who asks\n---\nHi {{na|me}}\n') ?? '', /\*\*name\*\* — string, optional\n\nwho asks/);
	assert.equal(hoverAt('Hi {{na|me}}'), undefined);
});

test('an undeclared variable says so', () => {
	assert.match(hoverAt('---\ninput:\n  schema:\n    name: string\n---\nHi {{nme|}}\n') ?? '', /not declared in input\.schema/);
});
