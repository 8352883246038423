// The pure part of prompt tests: reading test files (with located problems), datasets, each assertion and the pass rule.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import Ajv from 'ajv';
import { parse as parseYaml } from 'yaml';
import {
	ASSERTION_TYPES,
	casePasses,
	evaluateAssertion,
	matchesAnyGlob,
	NEGATABLE,
	parseDataset,
	parseTestFile,
	type Assertion,
	type CaseOutput,
} from '../../server/src/core';
import { REPO_ROOT } from '../support/paths';

const RUN: CaseOutput = { output: 'Echo: The New Index ships May 1.', outputTokens: 12, cost: 0.0004, latencyMs: 850 };

function check(type: string, value?: unknown, run: CaseOutput = RUN): boolean {
	const negate = type.startsWith('not-');
	return evaluateAssertion(
		{ type: (negate ? type.slice(4) : type) as Assertion['type'], negate, value, span: { start: 0, end: 0 } },
		run,
	).pass;
}

describe('assertions', () => {
	test('text checks and their not- forms', () => {
		assert.equal(check('contains', 'New Index'), true);
		assert.equal(check('contains', 'new index'), false);
		assert.equal(check('icontains', 'new index'), true);
		assert.equal(check('not-icontains', 'new index'), false);
		assert.equal(check('contains-any', ['nope', 'May']), true);
		assert.equal(check('contains-all', ['May', 'nope']), false);
		assert.equal(check('starts-with', 'Echo:'), true);
		assert.equal(check('regex', 'May \\d'), true);
		assert.equal(check('not-regex', '\\d+%'), true);
		assert.equal(check('equals', ' Echo: The New Index ships May 1. '), true);
	});

	test("JSON: is-json (a fenced block counts), equals on values, matches-schema with the prompt's schema by default", () => {
		const json: CaseOutput = {
			...RUN,
			output: '```json\n{"b": 2, "a": [1]}\n```',
			outputSchema: { type: 'object', required: ['a'], properties: { a: { type: 'array' } } },
		};
		assert.equal(check('is-json', undefined, json), true);
		assert.equal(check('is-json'), false);
		assert.equal(check('equals', { a: [1], b: 2 }, json), true);
		assert.equal(check('matches-schema', undefined, json), true);
		const failed = evaluateAssertion(
			{ type: 'matches-schema', negate: false, value: { type: 'object', required: ['c'] }, span: { start: 0, end: 0 } },
			json,
		);
		assert.equal(failed.pass, false);
		assert.match(failed.reason ?? '', /does not match the schema: \$ .*c/);
	});

	test('limits: tokens, cost, latency; an unknown measure fails and says why', () => {
		assert.equal(check('max-tokens', 12), true);
		assert.equal(check('max-tokens', 11), false);
		assert.equal(check('max-cost', 0.001), true);
		assert.equal(check('max-latency', 500), false);
		const unknown = evaluateAssertion(
			{ type: 'max-cost', negate: false, value: 1, span: { start: 0, end: 0 } },
			{ ...RUN, cost: undefined },
		);
		assert.match(unknown.reason ?? '', /cost is unknown/);
	});

	test('a repeated case passes when at least the threshold of its runs pass', () => {
		assert.equal(casePasses(2, 3, 0.67), true);
		assert.equal(casePasses(1, 3, 0.67), false);
		assert.equal(casePasses(3, 3, 1), true);
		assert.equal(casePasses(0, 0, 0), false);
	});
});

describe('test files', () => {
	test('reads cases, defaults, datasets, repeat and threshold', () => {
		const { suite, problems } = parseTestFile(
			'models: [a/b, c/d]\nrepeat: 3\nthreshold: 0.67\ndefaults: { assert: [{ type: max-cost, value: 0.01 }] }\ncases:\n  - name: one\n    vars: { x: 1 }\n    assert: [{ type: not-contains, value: y }]\n  - dataset: rows.csv\n',
		);
		assert.deepEqual(problems, []);
		assert.deepEqual(suite.models, ['a/b', 'c/d']);
		assert.equal(suite.repeat, 3);
		assert.equal(suite.threshold, 0.67);
		assert.equal(suite.defaults[0].type, 'max-cost');
		assert.deepEqual(
			suite.cases.map((c) => [c.name, c.vars, c.assert.map((a) => [a.type, a.negate, a.value])]),
			[['one', { x: 1 }, [['contains', true, 'y']]]],
		);
		assert.deepEqual(
			suite.datasets.map((d) => d.path),
			['rows.csv'],
		);
	});

	test('problems carry the span of the key or value at fault; the rest of the file is still read', () => {
		const text =
			'repeat: 0\ncases:\n  - name: a\n    assert:\n      - { type: max-tokens, value: many }\n      - { type: not-max-cost, value: 1 }\n  - name: b\n    bogus: 1\n';
		const { suite, problems } = parseTestFile(text);
		const at = problems.map((p) => [text.slice(p.span.start, p.span.end), p.message.split(':')[0]]);
		assert.deepEqual(at, [
			['0', '`repeat` must be a whole number from 1 to 100.'],
			['many', '`max-tokens` takes a number ≥ 0 (output tokens).'],
			['not-max-cost', '`max-cost` has no `not-` form.'],
			['bogus', 'Unknown key `bogus` in a case'],
		]);
		assert.deepEqual(
			suite.cases.map((c) => c.name),
			['a', 'b'],
		);
	});

	test('datasets: JSON lines and CSV (quoted fields, line breaks), __expected becomes an equals, broken rows are located', () => {
		const jsonl = parseDataset('t.jsonl', '{"q": "a", "__expected": "A"}\nnot json\n\n[1]\n');
		assert.deepEqual(
			jsonl.cases.map((c) => [c.name, c.vars, c.assert.map((a) => a.value)]),
			[['t.jsonl:1', { q: 'a' }, ['A']]],
		);
		assert.deepEqual(
			jsonl.problems.map((p) => p.line),
			[2, 4],
		);
		const csv = parseDataset('t.csv', 'q,note\n"a, b","line one\nline two"\nc,"say ""hi"""\nd\n');
		assert.deepEqual(
			csv.cases.map((c) => c.vars),
			[
				{ q: 'a, b', note: 'line one\nline two' },
				{ q: 'c', note: 'say "hi"' },
			],
		);
		assert.deepEqual(
			csv.problems.map((p) => [p.line, p.message]),
			[[5, 't.csv:5: 1 fields, but the header has 2']],
		);
	});
});

describe('the test file JSON Schema (contributed to VS Code with yamlValidation)', () => {
	const schema = JSON.parse(readFileSync(join(REPO_ROOT, 'media', 'schemas', 'prompt-test.schema.json'), 'utf8'));
	const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

	test('lists every assertion type the runner knows, and their not- forms', () => {
		const listed = schema.definitions.assertion.properties.type.enum as string[];
		assert.deepEqual(new Set(listed), new Set([...ASSERTION_TYPES, ...[...NEGATABLE].map((t) => `not-${t}`)]));
	});

	test('accepts the example test file and rejects what the reader rejects', () => {
		assert.ok(
			validate(parseYaml(readFileSync(join(REPO_ROOT, 'examples', 'summarize.test.yaml'), 'utf8'))),
			JSON.stringify(validate.errors),
		);
		for (const bad of [
			'cases: []\nbogus: 1',
			'cases:\n  - assert: [{ type: containz }]',
			'repeat: 0\ncases: []',
			'cases:\n  - dataset: rows.txt',
		]) {
			assert.equal(validate(parseYaml(bad)), false, bad);
		}
	});
});

describe('globs of promptLens.tests', () => {
	test('** spans folders, * and ? stay within a name, {a,b} is either', () => {
		assert.equal(matchesAnyGlob('a/b/c.test.yaml', ['**/*.test.yaml']), true);
		assert.equal(matchesAnyGlob('c.test.yaml', ['**/*.test.yaml']), true);
		assert.equal(matchesAnyGlob('checks/x.yaml', ['checks/*.yaml']), true);
		assert.equal(matchesAnyGlob('checks/deep/x.yaml', ['checks/*.yaml']), false);
		assert.equal(matchesAnyGlob('t/x.yml', ['t/*.{yaml,yml}']), true);
		assert.equal(matchesAnyGlob('t/xyaml', ['t/*.yaml']), false);
	});
});
