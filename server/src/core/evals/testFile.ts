// Reads a prompt's test file (YAML) into a TestSuite, with every problem located at the key or value at fault.
// Never throws; a file with problems still yields what could be read, so one bad case does not hide the others.
import { isMap, isScalar, isSeq, parseDocument, type Node as YamlNode, type YAMLMap } from 'yaml';
import { yamlNestingDepth } from '../yamlDepth';
import {
	ASSERTION_TYPES,
	NEGATABLE,
	type Assertion,
	type AssertionType,
	type TestCase,
	type TestProblem,
	type TestSuite,
} from './testTypes';

const MAX_NESTING = 64;
const SUITE_KEYS = new Set(['prompt', 'models', 'repeat', 'threshold', 'defaults', 'cases', 'description']);
const CASE_KEYS = new Set(['name', 'vars', 'assert', 'dataset', 'description']);
const SCORED = new Set(['llm-rubric', 'similar']);

export interface ParsedTestFile {
	suite: TestSuite;
	problems: TestProblem[];
}

export function parseTestFile(text: string): ParsedTestFile {
	const suite: TestSuite = { repeat: 1, threshold: 1, defaults: [], cases: [], datasets: [] };
	const problems: TestProblem[] = [];
	const depth = yamlNestingDepth(text, MAX_NESTING);
	if (depth.depth > MAX_NESTING)
		return {
			suite,
			problems: [
				{
					message: `The test file nests more than ${MAX_NESTING} levels deep; it was not read.`,
					span: { start: depth.offset, end: depth.offset + 1 },
				},
			],
		};
	const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: false });
	for (const error of doc.errors)
		problems.push({
			message: `Invalid YAML: ${error.message.replace(/\s+at line \d+[\s\S]*$/, '')}.`,
			span: { start: error.pos[0], end: Math.max(error.pos[1], error.pos[0] + 1) },
		});
	if (doc.errors.length > 0) return { suite, problems };
	const root = doc.contents;
	if (!isMap(root)) {
		problems.push({
			message:
				'A test file is a mapping with `cases:` (and optionally `models:`, `repeat:`, `threshold:`, `defaults:`).',
			span: spanOf(root, text.length),
		});
		return { suite, problems };
	}
	const problem = (message: string, node: unknown) => problems.push({ message, span: spanOf(node, text.length) });
	readSuiteKeys(root, suite, problem);
	const cases = root.get('cases', true);
	if (cases === undefined) problem('The test file has no `cases:` list.', root);
	else if (!isSeq(cases))
		problem('`cases` must be a list of cases (`- name: …`) or datasets (`- dataset: data.jsonl`).', cases);
	else cases.items.forEach((item, i) => readCase(item as YamlNode, i, suite, problem));
	return { suite, problems };
}

type Report = (message: string, node: unknown) => void;

function readSuiteKeys(root: YAMLMap, suite: TestSuite, problem: Report): void {
	for (const pair of root.items) {
		const key = isScalar(pair.key) ? String(pair.key.value) : '';
		if (!SUITE_KEYS.has(key))
			problem(
				`Unknown key \`${key}\`: a test file has ${[...SUITE_KEYS].map((k) => `\`${k}\``).join(', ')}.`,
				pair.key,
			);
	}
	const prompt = root.get('prompt', true);
	if (prompt !== undefined) {
		if (isScalar(prompt) && typeof prompt.value === 'string' && /\.prompt$/i.test(prompt.value))
			suite.prompt = prompt.value;
		else
			problem(
				'`prompt` names the .prompt file these tests are for, relative to this file (default: the one beside it with the same name).',
				prompt,
			);
	}
	const models = root.get('models', true);
	if (models !== undefined) {
		const list = isSeq(models)
			? models.items.map((m) => (isScalar(m) ? m.value : undefined))
			: [isScalar(models) ? models.value : undefined];
		if (list.every((m): m is string => typeof m === 'string' && m.trim() !== ''))
			suite.models = list.map((m) => m.trim());
		else
			problem(
				'`models` must be a model id or a list of them, e.g. [openai/gpt-4o-mini, googleai/gemini-2.5-flash].',
				models,
			);
	}
	suite.repeat = wholeNumber(root.get('repeat', true), 1, 100, 'repeat', problem) ?? 1;
	suite.threshold = fraction(root.get('threshold', true), 'threshold', problem) ?? 1;
	const defaults = root.get('defaults', true);
	if (defaults !== undefined) {
		if (!isMap(defaults)) problem('`defaults` must be a mapping such as { assert: [...] }.', defaults);
		else suite.defaults = readAssertions(defaults.get('assert', true), problem);
	}
}

function readCase(node: YamlNode, index: number, suite: TestSuite, problem: Report): void {
	if (!isMap(node))
		return problem(
			`Case ${index + 1} must be a mapping with \`name\`, \`vars\` and \`assert\` (or \`dataset\`).`,
			node,
		);
	for (const pair of node.items) {
		const key = isScalar(pair.key) ? String(pair.key.value) : '';
		if (!CASE_KEYS.has(key))
			problem(
				`Unknown key \`${key}\` in a case: a case has ${[...CASE_KEYS].map((k) => `\`${k}\``).join(', ')}.`,
				pair.key,
			);
	}
	const dataset = node.get('dataset', true);
	if (dataset !== undefined) {
		if (isScalar(dataset) && typeof dataset.value === 'string' && /\.(jsonl|csv)$/i.test(dataset.value))
			suite.datasets.push({ path: dataset.value, span: spanOf(dataset, 0) });
		else problem('`dataset` must name a .jsonl or .csv file (relative to the test file).', dataset);
		return;
	}
	const nameNode = node.get('name', true);
	const name =
		isScalar(nameNode) && String(nameNode.value).trim() !== '' ? String(nameNode.value) : `case ${index + 1}`;
	const varsNode = node.get('vars', true);
	let vars: Record<string, unknown> = {};
	if (varsNode !== undefined) {
		if (isMap(varsNode)) vars = varsNode.toJSON() as Record<string, unknown>;
		else problem(`\`vars\` of ${name} must be a mapping of input names to values.`, varsNode);
	}
	suite.cases.push({ name, vars, assert: readAssertions(node.get('assert', true), problem), span: spanOf(node, 0) });
}

function readAssertions(node: unknown, problem: Report): Assertion[] {
	if (node === undefined) return [];
	if (!isSeq(node)) {
		problem('`assert` must be a list such as [{ type: contains, value: "index" }].', node);
		return [];
	}
	return node.items.flatMap((item): Assertion[] => {
		const read = readAssertion(item, problem);
		return read ? [read] : [];
	});
}

function readAssertion(item: unknown, problem: Report): Assertion | undefined {
	if (!isMap(item)) {
		problem('An assertion is a mapping such as { type: icontains, value: "index" }.', item);
		return undefined;
	}
	const typeNode = item.get('type', true);
	const written = isScalar(typeNode) ? String(typeNode.value) : '';
	const negate = written.startsWith('not-');
	const type = negate ? written.slice(4) : written;
	if (!(ASSERTION_TYPES as readonly string[]).includes(type)) {
		problem(
			`Unknown assertion type \`${written}\`. Known: ${ASSERTION_TYPES.join(', ')} (and not-… for the text checks).`,
			typeNode ?? item,
		);
		return undefined;
	}
	if (negate && !NEGATABLE.has(type)) {
		problem(`\`${type}\` has no \`not-\` form.`, typeNode);
		return undefined;
	}
	const valueNode = item.get('value', true);
	const value = valueNode === undefined ? undefined : (valueNode as YamlNode).toJSON();
	const valueProblem = checkValue(type as AssertionType, value);
	if (valueProblem) {
		problem(valueProblem, valueNode ?? item);
		return undefined;
	}
	const threshold = SCORED.has(type) ? fraction(item.get('threshold', true), 'threshold', problem) : undefined;
	return { type: type as AssertionType, negate, value, threshold, span: spanOf(item, 0) };
}

/** The value each type needs; undefined when it is fine. */
function checkValue(type: AssertionType, value: unknown): string | undefined {
	const text = typeof value === 'string';
	const list = Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string');
	const number = typeof value === 'number' && Number.isFinite(value) && value >= 0;
	switch (type) {
		case 'is-json':
			return undefined;
		case 'matches-schema':
			return value === undefined || (typeof value === 'object' && value !== null)
				? undefined
				: "`matches-schema` takes a JSON Schema object, or no value for the prompt's output.schema.";
		case 'contains-any':
		case 'contains-all':
			return list ? undefined : `\`${type}\` takes a list of strings.`;
		case 'max-tokens':
		case 'max-cost':
		case 'max-latency':
			return number
				? undefined
				: `\`${type}\` takes a number ≥ 0 (${type === 'max-cost' ? 'USD' : type === 'max-latency' ? 'milliseconds' : 'output tokens'}).`;
		case 'regex':
			return text && validRegex(value)
				? undefined
				: '`regex` takes a regular expression (JavaScript syntax) as a string.';
		case 'equals':
			return value === undefined ? '`equals` needs a `value`.' : undefined;
		default:
			return text ? undefined : `\`${type}\` takes a string value.`;
	}
}

function validRegex(source: string): boolean {
	try {
		new RegExp(source);
		return true;
	} catch {
		return false;
	}
}

function wholeNumber(node: unknown, min: number, max: number, key: string, problem: Report): number | undefined {
	if (node === undefined) return undefined;
	const value = isScalar(node) ? node.value : undefined;
	if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return value;
	problem(`\`${key}\` must be a whole number from ${min} to ${max}.`, node);
	return undefined;
}

function fraction(node: unknown, key: string, problem: Report): number | undefined {
	if (node === undefined) return undefined;
	const value = isScalar(node) ? node.value : undefined;
	if (typeof value === 'number' && value >= 0 && value <= 1) return value;
	problem(`\`${key}\` must be a number from 0 to 1.`, node);
	return undefined;
}

function spanOf(node: unknown, fallback: number): { start: number; end: number } {
	const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
	return range ? { start: range[0], end: Math.max(range[1], range[0] + 1) } : { start: fallback, end: fallback };
}

/** The test cases a suite runs: its own cases and the dataset rows (read by the host), each with the defaults' assertions. */
export function withDefaults(suite: TestSuite, cases: TestCase[]): TestCase[] {
	return cases.map((c) => ({ ...c, assert: [...suite.defaults, ...c.assert] }));
}
