// The shapes of prompt tests: a test file beside a prompt (`summarize.test.yaml`), its cases and assertions, and results.
import type { Span } from '../types';

export const ASSERTION_TYPES = [
	'equals',
	'contains',
	'icontains',
	'contains-any',
	'contains-all',
	'starts-with',
	'regex',
	'is-json',
	'matches-schema',
	'max-tokens',
	'max-cost',
	'max-latency',
	'javascript',
	'llm-rubric',
	'similar',
] as const;

export type AssertionType = (typeof ASSERTION_TYPES)[number];

/** The limits and the scored types have no `not-` form. */
const NOT_NEGATABLE: ReadonlySet<string> = new Set(['max-tokens', 'max-cost', 'max-latency', 'llm-rubric', 'similar']);

/** Types that take a `not-` prefix. */
export const NEGATABLE: ReadonlySet<string> = new Set(ASSERTION_TYPES.filter((t) => !NOT_NEGATABLE.has(t)));

export interface Assertion {
	type: AssertionType;
	negate: boolean;
	value?: unknown;
	/** For scored assertions (llm-rubric, similar): the least score that passes. */
	threshold?: number;
	/** Where it is written (offsets in the test file), for messages. */
	span: Span;
}

export interface TestCase {
	name: string;
	vars: Record<string, unknown>;
	assert: Assertion[];
	span: Span;
	/** Set for rows of a dataset: the file and its 1-based line. */
	source?: { file: string; line: number };
}

export interface DatasetRef {
	path: string;
	span: Span;
}

export interface TestSuite {
	/** The prompt under test, relative to the test file; default: `name.prompt` beside `name.test.yaml`. */
	prompt?: string;
	models?: string[];
	repeat: number;
	threshold: number;
	defaults: Assertion[];
	cases: TestCase[];
	datasets: DatasetRef[];
}

export interface TestProblem {
	message: string;
	span: Span;
}

export interface AssertionResult {
	type: string;
	pass: boolean;
	/** What went wrong, in words, with the expected value where it helps. */
	reason?: string;
	score?: number;
	expected?: string;
}

/** What one run of a case produced, as the assertions see it. */
export interface CaseOutput {
	output: string;
	outputTokens?: number;
	cost?: number;
	latencyMs: number;
	/** The prompt's `output.schema` as JSON Schema, for matches-schema without a value. */
	outputSchema?: unknown;
}
