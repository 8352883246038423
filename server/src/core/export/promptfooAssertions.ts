// Our assertions → promptfoo's, each with the same meaning: built-in types where promptfoo's check is ours, a
// `transform` where only the output's whitespace or a ```json fence differs, a `javascript` body where no type fits.
import type { Assertion } from '../evals/testTypes';
import type { ExportEndpoint } from './exportTypes';

/**
 * promptfoo renders every string value of an assertion with Nunjucks (and loads `file://…`); ours are literal. A value
 * that Nunjucks would read becomes a Nunjucks string literal printing it (a `{% raw %}` block cannot hold `{% raw %}`).
 */
export function literal(value: string): string {
	if (!/\{[{%#]|^file:\/\/|^package:/.test(value)) return value;
	const escaped = value
		.replace(/\\/g, '\\\\')
		.replace(/"/g, '\\"')
		.replace(/\n/g, '\\n')
		.replace(/\r/g, '\\r')
		.replace(/\t/g, '\\t');
	return `{{ "${escaped}" }}`;
}

/** The fence our JSON checks strip (assertions.ts parseJson). */
const UNFENCE = '(/^\\s*```(?:json)?\\s*\\n([\\s\\S]*?)\\n\\s*```\\s*$/.exec(output) || [null, output])[1]';
const LIMIT_DEFAULTS: Record<string, number> = { 'llm-rubric': 0.7, similar: 0.8 };

export interface AssertionContext {
	judge?: ExportEndpoint;
	embedding?: ExportEndpoint;
	outputSchema?: unknown;
}

export type Mapped = { assertion: Record<string, unknown> } | { unmapped: string };

export function promptfooAssertion(a: Assertion, context: AssertionContext): Mapped {
	const not = a.negate ? 'not-' : '';
	const mapped = mapOne(a, not, context);
	if ('unmapped' in mapped) return mapped;
	const value = mapped.assertion.value;
	if (typeof value === 'string') mapped.assertion.value = literal(value);
	else if (Array.isArray(value)) mapped.assertion.value = value.map((v) => (typeof v === 'string' ? literal(v) : v));
	return mapped;
}

function mapOne(a: Assertion, not: string, context: AssertionContext): Mapped {
	const value = a.value;
	switch (a.type) {
		case 'contains':
		case 'icontains':
		case 'contains-any':
		case 'contains-all':
		case 'regex':
			return { assertion: { type: `${not}${a.type}`, value } };
		case 'starts-with':
			return { assertion: { type: `${not}starts-with`, value, transform: 'output.trimStart()' } };
		case 'equals':
			return equals(value, not);
		case 'is-json':
			return { assertion: { type: `${not}is-json`, transform: UNFENCE } };
		case 'matches-schema': {
			const schema = value ?? context.outputSchema;
			if (schema === undefined || schema === null)
				return { unmapped: 'no schema: give `value`, or declare output.schema in the prompt' };
			return { assertion: { type: `${not}is-json`, value: schema, transform: UNFENCE } };
		}
		case 'max-tokens':
			return {
				assertion: {
					type: 'javascript',
					value: `const n = context.providerResponse?.tokenUsage?.completion;\nreturn n !== undefined && n <= ${Number(value)};`,
					metric: 'max-tokens',
				},
			};
		case 'max-cost':
			return { assertion: { type: 'cost', threshold: value } };
		case 'max-latency':
			return { assertion: { type: 'latency', threshold: value } };
		case 'javascript':
			return { assertion: { type: `${not}javascript`, value: javascriptBody(String(value)) } };
		case 'llm-rubric':
			return graded(a, 'llm-rubric', context.judge, 'chat');
		case 'similar':
			return graded(a, 'similar', context.embedding, 'embedding');
	}
}

/** Text compares trimmed; a JSON value compares with the output parsed (fence stripped), as assertions.ts does. */
function equals(value: unknown, not: string): Mapped {
	if (typeof value === 'string')
		return { assertion: { type: `${not}equals`, value: value.trim(), transform: 'output.trim()' } };
	// promptfoo compares objects and arrays (and null) with the output parsed, numbers and booleans as text.
	if (typeof value === 'object') return { assertion: { type: `${not}equals`, value, transform: UNFENCE } };
	const body = [
		`const text = ${UNFENCE};`,
		'try {',
		`\treturn JSON.parse(text) === ${JSON.stringify(value)};`,
		'} catch {',
		'\treturn false;',
		'}',
	].join('\n');
	return { assertion: { type: `${not}javascript`, value: body, metric: `${not}equals` } };
}

/** Ours: an expression over `output` and `json` (the output parsed, when it parses), true or false. */
function javascriptBody(expression: string): string {
	const json = 'const json = (() => { try { return JSON.parse(output); } catch { return undefined; } })();';
	return `${json}\nreturn Boolean(\n${expression}\n);`;
}

function graded(a: Assertion, type: string, endpoint: ExportEndpoint | undefined, kind: 'chat' | 'embedding'): Mapped {
	const assertion: Record<string, unknown> = {
		type,
		value: String(a.value),
		threshold: a.threshold ?? LIMIT_DEFAULTS[type],
	};
	if (endpoint) assertion.provider = promptfooProvider(endpoint, kind);
	return { assertion };
}

const OPENAI_BASE = 'https://api.openai.com/v1';

/** Every provider we run speaks OpenAI's API, so each maps to promptfoo's OpenAI provider at the same address. */
export function promptfooProvider(endpoint: ExportEndpoint, kind: 'chat' | 'embedding'): Record<string, unknown> {
	const { provider } = endpoint;
	const config: Record<string, unknown> = {};
	if (provider.baseURL.replace(/\/+$/, '') !== OPENAI_BASE) config.apiBaseUrl = provider.baseURL;
	if (provider.apiKeyEnv && provider.apiKeyEnv !== 'OPENAI_API_KEY') config.apiKeyEnvar = provider.apiKeyEnv;
	if (provider.keyOptional) config.apiKeyRequired = false;
	if (provider.headers && Object.keys(provider.headers).length > 0) config.headers = { ...provider.headers };
	const entry: Record<string, unknown> = { id: `openai:${kind}:${endpoint.modelId}`, label: endpoint.model };
	if (Object.keys(config).length > 0) entry.config = config;
	return entry;
}
