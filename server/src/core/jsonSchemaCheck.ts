// Checks a JSON value against the JSON Schema subset Picoschema produces (type, properties, required, items, enum, additionalProperties).

/**
 * A JSON Schema as the runtime produces it from Picoschema (type, properties, required, items, enum,
 * additionalProperties, description); other keywords are carried but not checked.
 */
export interface JsonSchema {
	type?: string | string[];
	properties?: Record<string, JsonSchema>;
	required?: string[];
	items?: JsonSchema;
	enum?: unknown[];
	additionalProperties?: boolean | JsonSchema;
	description?: string;
	[keyword: string]: unknown;
}

export interface SchemaProblem {
	/** `$`, `$.user.name`, `$.items[2]`, `$["odd key"]` */
	path: string;
	message: string;
}

/** At most this many problems are listed: a wholly wrong answer would otherwise list one per field. */
export const MAX_PROBLEMS = 50;
const MAX_DEPTH = 64;

/** Every problem found (up to MAX_PROBLEMS); an empty list means the value fits the schema. Never throws. */
export function checkJsonSchema(value: unknown, schema: JsonSchema): SchemaProblem[] {
	const problems: SchemaProblem[] = [];
	check(value, schema, '$', problems, 0);
	return problems.slice(0, MAX_PROBLEMS);
}

/** The JSON type of a parsed value, with `integer` for whole numbers. */
export function jsonTypeOf(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'array';
	if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
	return typeof value;
}

function check(value: unknown, schema: JsonSchema, path: string, problems: SchemaProblem[], depth: number): void {
	if (problems.length >= MAX_PROBLEMS || depth > MAX_DEPTH || !isSchema(schema)) return;
	if (Array.isArray(schema.enum) && !schema.enum.some((allowed) => sameJson(allowed, value))) {
		problems.push({ path, message: `${describe(value)} is not one of ${schema.enum.map((e) => JSON.stringify(e)).join(', ')}` });
		return;
	}
	const types = typeof schema.type === 'string' ? [schema.type] : Array.isArray(schema.type) ? schema.type.filter((t) => typeof t === 'string') : undefined;
	if (types && types.length > 0 && !types.some((t) => fitsType(value, t))) {
		problems.push({ path, message: `expected ${types.join(' or ')}, got ${jsonTypeOf(value)}` });
		return;
	}
	if (Array.isArray(value)) {
		if (isSchema(schema.items)) value.forEach((item, i) => check(item, schema.items as JsonSchema, `${path}[${i}]`, problems, depth + 1));
		return;
	}
	if (typeof value === 'object' && value !== null) checkObject(value as Record<string, unknown>, schema, path, problems, depth);
}

function checkObject(value: Record<string, unknown>, schema: JsonSchema, path: string, problems: SchemaProblem[], depth: number): void {
	const properties = isSchema(schema.properties) ? (schema.properties as Record<string, JsonSchema>) : {};
	for (const key of Array.isArray(schema.required) ? schema.required : []) {
		if (typeof key === 'string' && !Object.prototype.hasOwnProperty.call(value, key)) {
			problems.push({ path, message: `missing required property "${key}"` });
		}
	}
	for (const [key, child] of Object.entries(value)) {
		const childPath = memberPath(path, key);
		if (Object.prototype.hasOwnProperty.call(properties, key)) {
			check(child, properties[key], childPath, problems, depth + 1);
		} else if (schema.additionalProperties === false) {
			problems.push({ path: childPath, message: `property "${key}" is not in the schema` });
		} else if (isSchema(schema.additionalProperties)) {
			check(child, schema.additionalProperties, childPath, problems, depth + 1);
		}
	}
}

function fitsType(value: unknown, type: string): boolean {
	switch (type) {
		case 'integer':
			return typeof value === 'number' && Number.isInteger(value);
		case 'number':
			return typeof value === 'number';
		case 'any':
			return true;
		default:
			return jsonTypeOf(value) === type;
	}
}

function isSchema(value: unknown): value is JsonSchema {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function memberPath(path: string, key: string): string {
	return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

function describe(value: unknown): string {
	const text = JSON.stringify(value) ?? String(value);
	return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}

/** Deep equality of JSON values (enum members may be objects or arrays). */
function sameJson(a: unknown, b: unknown): boolean {
	if (a === b) return true;
	if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
	if (Array.isArray(a) !== Array.isArray(b)) return false;
	const ka = Object.keys(a);
	const kb = Object.keys(b);
	return ka.length === kb.length && ka.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
