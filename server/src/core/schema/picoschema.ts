// Reads `input.schema` / `output.schema` (Picoschema or JSON Schema) into located fields, with the exact place of each syntax error.
import { isMap, isPair, isScalar, isSeq, type Node as YamlNode, type Pair, type Scalar, type YAMLMap } from 'yaml';
import type { PromptDoc, Span } from '../types';
import { jsonSchemaTrigger, readJsonSchema } from './jsonSchema';
import { extractDescription, meantParenType, meantValueType, PAREN_TYPES, SCALAR_TYPES, splitKey, WILDCARD, type PicoKey } from './picoschemaGrammar';
import {
	reportEnum, reportJsonByAccident, reportList, reportNameSpace, reportNamedSlip, reportNoType, reportNotAType, reportParenType,
	type FixableProblem, type Reporter, type ValuePlace,
} from './picoschemaProblems';
import type { SchemaField, SchemaInfo } from './schemaTypes';
import { innerSpan, keyText, nodeSpan, pairNamed, resolved, schemaYaml, spend } from './schemaYaml';

export type { FixableProblem } from './picoschemaProblems';

/** A schema as read, with a quick fix on the problems where the repair is certain. */
export interface SchemaReading extends SchemaInfo {
	problems: FixableProblem[];
}

/** Deeper schemas are read no further (their fields count as open). */
const MAX_DEPTH = 32;

type Shape = Pick<SchemaField, 'type' | 'description' | 'fields' | 'open' | 'array'>;

/**
 * The schema the runtime reads from `input.schema` or `output.schema`; undefined when there is none (or it is
 * empty, `false` or `0`, which the runtime ignores too). Fields are read even while the YAML has errors (for
 * completion as you type), but problems are reported only on YAML the runtime can load.
 */
export function readSchema(doc: PromptDoc, which: 'input' | 'output'): SchemaReading | undefined {
	const y = schemaYaml(doc);
	if (!y) return undefined;
	const root = resolved(y, y.yaml.contents);
	const section = isMap(root) ? resolved(y, pairNamed(root, which)?.value) : null;
	const pair = isMap(section) ? pairNamed(section, 'schema') : undefined;
	const node = resolved(y, pair?.value);
	if (!pair || !node || (isScalar(node) && !node.value)) return undefined;
	const reporter: Reporter = { y, problems: [] };
	const info = readTop(reporter, node, nodeSpan(y, pair.value));
	return { ...info, problems: y.broken ? [] : dedupe(reporter.problems) };
}

function readTop(r: Reporter, node: YamlNode, span: Span): SchemaReading {
	const base = { problems: r.problems, span };
	if (isScalar(node) && typeof node.value === 'string') {
		const shape = readTypeString(r, node, { kind: 'top' });
		const named = !SCALAR_TYPES.includes(shape.type ?? '');
		// A scalar schema (`schema: string`) declares no fields; stay open so nothing is reported against it.
		return { ...base, dialect: named ? 'named' : 'picoschema', fields: [], open: true };
	}
	if (isMap(node)) {
		const trigger = jsonSchemaTrigger(r.y, node);
		if (trigger) {
			reportJsonByAccident(r, node, trigger);
			return { ...base, ...readJsonSchema(r.y, node, span), problems: r.problems };
		}
	}
	const shape = readValue(r, node, { kind: 'top' }, 0);
	return { ...base, dialect: 'picoschema', fields: shape.fields ?? [], open: shape.fields ? shape.open : true };
}

/** A value as the runtime's `parsePico` reads it: a type string, nested fields, or something it rejects. */
function readValue(r: Reporter, raw: unknown, place: ValuePlace, depth: number): Shape {
	const node = resolved(r.y, raw);
	if (depth > MAX_DEPTH || !spend(r.y)) return { open: true };
	if (node === null || (isScalar(node) && node.value === null)) {
		// YAML null is a JavaScript object to the runtime: an object with no fields.
		if (place.kind !== 'top') reportNoType(r, place, node);
		return { type: 'object', fields: [], open: false };
	}
	if (isScalar(node) && typeof node.value === 'string') return readTypeString(r, node, place);
	if (isScalar(node)) {
		reportNotAType(r, place, node);
		return { open: true };
	}
	if (isSeq(node)) {
		reportList(r, place, node);
		return { open: true };
	}
	if (isMap(node)) return { type: 'object', ...readObject(r, node, depth + 1) };
	return { open: true };
}

/** `type` or `type, description`: a scalar type, or the name of a schema registered with the runtime. */
function readTypeString(r: Reporter, node: Scalar, place: ValuePlace): Shape {
	const { type, typeAt, description } = extractDescription(String(node.value));
	if (SCALAR_TYPES.includes(type)) return { type, description, open: type === 'any' };
	reportNamedSlip(r, place, node, type, typeAt);
	return { type, description, open: true };
}

function readObject(r: Reporter, map: YAMLMap, depth: number): { fields: SchemaField[]; open: boolean } {
	const fields: SchemaField[] = [];
	let open = false;
	for (const pair of map.items) {
		if (!isPair(pair)) continue;
		const name = keyText(pair.key);
		// Keys that are themselves collections become "[object Object]"-like names nobody can use: skip them.
		if (name === undefined) continue;
		if (name === WILDCARD) {
			readValue(r, pair.value, { kind: 'wildcard', key: pair.key as Scalar, keyLabel: WILDCARD, name: WILDCARD }, depth);
			open = true;
			continue;
		}
		fields.push(readField(r, pair as Pair<Scalar, unknown>, name, map, depth));
	}
	return { fields, open };
}

function readField(r: Reporter, pair: Pair<Scalar, unknown>, keyName: string, map: YAMLMap, depth: number): SchemaField {
	const key = pair.key;
	const parsed = splitKey(keyName);
	reportNameSpace(r, key, parsed);
	const base = {
		name: parsed.name,
		nameSpan: innerSpan(r.y, key, 0, parsed.name.length),
		keySpan: nodeSpan(r.y, key),
		optional: parsed.optional,
	};
	const place: ValuePlace = { kind: 'plain', key, keyLabel: keyName, name: parsed.name, pair, flow: map.flow === true };
	if (parsed.typeInfo === undefined) return { ...base, ...readValue(r, pair.value, place, depth) };
	return { ...base, ...readParenField(r, pair, parsed, place, depth) };
}

/** `name(array…)`, `name(object…)`, `name(enum…)`; anything else in parentheses fails the render. */
function readParenField(r: Reporter, pair: Pair<Scalar, unknown>, parsed: PicoKey, place: ValuePlace, depth: number): Shape {
	const { type, description } = extractDescription(parsed.typeInfo!);
	let kind = type;
	if (!PAREN_TYPES.includes(type)) {
		reportParenType(r, place, parsed, type);
		// Read the value as what was probably meant, so completion still knows the nested fields.
		kind = meantParenType(type) ?? (meantValueType(type) || SCALAR_TYPES.includes(type) ? 'scalar' : '');
		if (kind === 'scalar') return { type: meantValueType(type) ?? type, description, open: type === 'any' };
		if (!kind) return { description, open: true };
	}
	if (kind === 'array') {
		const items = readValue(r, pair.value, { ...place, kind: 'array' }, depth);
		return { type: 'array', array: true, description, fields: items.fields, open: items.open };
	}
	if (kind === 'object') {
		const shape = readValue(r, pair.value, { ...place, kind: 'object' }, depth);
		return { ...shape, description: description ?? shape.description };
	}
	reportEnum(r, place, parsed, resolved(r.y, pair.value));
	return { type: 'enum', description, open: false };
}

/** An alias used twice reports its problems twice, at the same place. */
function dedupe(problems: FixableProblem[]): FixableProblem[] {
	const seen = new Set<string>();
	return problems.filter((p) => {
		const id = `${p.span.start}:${p.span.end}:${p.message}`;
		if (seen.has(id)) return false;
		seen.add(id);
		return true;
	});
}
