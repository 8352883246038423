// The schema reader on the Dotprompt conformance suite and the example files: no false problems, and the same field tree the runtime's JSON Schema gives.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { parsePrompt, readSchema, renderPrompt, type SchemaInfo } from '../../server/src/core';
import { FIXTURES } from '../support/paths';
import { covered, promptWith, tree } from '../support/schemaCases';

interface SpecSuite { name: string; template: string; schemas?: Record<string, unknown>; partials?: Record<string, string> }

function specTemplates(): { id: string; source: string; schemas?: Record<string, unknown> }[] {
	const dir = join(FIXTURES, 'dotprompt-spec');
	const files = (d: string): string[] => readdirSync(d).flatMap((n) => (statSync(join(d, n)).isDirectory() ? files(join(d, n)) : n.endsWith('.yaml') ? [join(d, n)] : []));
	return files(dir).flatMap((file) => (parse(readFileSync(file, 'utf8')) as SpecSuite[]).flatMap((suite) =>
		[suite.template, ...Object.values(suite.partials ?? {})].map((source) => ({ id: `${relative(dir, file)} ${suite.name}`, source, schemas: suite.schemas }))));
}

function exampleFiles(): { id: string; source: string }[] {
	const dir = join(FIXTURES, 'dotprompt-examples');
	const files = (d: string): string[] => readdirSync(d).flatMap((n) => (statSync(join(d, n)).isDirectory() ? files(join(d, n)) : n.endsWith('.prompt') ? [join(d, n)] : []));
	return files(dir).map((file) => ({ id: relative(dir, file), source: readFileSync(file, 'utf8') }));
}

/** Example files that are wrong: the runtime fails on them exactly as the problem says. */
const EXAMPLES_THE_RUNTIME_REJECTS: Record<string, string> = {
	'valid-blog-generator.prompt': 'string[]',
	'valid-comments-and-partials.prompt': 'string[]',
};

describe('the conformance suite and the examples', () => {
	test('no problem on any schema of the spec', () => {
		for (const { id, source } of specTemplates()) {
			const doc = parsePrompt(source).doc;
			for (const which of ['input', 'output'] as const) assert.deepEqual(readSchema(doc, which)?.problems ?? [], [], id);
		}
	});

	test('no problem on the examples, except where the runtime fails to render them', async () => {
		for (const { id, source } of exampleFiles()) {
			const doc = parsePrompt(source).doc;
			const problems = (['input', 'output'] as const).flatMap((which) => readSchema(doc, which)?.problems ?? []);
			const rejected = EXAMPLES_THE_RUNTIME_REJECTS[id];
			if (!rejected) {
				assert.deepEqual(problems, [], id);
				continue;
			}
			assert.deepEqual(problems.map((p) => covered(source, p.span)), [rejected], id);
			const rendered = await renderPrompt(source);
			assert.equal(rendered.ok, false, id);
			assert.match(rendered.ok ? '' : rendered.message, new RegExp(`could not find schema with name '${rejected.replace(/[[\]]/g, '\\$&')}'`));
		}
	});

	test('the field tree of every spec schema equals the JSON Schema the runtime makes of it', async () => {
		let compared = 0;
		for (const { id, source, schemas } of specTemplates()) {
			if (schemas) continue; // named schemas resolve to their definitions; covered above
			compared += await compareWithRuntime(id, source);
		}
		assert.ok(compared >= 15, `only ${compared} schemas compared`);
	});

	test('…and of a varied set of our own', async () => {
		const own = [
			'a: string\nb?: number, desc\nc(array, list): integer\nd?(object, o):\n  e: boolean\n  f?(array):\n    g: any\n    (*): string\nh?(enum): [x, y]\ni: null, the null type\nj: any',
			'(*): string',
			'list(array):\n  inner(array):\n    leaf?: string',
		];
		for (const schema of own) await compareWithRuntime(schema, promptWith(schema));
	});
});

/**
 * Reads the schema, lets the runtime turn it into JSON Schema, reads that back as JSON Schema, and checks both
 * readings give the same tree. Returns how many schemas it compared.
 */
async function compareWithRuntime(id: string, source: string): Promise<number> {
	let compared = 0;
	const doc = parsePrompt(source).doc;
	if (!readSchema(doc, 'input') && !readSchema(doc, 'output')) return 0;
	const rendered = await renderPrompt(source);
	assert.ok(rendered.ok, `${id}: ${rendered.ok ? '' : rendered.message}`);
	for (const which of ['input', 'output'] as const) {
		const ours = readSchema(doc, which);
		const json: unknown = (rendered.prompt as unknown as Record<string, { schema?: unknown } | undefined>)[which]?.schema;
		if (!ours || json === undefined) continue;
		const back: SchemaInfo = readSchema(parsePrompt(promptWith(JSON.stringify(json), which)).doc, which)!;
		assert.deepEqual(tree(ours.fields), tree(back.fields), `${id} (${which})`);
		if (ours.dialect === 'picoschema' && ours.fields.length) assert.equal(ours.open, back.open, `${id} (${which}) open`);
		compared++;
	}
	return compared;
}
