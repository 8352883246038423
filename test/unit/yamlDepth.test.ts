// The nesting bound taken before any recursive YAML reader runs: linear, an upper bound, blind to comments and quoted text.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzePrompt, DEFAULT_SETTINGS } from '../../server/src/core';
import { yamlNestingDepth } from '../../server/src/core/yamlDepth';

test('counts flow brackets, indentation levels and item indicators on a line', () => {
	assert.equal(yamlNestingDepth('a: 1\nb: [1, [2, {c: 3}]]\n').depth, 4);
	assert.equal(yamlNestingDepth('a:\n  b:\n    c: 1\n').depth, 3);
	assert.equal(yamlNestingDepth('a:\n  - - - 1\n').depth, 5);
});

test('brackets in quotes, comments and block scalars do not count; comment lines do not end a block', () => {
	assert.equal(yamlNestingDepth('a: "[[[[[["\nb: \'{{{{\'\nc: 1 # [[[[[[\n').depth, 1);
	assert.equal(yamlNestingDepth('a: |\n  [[[[[[[[\n  {{{{{{\n').depth, 1);
	assert.equal(yamlNestingDepth('a:\n  b:\n# note\n    c:\n\n      d: 1\n').depth, 4);
});

test('stops at the limit and says where', () => {
	const text = `x: ${'['.repeat(100_000)}`;
	const found = yamlNestingDepth(text, 64);
	assert.equal(found.depth, 65);
	assert.equal(text[found.offset], '[');
});

test('analyzePrompt refuses frontmatter deeper than 64 levels with one yaml-syntax error, and keeps 60 levels', () => {
	const deep = analyzePrompt(`---\nx: ${'['.repeat(5000)}\n---\nhi\n`, DEFAULT_SETTINGS);
	assert.deepEqual(
		deep.diagnostics.map((d) => [d.code, d.severity]),
		[['yaml-syntax', 'error']],
	);
	const fine = analyzePrompt(`---\nx: ${'['.repeat(60)}1${']'.repeat(60)}\n---\nhi\n`, DEFAULT_SETTINGS);
	assert.deepEqual(
		fine.diagnostics.filter((d) => d.code === 'yaml-syntax'),
		[],
	);
});
