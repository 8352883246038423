// Generators of hostile and degenerate prompts (the shapes that once stalled or crashed the checker) and of random
// mutations of real prompts, shared by the fuzz tests of the core, the CLI and the language server.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { FIXTURES } from './paths';

const EXAMPLES = join(FIXTURES, 'dotprompt-examples');
export const SEED_PROMPTS = readdirSync(EXAMPLES)
	.filter((f) => f.endsWith('.prompt'))
	.map((f) => readFileSync(join(EXAMPLES, f), 'utf8'));

/** Each shape at size `n`: what the issue reports measured at tens of thousands. */
export const HOSTILE_SHAPES: Record<string, (n: number) => string> = {
	'else if chain': (n) =>
		`---\ninput:\n  schema:\n    a: boolean\n    b: boolean\n---\n{{#if a}}x${'{{else if b}}y'.repeat(n)}{{/if}}\n`,
	'nested if / else if': (n) =>
		`---\ninput:\n  schema:\n    a: boolean\n    b: boolean\n---\n${'{{#if a}}x{{else if b}}'.repeat(n)}y${'{{/if}}'.repeat(n)}\n`,
	'schema keys unused': (n) =>
		`---\ninput:\n  schema:\n${Array.from({ length: n }, (_, i) => `    k${i}: string`).join('\n')}\n---\nhi\n`,
	'huge input.default value': (n) => `---\ninput:\n  default:\n    doc: "${'lorem ipsum '.repeat(n)}"\n---\n{{doc}}\n`,
	'open braces': (n) => '{{'.repeat(n),
	'open triple braces': (n) => '{{{'.repeat(n),
	'many mustaches': (n) => `---\ninput:\n  schema:\n    v: string\n---\n${'{{v}} '.repeat(n)}\n`,
	'role switches': (n) => `${'{{role "user"}}hi {{role "model"}}ok '.repeat(n)}\n`,
	media: (n) => `${'{{media url="https://example.com/a.png"}} '.repeat(n)}\n`,
	history: (n) => `${'{{history}} '.repeat(n)}\n`,
	'deep yaml': (n) => `---\nx: ${'['.repeat(n)}\n---\nhi\n`,
	'deep blocks': (n) =>
		`---\ninput:\n  schema:\n    a: boolean\n---\n${'{{#if a}}'.repeat(n)}x${'{{/if}}'.repeat(n)}\n`,
};

/** Fragments that stress the grammar: delimiters, helpers, YAML punctuation, line breaks of every kind. */
export const FRAGMENTS = [
	'---',
	'\n',
	'\r\n',
	'\r',
	'{{',
	'}}',
	'{{{',
	'}}}',
	'{{#if x}}',
	'{{/if}}',
	'{{else}}',
	'{{/each}}',
	'{{!',
	'{{!--',
	'--}}',
	'{{> p}}',
	'{{role "system"}}',
	'{{history}}',
	'{{media url=u}}',
	'"',
	"'",
	':',
	'- ',
	'  ',
	'\t',
	'&a',
	'*a',
	'#',
	'~',
	'\\',
	'😀',
	'\u0000',
	'é',
	'x',
	'[',
	'{',
];

export const fragmentText = fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 60 }).map((parts) => parts.join(''));

export const mutatedSeed = fc
	.tuple(fc.constantFrom(...SEED_PROMPTS), fc.nat(), fc.nat({ max: 40 }), fragmentText)
	.map(([seed, at, cut, insert]) => {
		const start = at % (seed.length + 1);
		return seed.slice(0, start) + insert + seed.slice(Math.min(seed.length, start + cut));
	});

/** A hostile shape at a size up to `maxN`, possibly mutated. */
export function hostilePrompt(maxN: number): fc.Arbitrary<string> {
	return fc
		.tuple(fc.constantFrom(...Object.keys(HOSTILE_SHAPES)), fc.integer({ min: 1, max: maxN }), fc.nat(), fragmentText)
		.map(([shape, n, at, insert]) => {
			const text = HOSTILE_SHAPES[shape](n);
			const start = at % (text.length + 1);
			return at % 3 === 0 ? text.slice(0, start) + insert + text.slice(start) : text;
		});
}
