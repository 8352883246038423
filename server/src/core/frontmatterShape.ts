// Value shapes of frontmatter keys: what a parsed YAML value is, and whether it fits the kind a key's docs declare.

/** The kinds of value the frontmatter docs declare; the `frontmatter-schema` rule checks values against them. */
export type ValueKind =
	| 'string'
	/** A string or a number (`version: 2`). */
	| 'scalar'
	| 'number'
	| 'integer'
	| 'boolean'
	| 'mapping'
	| 'list'
	| 'string-list'
	| 'mapping-list'
	/** Picoschema or JSON Schema: a mapping, or a type or schema name (`schema: string`, `schema: Recipe`). */
	| 'schema';

const DESCRIPTIONS: Record<ValueKind, string> = {
	string: 'a string',
	scalar: 'a string or a number',
	number: 'a number',
	integer: 'a whole number',
	boolean: 'true or false',
	mapping: 'a mapping (`key: value` lines)',
	list: 'a list',
	'string-list': 'a list of strings',
	'mapping-list': 'a list of mappings',
	schema: 'a schema (a mapping of fields, or a type or schema name)',
};

/** How a message names a kind: "a list of strings". */
export function describeKind(kind: ValueKind): string {
	return DESCRIPTIONS[kind];
}

/** What a value is, as a message names it: "a list", "a mapping", "`0.5`", "the string `hot`". */
export function describeValue(value: unknown): string {
	const kind = kindOf(value);
	if (kind === 'boolean' || kind === 'number') return `\`${String(value)}\``;
	if (kind === 'string') return /^[^`\r\n]{1,40}$/.test(String(value)) ? `the string \`${String(value)}\`` : 'a string';
	return /^[aeiou]/.test(kind) ? `an ${kind}` : `a ${kind}`;
}

/** The YAML kind of a parsed value: `string`, `number`, `boolean`, `list`, `mapping` or `null`. */
export function kindOf(value: unknown): string {
	if (Array.isArray(value)) return 'list';
	// YAML 1.1 timestamps arrive as dates; the runtime's parser gives strings, so treat them as text.
	if (value instanceof Date) return 'string';
	if (value === null || value === undefined) return 'null';
	if (typeof value === 'object') return 'mapping';
	return typeof value;
}

export function isMapping(value: unknown): value is Record<string, unknown> {
	return kindOf(value) === 'mapping';
}

export function matchesKind(kind: ValueKind, value: unknown): boolean {
	const actual = kindOf(value);
	switch (kind) {
		case 'scalar': return actual === 'string' || actual === 'number';
		case 'integer': return actual === 'number' && Number.isInteger(value);
		case 'string-list': return Array.isArray(value) && value.every((item) => kindOf(item) === 'string');
		case 'mapping-list': return Array.isArray(value) && value.every(isMapping);
		case 'schema': return actual === 'mapping' || actual === 'string';
		default: return actual === kind;
	}
}

/** The value at `path` in the parsed frontmatter, or undefined when a step is missing or not a mapping. */
export function valueAt(data: unknown, path: string[]): unknown {
	let current = data;
	for (const step of path) {
		if (!isMapping(current) || !Object.prototype.hasOwnProperty.call(current, step)) return undefined;
		current = current[step];
	}
	return current;
}
