// The faster Handlebars compiler (fastCompile.ts) changes nothing users get: the same JavaScript and the same messages
// as Handlebars' own, on the conformance corpus, the examples, every fixture and large prompts of several shapes.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Dotprompt } from 'dotprompt';
import { renderPrompt } from '../../server/src/core';
import { fasterJavaScriptCompiler, type JsCompilerClass } from '../../server/src/core/fastCompile';
import { FIXTURES, REPO_ROOT } from '../support/paths';
import { filesBelow, specFiles, suitesOf, type SpecSuite } from '../support/specSuites';

interface Env {
	create(): Env;
	precompile(template: string, options: object): string;
	JavaScriptCompiler: JsCompilerClass;
}

/** Constructs the corpus has few of: decorators (inline partials), partial blocks, block params, depths, raw blocks. */
const EDGE = [
	'{{#*inline "sig"}}-- {{name}}{{/inline}}Hi {{> sig}} and {{#each items}}{{> sig}}{{/each}}',
	'{{#> missing}}fallback {{name}}{{/missing}}',
	'{{#each items as |item i|}}{{i}}={{item}} of {{../name}} {{@root.name}} {{@index}}{{else}}none{{/each}}',
	'{{#with name as |n|}}{{n}}{{/with}} {{lookup items 1}} {{{{raw}}}}{{not parsed}}{{{{/raw}}}}',
	'{{#if a}}A{{else if name}}N {{~name~}} !{{else}}E{{/if}} {{!-- comment --}} {{! short }}',
	'  {{#each items}}\n  - {{this}}\n  {{/each}}\n{{#unless a}}u{{/unless}}',
	'{{#if name}}{{#if name}}{{name}}{{/if}}{{/if}}{{#if name}}{{#if name}}{{name}}{{/if}}{{/if}}',
	'{{role "system"}}S{{history}}{{role "user"}}{{media url=name}}{{section "x"}}{{json items indent=2}}',
	'{{* decorator}}x',
	'{{#each items}}{{#each ../items}}{{../../name}}{{/each}}{{/each}}',
];


const suites = specFiles().flatMap(suitesOf);
const prompts = [...filesBelow(join(REPO_ROOT, 'examples'), '.prompt'), ...filesBelow(FIXTURES, '.prompt')]
	.map((f) => readFileSync(f, 'utf8'));

/** A runtime as render.ts builds it (own Handlebars environment), with Handlebars' compiler or the faster one. */
function runtime(fast: boolean, suite?: SpecSuite): Dotprompt {
	const resolver = suite?.resolverPartials;
	const runtime = new Dotprompt({
		partialResolver: resolver ? async (name) => resolver[name] ?? null : undefined,
		schemas: suite?.schemas as never,
		tools: suite?.tools as never,
	});
	const internals = runtime as unknown as { handlebars: Env };
	const shared = internals.handlebars;
	const env = shared.create() as Env & Record<string, unknown>;
	const statics = shared as unknown as Record<string, unknown>;
	for (const key of Object.keys(shared)) if (!(key in env)) env[key] = statics[key];
	for (const [name, helper] of Object.entries((shared as unknown as { helpers: object }).helpers)) {
		(env as unknown as { registerHelper(n: string, h: unknown): void }).registerHelper(name, helper);
	}
	if (fast) env.JavaScriptCompiler = fasterJavaScriptCompiler(shared.JavaScriptCompiler);
	internals.handlebars = env;
	for (const [name, partial] of Object.entries(suite?.partials ?? {})) runtime.definePartial(name, partial);
	return runtime;
}

/** What a render gives, failures included (as their message), so both sides can be compared whole. */
async function outcome(promise: () => Promise<unknown>): Promise<unknown> {
	try {
		return { ok: await promise() };
	} catch (error) {
		return { error: error instanceof Error ? error.message : String(error) };
	}
}

function precompiled(env: Env, template: string): string {
	try {
		return env.precompile(template, { knownHelpersOnly: false, noEscape: true });
	} catch (error) {
		return `threw: ${error instanceof Error ? error.message : String(error)}`;
	}
}

/** Large prompts: blocks that differ (the quadratic case), that repeat (shared programs), nesting, roles, media. */
function largeShapes(size: number): Record<string, string> {
	const text = 'The assistant reviews the ticket and answers in plain words, citing the policy where it applies. ';
	const repeat = (unit: (i: number) => string): string => {
		let out = '---\nmodel: openai/gpt-4o\ninput:\n  default:\n    name: Ada\n    items: [a, b]\n---\n';
		for (let i = 0; out.length < size; i++) out += unit(i);
		return out;
	};
	return {
		distinctIfs: repeat((i) => `{{#if name}}\nSection ${i}: ${text}\n{{else}}none ${i}{{/if}}\n`),
		sameEach: repeat(() => `${text}\n{{#each items}}- {{this}} for {{../name}}\n{{/each}}\n`),
		nested: repeat((i) => `{{#if name}}{{#each items}}{{#if @first}}${i % 7} {{/if}}{{this}}{{/each}}{{/if}} ${text}\n`),
		roles: repeat((i) => `{{role "${i % 2 ? 'model' : 'user'}"}}\n${text}{{name}}\n{{media url="x/${i}"}}\n`),
		history: repeat((i) => `${i % 5 ? '{{section "s"}}' : '{{history}}'}\n${text}{{json items}}\n`),
		vars: repeat(() => 'Dear {{name}}, {{items.[0]}} and {{{items.[1]}}}\n'),
	};
}

test('the same JavaScript as Handlebars compiles, for every corpus, example and fixture template and partial', () => {
	const own = (runtime(false) as unknown as { handlebars: Env }).handlebars;
	const fast = (runtime(true) as unknown as { handlebars: Env }).handlebars;
	const parser = new Dotprompt();
	const logged = console.error;
	// Fixtures with broken YAML make the runtime's parse log the error; expected here, not noise to show.
	console.error = () => undefined;
	let templates: string[];
	try {
		templates = [
			...suites.flatMap((s) => [s.template, ...Object.values({ ...s.partials, ...s.resolverPartials })]),
			...prompts,
			...EDGE,
			...Object.values(largeShapes(60_000)),
		].map((source) => parser.parse(source).template);
	} finally {
		console.error = logged;
	}
	for (const template of templates) {
		assert.equal(precompiled(fast, template), precompiled(own, template), template.slice(0, 200));
	}
	assert.ok(templates.length > 150, `only ${templates.length} templates compared`);
});

test('the same messages and metadata as with Handlebars\' own compiler, on every conformance case', async () => {
	let compared = 0;
	for (const suite of suites) {
		for (const spec of suite.tests) {
			const data = { ...suite.data, ...spec.data };
			const expected = await outcome(() => runtime(false, suite).render(suite.template, data, spec.options));
			const actual = await outcome(() => runtime(true, suite).render(suite.template, data, spec.options));
			assert.deepEqual(actual, expected, suite.template.slice(0, 200));
			compared++;
		}
	}
	assert.ok(compared > 100, `only ${compared} cases compared`);
});

test('renderPrompt gives the runtime\'s own messages for the examples, fixtures and large shapes', async () => {
	const logged = console.error;
	// Fixtures with broken YAML make the runtime log the error; expected here, not noise to show.
	console.error = () => undefined;
	try {
		const sources = [...prompts, ...EDGE, ...Object.values(largeShapes(100_000))];
		let compared = 0;
		for (const source of sources) {
			const input = { name: 'Ada', items: ['a', 'b'] };
			const rendered = await renderPrompt(source, { input }, { inputSchema: false });
			// YAML nested too deeply to read is not rendered at all (render.ts): nothing to compare.
			if (!rendered.ok && rendered.message.includes('nests too deeply')) continue;
			// renderPrompt passes the frontmatter's input.default as the runtime's `options`, as Genkit does.
			const defaults = (new Dotprompt().parse(source).input as { default?: unknown } | undefined)?.default;
			const options = defaults === undefined ? undefined : { input: { default: defaults } };
			const own = runtime(false);
			const expected = await outcome(async () => (await own.render(source, { input }, options as never)).messages);
			const actual = rendered.ok ? { ok: rendered.prompt.messages } : { error: rendered.message };
			assert.deepEqual(actual, expected, source.slice(0, 200));
			compared++;
		}
		assert.ok(compared > 30, `only ${compared} prompts compared`);
	} finally {
		console.error = logged;
	}
});
