// The deterministic assertions of prompt tests: text checks, JSON and schema checks, and limits on tokens, cost and time.
// Model-graded ones (llm-rubric, similar) and `javascript` need a host; evaluateAssertion leaves them to it.
import { checkJsonSchema, type JsonSchema } from '../jsonSchemaCheck';
import type { Assertion, AssertionResult, CaseOutput } from './testTypes';

/** Assertions this pure module decides; the rest are the host's (they call a model or run code). */
export const HOST_ASSERTIONS: ReadonlySet<string> = new Set(['javascript', 'llm-rubric', 'similar']);

export function evaluateAssertion(assertion: Assertion, run: CaseOutput): AssertionResult {
	const base = check(assertion, run);
	const label = `${assertion.negate ? 'not-' : ''}${assertion.type}`;
	if (!assertion.negate) return { type: label, ...base };
	return base.pass
		? {
				type: label,
				pass: false,
				reason: `expected the output not to pass \`${assertion.type}\`${base.expected ? ` (${base.expected})` : ''}`,
				expected: base.expected ? `not ${base.expected}` : undefined,
			}
		: { type: label, pass: true };
}

type Outcome = { pass: boolean; reason?: string; expected?: string };

function check(a: Assertion, run: CaseOutput): Outcome {
	const out = run.output;
	switch (a.type) {
		case 'equals':
			return equals(out, a.value);
		case 'contains':
			return has(out.includes(String(a.value)), `to contain ${JSON.stringify(a.value)}`);
		case 'icontains':
			return has(
				out.toLowerCase().includes(String(a.value).toLowerCase()),
				`to contain ${JSON.stringify(a.value)} (any case)`,
			);
		case 'contains-any':
			return has(
				(a.value as string[]).some((v) => out.includes(v)),
				`to contain one of ${JSON.stringify(a.value)}`,
			);
		case 'contains-all':
			return containsAll(out, a.value as string[]);
		case 'starts-with':
			return has(out.trimStart().startsWith(String(a.value)), `to start with ${JSON.stringify(a.value)}`);
		case 'regex':
			return has(new RegExp(String(a.value)).test(out), `to match /${String(a.value)}/`);
		case 'is-json':
			return parseJson(out).ok
				? { pass: true }
				: { pass: false, reason: 'the output is not valid JSON', expected: 'valid JSON' };
		case 'matches-schema':
			return matchesSchema(out, a.value ?? run.outputSchema);
		case 'max-tokens':
			return limit(run.outputTokens, a.value as number, 'output tokens', (n) => `${n}`);
		case 'max-cost':
			return limit(run.cost, a.value as number, 'cost', (n) => `$${n.toFixed(6)}`);
		case 'max-latency':
			return limit(run.latencyMs, a.value as number, 'latency', (n) => `${Math.round(n)} ms`);
		default:
			return { pass: false, reason: `\`${a.type}\` is decided by the test runner, not here` };
	}
}

function has(pass: boolean, expected: string): Outcome {
	return pass ? { pass, expected } : { pass, reason: `expected the output ${expected}`, expected };
}

/** A string compares as text (surrounding whitespace aside); anything else compares with the output read as JSON. */
function equals(out: string, value: unknown): Outcome {
	if (typeof value === 'string')
		return out.trim() === value.trim()
			? { pass: true, expected: value }
			: { pass: false, reason: 'the output differs from the expected text', expected: value };
	const parsed = parseJson(out);
	const expected = JSON.stringify(value);
	if (!parsed.ok)
		return { pass: false, reason: 'the output is not JSON, so it cannot equal the expected value', expected };
	return JSON.stringify(sortKeys(parsed.value)) === JSON.stringify(sortKeys(value))
		? { pass: true, expected }
		: { pass: false, reason: 'the output (as JSON) differs from the expected value', expected };
}

function containsAll(out: string, values: string[]): Outcome {
	const missing = values.filter((v) => !out.includes(v));
	const expected = `to contain all of ${JSON.stringify(values)}`;
	return missing.length === 0
		? { pass: true, expected }
		: { pass: false, reason: `the output lacks ${missing.map((m) => JSON.stringify(m)).join(', ')}`, expected };
}

function matchesSchema(out: string, schema: unknown): Outcome {
	if (schema === undefined || schema === null)
		return { pass: false, reason: 'no schema: give `value`, or declare output.schema in the prompt' };
	const parsed = parseJson(out);
	if (!parsed.ok)
		return { pass: false, reason: 'the output is not valid JSON', expected: 'JSON that matches the schema' };
	const problems = checkJsonSchema(parsed.value, schema as JsonSchema);
	return problems.length === 0
		? { pass: true, expected: 'JSON that matches the schema' }
		: {
				pass: false,
				reason: `the output does not match the schema: ${problems
					.slice(0, 3)
					.map((p) => `${p.path} ${p.message}`)
					.join('; ')}`,
				expected: 'JSON that matches the schema',
			};
}

function limit(measured: number | undefined, max: number, what: string, show: (n: number) => string): Outcome {
	const expected = `${what} ≤ ${show(max)}`;
	if (measured === undefined)
		return {
			pass: false,
			reason: `the ${what} is unknown (the provider reported no usage, or the model has no price)`,
			expected,
		};
	return measured <= max
		? { pass: true, expected }
		: { pass: false, reason: `${what} ${show(measured)} is over ${show(max)}`, expected };
}

/** Models often wrap JSON in a ```json fence; the fence is not part of the value. */
function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
	const fenced = /^\s*```(?:json)?\s*\n([\s\S]*?)\n\s*```\s*$/.exec(text);
	try {
		return { ok: true, value: JSON.parse(fenced ? fenced[1] : text) };
	} catch {
		return { ok: false };
	}
}

function sortKeys(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(sortKeys);
	if (value && typeof value === 'object')
		return Object.fromEntries(
			Object.entries(value)
				.sort(([a], [b]) => a.localeCompare(b))
				.map(([k, v]) => [k, sortKeys(v)]),
		);
	return value;
}
