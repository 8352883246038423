// Reads a JSON Schema written in the frontmatter into the same located field tree as Picoschema: `properties`, nested objects, array `items`.
import { isMap, isScalar, isSeq, type Pair, type Scalar, type YAMLMap } from 'yaml';
import type { Span } from '../types';
import { SCALAR_TYPES } from './picoschemaGrammar';
import type { SchemaField, SchemaInfo } from './schemaTypes';
import { innerSpan, keyText, nodeSpan, pairNamed, resolved, spend, type SchemaYaml } from './schemaYaml';

const MAX_DEPTH = 32;
/** The runtime passes a mapping through as JSON Schema when its `type` is one of these. */
const JSON_SCHEMA_TYPES = [...SCALAR_TYPES, 'object', 'array'];

/** JSON Schema's own keywords (2020-12 and draft-07, plus OpenAPI's and Gemini's additions): never a field name at this level. */
export const JSON_SCHEMA_KEYWORDS = new Set([
	'type', 'properties', 'required', 'additionalProperties', 'items', 'prefixItems', 'additionalItems', 'enum', 'const', 'default',
	'description', 'title', 'examples', 'format', 'pattern', 'minLength', 'maxLength', 'minimum', 'maximum', 'exclusiveMinimum',
	'exclusiveMaximum', 'multipleOf', 'minItems', 'maxItems', 'uniqueItems', 'contains', 'minContains', 'maxContains', 'anyOf',
	'oneOf', 'allOf', 'not', 'if', 'then', 'else', 'definitions', 'dependencies', 'dependentRequired', 'dependentSchemas',
	'patternProperties', 'propertyNames', 'minProperties', 'maxProperties', 'unevaluatedProperties', 'unevaluatedItems',
	'readOnly', 'writeOnly', 'deprecated', 'contentMediaType', 'contentEncoding', 'contentSchema', 'nullable', 'propertyOrdering',
]);

type Shape = Pick<SchemaField, 'type' | 'description' | 'fields' | 'open' | 'array'>;

/**
 * Which key makes the runtime take this mapping for JSON Schema rather than Picoschema: a top-level `type` it
 * knows, or a `properties` key whose value is an object to JavaScript (a mapping, a list, or null).
 */
export function jsonSchemaTrigger(y: SchemaYaml, map: YAMLMap): Pair<Scalar, unknown> | undefined {
	const typePair = pairNamed(map, 'type');
	const type = resolved(y, typePair?.value);
	if (typePair && isScalar(type) && typeof type.value === 'string' && JSON_SCHEMA_TYPES.includes(type.value)) return typePair as Pair<Scalar, unknown>;
	const propertiesPair = pairNamed(map, 'properties');
	const properties = resolved(y, propertiesPair?.value);
	if (propertiesPair && (properties === null || isMap(properties) || isSeq(properties) || (isScalar(properties) && properties.value === null))) {
		return propertiesPair as Pair<Scalar, unknown>;
	}
	return undefined;
}

/** Fields from `properties` (optional unless listed in `required`); open unless `additionalProperties: false`. */
export function readJsonSchema(y: SchemaYaml, map: YAMLMap, span: Span): SchemaInfo {
	const shape = readShape(y, map, 0);
	// Without declared fields (a scalar or array schema, `$ref`, `anyOf`…) there is nothing to check names against.
	return { dialect: 'json-schema', fields: shape.fields ?? [], open: shape.fields ? shape.open : true, problems: [], span };
}

function readShape(y: SchemaYaml, raw: unknown, depth: number): Shape {
	const map = resolved(y, raw);
	if (!isMap(map) || depth > MAX_DEPTH || !spend(y)) return { open: true };
	const type = typeOf(y, map);
	const description = stringAt(y, map, 'description');
	const properties = resolved(y, pairNamed(map, 'properties')?.value);
	if (isMap(properties)) {
		const required = stringsAt(y, map, 'required');
		const fields = properties.items.flatMap((pair) => readProperty(y, pair, required, depth));
		const additional = resolved(y, pairNamed(map, 'additionalProperties')?.value);
		return { type: type ?? 'object', description, fields, open: !(isScalar(additional) && additional.value === false) };
	}
	if (type === 'array') {
		const items = readShape(y, pairNamed(map, 'items')?.value, depth + 1);
		return { type, description, array: true, fields: items.fields, open: items.open };
	}
	if (type === 'object' || type === 'any') return { type, description, open: true };
	if (type) return { type, description, open: false };
	if (pairNamed(map, 'enum') || pairNamed(map, 'const')) return { type: pairNamed(map, 'enum') ? 'enum' : undefined, description, open: false };
	return { description, open: true };
}

function readProperty(y: SchemaYaml, pair: unknown, required: string[], depth: number): SchemaField[] {
	const item = pair as Pair<unknown, unknown>;
	const name = keyText(item.key);
	if (name === undefined) return [];
	const key = item.key as Scalar;
	return [{
		name,
		nameSpan: innerSpan(y, key, 0, name.length),
		keySpan: nodeSpan(y, key),
		optional: !required.includes(name),
		...readShape(y, item.value, depth + 1),
	}];
}

/** `type: string`, or the first type other than null in `type: [string, "null"]`. */
function typeOf(y: SchemaYaml, map: YAMLMap): string | undefined {
	const node = resolved(y, pairNamed(map, 'type')?.value);
	if (isScalar(node) && typeof node.value === 'string') return node.value;
	if (!isSeq(node)) return undefined;
	for (const item of node.items) {
		const value = resolved(y, item);
		if (isScalar(value) && typeof value.value === 'string' && value.value !== 'null') return value.value;
	}
	return undefined;
}

function stringAt(y: SchemaYaml, map: YAMLMap, key: string): string | undefined {
	const node = resolved(y, pairNamed(map, key)?.value);
	return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
}

function stringsAt(y: SchemaYaml, map: YAMLMap, key: string): string[] {
	const node = resolved(y, pairNamed(map, key)?.value);
	if (!isSeq(node)) return [];
	return node.items.flatMap((item) => {
		const value = resolved(y, item);
		return isScalar(value) && typeof value.value === 'string' ? [value.value] : [];
	});
}
