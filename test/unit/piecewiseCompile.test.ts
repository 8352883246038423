// A large template compiled in pieces renders exactly what one compile renders: on random templates (whitespace
// control, standalone lines, blocks, comments, escapes, partials, roles), the examples, the fixtures and the corpus.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { parsePrompt, renderPrompt, type RenderResult } from '../../server/src/core';
import { cutPoints } from '../../server/src/core/piecewiseCompile';
import { partialsFrom } from '../support/partialSource';
import { FIXTURES, REPO_ROOT } from '../support/paths';
import { filesBelow, specFiles, suitesOf } from '../support/specSuites';

const HEAD = '---\nmodel: openai/gpt-4o\ninput:\n  default:\n    name: Ada\n    items: [a, b]\n---\n';
const PARTIALS: Record<string, string> = { card: 'Card {{name}}\n', list: '{{#each items}}\n  * {{this}}\n{{/each}}\n' };
const partialSource = partialsFrom((name) => PARTIALS[name]);

/**
 * Rendered whole, and in pieces of `length` characters (cut wherever the template allows): compiled on first use, and
 * compiled ahead with a pause after each piece (as the server renders). The two cut renders must agree.
 */
async function both(source: string, length: number): Promise<[RenderResult, RenderResult]> {
	const { doc } = parsePrompt(source);
	const nodes = doc.recovered ? undefined : doc.nodes;
	const input = { input: {} };
	const whole = await renderPrompt(source, input, { partialSource, inputSchema: false });
	const options = { partialSource, inputSchema: false, nodes, pieces: { from: 0, length } };
	const cut = await renderPrompt(source, input, options);
	const ahead = await renderPrompt(source, input, { ...options, pause: async () => false });
	assert.deepEqual(ahead, cut, 'compiled ahead or on first use, the same');
	return [whole, cut];
}

/** How many cuts a prompt that starts with HEAD gets (as render.ts finds the runtime's trimmed template). */
function cuts(source: string, length: number): number {
	const template = source.slice(HEAD.length).trim();
	const base = source.lastIndexOf(template, source.length - template.length);
	return cutPoints(template, base, parsePrompt(source).doc.nodes, length).length;
}

const TEXT = fc.constantFrom('Hello there', ' ', '\n', '\n\n', '  \t', 'x', 'A: b.', '\r\n', '   \n', 'word ', '{a}');
const TAG = fc.constantFrom(
	'{{name}}', '{{~name~}}', '{{~name}}', '{{name~}}', '{{{name}}}', '{{role "system"}}', '{{role "user"}}', '{{history}}',
	'{{! note }}', '{{!-- a }} b --}}', '{{> card}}', '{{> list}}', '\\{{escaped}}', '{{json items}}', '{{@root.name}}',
	'{{media url=name}}', '{{section "s"}}',
);
const BODY: fc.Arbitrary<string> = fc.letrec<{ body: string; block: string }>((tie) => ({
	body: fc
		.array(fc.oneof({ weight: 6, arbitrary: TEXT }, { weight: 3, arbitrary: TAG }, { weight: 2, arbitrary: tie('block') }), { maxLength: 14 })
		.map((parts) => parts.join('')),
	block: fc
		.tuple(fc.constantFrom('if', 'each', 'unless'), tie('body'), fc.option(tie('body')), fc.constantFrom('', '~', '\n', '  \n'))
		.map(([helper, main, inverse, pad]) => {
			const subject = helper === 'each' ? 'items' : 'name';
			const open = `{{#${helper} ${subject}${pad === '~' ? '~' : ''}}}${pad === '~' ? '' : pad}`;
			return `${open}${main}${inverse === null ? '' : `${pad}{{else}}${pad}${inverse}`}${pad}{{/${helper}}}${pad}`;
		}),
})).body;

test('property: whatever the template, its pieces render what the whole renders', async () => {
	let cutRuns = 0;
	await fc.assert(
		fc.asyncProperty(BODY, fc.integer({ min: 1, max: 12 }), async (body, length) => {
			const source = `${HEAD}${body}`;
			const [whole, cut] = await both(source, length);
			assert.deepEqual(cut, whole, JSON.stringify(source));
			if (cuts(source, length) > 0) cutRuns++;
		}),
		{ numRuns: 1000 },
	);
	// The property would hold trivially if nothing were cut.
	assert.ok(cutRuns > 300, `only ${cutRuns} templates were cut`);
});

test('the examples, every fixture and the conformance templates render the same cut into small pieces', async () => {
	const logged = console.error;
	// Fixtures with broken YAML make the runtime log the error; expected here, not noise to show.
	console.error = () => undefined;
	try {
		const corpus = specFiles().flatMap(suitesOf).map((suite) => suite.template);
		const files = [...filesBelow(join(REPO_ROOT, 'examples'), '.prompt'), ...filesBelow(FIXTURES, '.prompt')];
		let compared = 0;
		for (const source of [...files.map((f) => readFileSync(f, 'utf8')), ...corpus]) {
			const [whole, cut] = await both(source, 3);
			assert.deepEqual(cut, whole, source.slice(0, 200));
			compared++;
		}
		assert.ok(compared > 100, `only ${compared} templates compared`);
	} finally {
		console.error = logged;
	}
});

test('a template with an inline partial is never cut: a piece could not see it', () => {
	const source = `${HEAD}{{#if name}}{{#*inline "sig"}}-- {{name}}{{/inline}}{{/if}} Long text here. {{> sig}} More text.`;
	assert.equal(cuts(source, 1), 0);
	assert.ok(cuts(source.replace(/\{\{#\*inline.*?\{\{\/inline\}\}/, ''), 1) > 0);
});

test('a failing piece renders the whole instead: the error is the runtime\'s own, with its line numbers', async () => {
	const source = `${HEAD}Line one.\nLine two.\n{{unknownHelper name}}\nLine four.\n`;
	const [whole, cut] = await both(source, 2);
	assert.equal(whole.ok, false);
	assert.deepEqual(cut, whole);
});

test('a pause that says stop ends the render between two pieces, marked as stopped', async () => {
	const source = `${HEAD}${'Some text {{name}} here.\n'.repeat(50)}`;
	const { nodes } = parsePrompt(source).doc;
	let pauses = 0;
	const pause = async () => ++pauses === 3;
	const result = await renderPrompt(source, { input: {} }, { nodes, pieces: { from: 0, length: 64 }, pause });
	assert.equal(pauses, 3);
	assert.deepEqual(result.ok ? undefined : result.stopped, true);
});
