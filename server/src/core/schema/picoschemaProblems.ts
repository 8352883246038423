// The Picoschema mistakes the runtime rejects or reads differently than written: where each is, what Dotprompt does, and a fix when the repair is certain.
import { isMap, isPair, isScalar, isSeq, type Node as YamlNode, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import type { Fix, Span } from '../types';
import { JSON_SCHEMA_KEYWORDS } from './jsonSchema';
import { extractDescription, meantParenType, meantValueType, PAREN_TYPES, SCALAR_TYPES, type PicoKey } from './picoschemaGrammar';
import type { SchemaProblem } from './schemaTypes';
import { innerSpan, keyText, nodeSpan, resolved, type SchemaYaml } from './schemaYaml';

export interface FixableProblem extends SchemaProblem {
	fix?: Fix;
}

export interface Reporter {
	y: SchemaYaml;
	problems: FixableProblem[];
}

/** Where a value sits, for messages and fixes. */
export interface ValuePlace {
	/** `top` is the whole schema; `array`/`object` a value under `name(array)`/`name(object)`. */
	kind: 'top' | 'plain' | 'array' | 'object' | 'wildcard';
	key?: Scalar;
	/** The key as the runtime reads it, e.g. `tags(array)`. */
	keyLabel?: string;
	name?: string;
	pair?: Pair<Scalar, unknown>;
	/** Inside `{ … }`, where rewriting a key and its value blindly could break the YAML. */
	flow?: boolean;
}

const RENDER_FAILS = 'Dotprompt fails to render this prompt';
const PAREN_CHOICES = '`object`, `array` or `enum`';

function add(r: Reporter, message: string, span: Span, fix?: Fix): void {
	r.problems.push(fix ? { message, span, fix } : { message, span });
}

function written(r: Reporter, node: YamlNode): string {
	const range = node.range;
	return range ? r.y.source.slice(range[0], range[1]) : '';
}

function replace(title: string, span: Span, newText: string): Fix {
	return { title, edits: [{ span, newText }] };
}

/** A missing value, or YAML null: the runtime makes an object that allows no fields. */
export function reportNoType(r: Reporter, place: ValuePlace, node: Scalar | null): void {
	const key = place.keyLabel ?? '';
	const name = place.name ?? '';
	const at = node?.range && node.range[1] > node.range[0] ? nodeSpan(r.y, node) : nodeSpan(r.y, place.key);
	if (node && /^(?:null|Null|NULL|~)$/.test(written(r, node))) {
		add(r, `\`${written(r, node)}\` is YAML's empty value, not the null type: Dotprompt makes \`${name || key}\` ${place.kind === 'array' ? 'a list of objects' : 'an object'} that allows no fields. For the null type write \`"null"\` in quotes.`, at, replace('Write "null" in quotes', at, '"null"'));
		return;
	}
	const messages: Record<ValuePlace['kind'], string> = {
		top: '',
		plain: `\`${key}\` has no type, so Dotprompt makes it an object that allows no fields (only \`{}\` fits). Write a type after the colon (\`${key}: string\`) or nest its fields below.`,
		object: `\`${key}\` has no fields below it, so Dotprompt makes it an object that allows no fields (only \`{}\` fits). Nest its fields below, or write \`${name}: any\` to accept any value.`,
		array: `\`${key}\` has no item type, so Dotprompt makes it a list of objects that allow no fields (only \`{}\` items fit). Write the item type as the value (\`${key}: string\`) or nest the item fields below.`,
		wildcard: '`(*)` has no type, so Dotprompt accepts other fields only as empty objects. Write a type, e.g. `(*): any`.',
	};
	add(r, messages[place.kind], at);
}

/** A number or boolean where a type belongs: the runtime throws. */
export function reportNotAType(r: Reporter, place: ValuePlace, node: Scalar): void {
	add(r, `\`${written(r, node)}\` is not a Picoschema type: ${RENDER_FAILS} (it accepts only type names and nested fields here). Write a type such as \`string\` or \`number, a description\`${place.kind === 'top' ? '' : ', or nest fields below'}.`, nodeSpan(r.y, node));
}

/** A list where a type belongs: the runtime reads its indexes as field names (and throws on items that are not types). */
export function reportList(r: Reporter, place: ValuePlace, node: YAMLSeq): void {
	const name = place.kind === 'plain' && place.name ? place.name : 'tags';
	const how = `For a list of values write \`${name}(array): string\`; for a fixed set of values, \`${name}(enum): [a, b]\`.`;
	add(r, `A list is not a Picoschema type: Dotprompt reads it as an object with fields named \`0\`, \`1\`, … (and fails to render if an item is not a type). ${how}`, nodeSpan(r.y, node), listFix(r, place, node));
}

/** `tags: [string]` → `tags(array): string`, when the key is plain and the list holds one scalar type. */
function listFix(r: Reporter, place: ValuePlace, node: YAMLSeq): Fix | undefined {
	const item = node.items.length === 1 ? resolved(r.y, node.items[0]) : null;
	if (!written(r, node).startsWith('[') || !isScalar(item) || typeof item.value !== 'string' || !SCALAR_TYPES.includes(extractDescription(item.value).type)) return undefined;
	return arrayFix(r, place, nodeSpan(r.y, node), written(r, item));
}

/** Rewrites `name: <value>` as `name(array): <item>`; only for a plain block key without parentheses. */
function arrayFix(r: Reporter, place: ValuePlace, valueSpan: Span, item: string): Fix | undefined {
	if (place.kind !== 'plain' || place.flow || !place.key || place.key.type !== 'PLAIN' || place.keyLabel?.includes('(')) return undefined;
	const keyEnd = nodeSpan(r.y, place.key).end;
	return {
		title: `Rewrite as \`${place.keyLabel}(array): ${item}\``,
		edits: [{ span: { start: keyEnd, end: keyEnd }, newText: '(array)' }, { span: valueSpan, newText: item }],
	};
}

/**
 * A value type that is no scalar type, so the runtime looks it up as a registered schema. Only slips are reported
 * (`strng`, `String`, `int`, `object`, a stray space or line break): other names may well be registered.
 */
export function reportNamedSlip(r: Reporter, place: ValuePlace, node: Scalar, type: string, typeAt: number): void {
	const lookup = `Dotprompt looks for a registered schema named "${type.replace(/\n/g, '\\n')}" and fails to render without one`;
	if (/[\r\n]/.test(type)) {
		add(r, `A line break in this value makes Dotprompt read all of it as a type name: ${lookup}. Write the type and its description on one line (\`string, a description\`).`, nodeSpan(r.y, node));
		return;
	}
	const span = innerSpan(r.y, node, typeAt, typeAt + type.length);
	if (type.trim() === '') {
		add(r, `This value has no type name: ${lookup}. Write a type such as \`string\` before the description.`, nodeSpan(r.y, node));
		return;
	}
	const listOf = /^\s*([A-Za-z_][\w.-]*)\s*\[\]\s*$/.exec(type);
	if (listOf) {
		const item = SCALAR_TYPES.includes(listOf[1]) ? listOf[1] : meantValueType(listOf[1]) ?? listOf[1];
		const name = place.kind === 'plain' && place.name ? place.name : 'tags';
		const exact = span.end - span.start === type.length;
		add(r, `\`${type}\` is not Picoschema: ${lookup}. For a list, write \`${name}(array): ${item}\`.`, span, exact ? arrayFix(r, place, span, item) : undefined);
		return;
	}
	const container = type.trim().toLowerCase();
	if (PAREN_TYPES.includes(container)) {
		add(r, `\`${type}\` is not a value type in Picoschema: ${lookup}. ${containerHint(container, place)}`, span);
		return;
	}
	const meant = meantValueType(type);
	if (!meant) return;
	const exact = span.end - span.start === type.length;
	const fix = exact ? replace(`Change to "${meant}"`, span, meant) : undefined;
	if (meant === type.trim()) add(r, `The type \`${type}\` has extra spaces: ${lookup}. Write \`${meant}\`.`, span, fix);
	else add(r, `\`${type}\` is not a Picoschema type: ${lookup}. Did you mean \`${meant}\`?`, span, fix);
}

function containerHint(container: string, place: ValuePlace): string {
	const name = place.kind === 'plain' && place.name ? place.name : 'name';
	if (container === 'array') return `For a list, write \`${name}(array): string\` (the item type as the value).`;
	if (container === 'enum') return `For a fixed set of values, write \`${name}(enum): [a, b]\`.`;
	if (place.kind === 'top') return 'For an object, nest its fields under `schema:` (or write `any` to accept any value).';
	return `For an object, write \`${name}(object):\` and nest its fields below (or \`${name}: any\` to accept any value).`;
}

/** `name(…)` with something other than object, array or enum in the parentheses: the runtime throws. */
export function reportParenType(r: Reporter, place: ValuePlace, parsed: PicoKey, type: string): void {
	const key = place.key!;
	const label = place.keyLabel!;
	const rest = label.slice(parsed.parenAt + 1).split('(')[0];
	const parenSpan = innerSpan(r.y, key, parsed.parenAt, parsed.parenAt + 1 + rest.length);
	const fails = `Dotprompt reads the type as \`${type}\` and fails to render this prompt`;
	const close = rest.indexOf(')');
	if (close < 0) {
		const valid = PAREN_TYPES.includes(extractDescription(rest).type);
		const fix = valid ? replace('Add the closing `)`', { start: parenSpan.end, end: parenSpan.end }, ')') : undefined;
		add(r, `\`${label}\` is missing its closing \`)\`: ${fails}.`, parenSpan, exactFix(parenSpan, rest.length + 1, fix));
		return;
	}
	if (close < rest.length - 1) {
		reportAfterParen(r, place, parsed, rest, parenSpan, fails);
		return;
	}
	reportWrongParenType(r, place, parsed, type);
}

/** Text after the `)`: usually the `?` of an optional field put on the wrong side. */
function reportAfterParen(r: Reporter, place: ValuePlace, parsed: PicoKey, rest: string, parenSpan: Span, fails: string): void {
	const close = rest.indexOf(')');
	const inside = rest.slice(0, close);
	const after = rest.slice(close + 1);
	const valid = PAREN_TYPES.includes(extractDescription(inside).type) && parenSpan.end - parenSpan.start === rest.length + 1;
	const afterSpan = { start: parenSpan.end - after.length, end: parenSpan.end };
	if (after.trim() === '?' && !parsed.optional) {
		const fix = valid ? { title: 'Move the `?` before the parentheses', edits: [{ span: afterSpan, newText: '' }, { span: { start: parenSpan.start, end: parenSpan.start }, newText: '?' }] } : undefined;
		add(r, `The \`?\` of an optional field goes before the parentheses (\`${parsed.name}?(${inside})\`): ${fails}.`, parenSpan, fix);
		return;
	}
	add(r, `Nothing may follow the \`)\` in \`${place.keyLabel}\`: ${fails}. Remove \`${after}\`.`, parenSpan, valid ? replace(`Remove "${after}"`, afterSpan, '') : undefined);
}

function reportWrongParenType(r: Reporter, place: ValuePlace, parsed: PicoKey, type: string): void {
	const key = place.key!;
	const { typeAt, description } = extractDescription(parsed.typeInfo!);
	const typeStart = parsed.parenAt + 1 + typeAt;
	const typeSpan = innerSpan(r.y, key, typeStart, typeStart + type.length);
	const parenSpan = innerSpan(r.y, key, parsed.parenAt, parsed.parenAt + parsed.typeInfo!.length + 2);
	if (type.trim() === '') {
		add(r, `Empty parentheses in \`${place.keyLabel}\`: ${RENDER_FAILS}. Write ${PAREN_CHOICES} in them, or remove them.`, parenSpan);
		return;
	}
	const meantParen = meantParenType(type);
	if (meantParen) {
		const fix = exactFix(typeSpan, type.length, replace(`Change to "${meantParen}"`, typeSpan, meantParen));
		add(r, `\`${type}\` is not a type Dotprompt accepts in parentheses (only ${PAREN_CHOICES}), so it fails to render this prompt. Did you mean \`${meantParen}\`?`, typeSpan, fix);
		return;
	}
	const scalar = SCALAR_TYPES.includes(type) ? type : meantValueType(type);
	if (scalar) {
		const value = description ? `${scalar}, ${description}` : scalar;
		add(r, `\`${type}\` cannot go in parentheses: Dotprompt accepts only ${PAREN_CHOICES} there and fails to render this prompt. Write the type as the value instead: \`${parsed.name}${parsed.optional ? '?' : ''}: ${value}\`.`, parenSpan, scalarFix(r, place, parsed, value));
		return;
	}
	add(r, `\`${type}\` is not a type Dotprompt accepts in parentheses: only ${PAREN_CHOICES} are, and any other makes it fail to render this prompt. A scalar type or a registered schema goes in the value: \`${parsed.name}: ${type}\`.`, parenSpan);
}

/** `name(string, the name):` with no value → `name: string, the name`, in block YAML with a plain key. */
function scalarFix(r: Reporter, place: ValuePlace, parsed: PicoKey, value: string): Fix | undefined {
	const key = place.key;
	const current = resolved(r.y, place.pair?.value);
	if (!key?.range || place.flow || key.type !== 'PLAIN' || (current !== null && !(isScalar(current) && current.value === null && written(r, current) === ''))) return undefined;
	const colon = /^[ \t]*:/.exec(r.y.source.slice(key.range[1]));
	if (!colon) return undefined;
	const plain = /^[A-Za-z][^#:]*$/.test(value) && !/\s$/.test(value);
	const head = `${parsed.name}${parsed.optional ? '?' : ''}`;
	const span = { start: r.y.offset + key.range[0], end: r.y.offset + key.range[1] + colon[0].length };
	return replace(`Rewrite as \`${head}: ${value}\``, span, `${head}: ${plain ? value : JSON.stringify(value)}`);
}

/** A fix whose span came out exact (not the whole scalar, as for keys written across lines). */
function exactFix(span: Span, length: number, fix: Fix | undefined): Fix | undefined {
	return span.end - span.start === length ? fix : undefined;
}

/** `name(enum)` takes a list; anything else is copied into the JSON Schema as is, and an optional one throws. */
export function reportEnum(r: Reporter, place: ValuePlace, parsed: PicoKey, value: YamlNode | null): void {
	if (isSeq(value)) return;
	const js = isScalar(value) ? value.value : value === null ? null : {};
	// The runtime calls `.includes(null)` and `.push(null)` on an optional enum's value; a string "includes" `null` only as text.
	const fails = parsed.optional && !(typeof js === 'string' && js.includes('null'));
	const hasText = value?.range && value.range[1] > value.range[0];
	const span = hasText ? nodeSpan(r.y, value) : nodeSpan(r.y, place.key);
	const what = fails ? `${RENDER_FAILS} (an optional enum must be a list)` : 'Dotprompt copies this value into the JSON Schema as the enum, which is not valid JSON Schema (`enum` must be a list)';
	const text = hasText ? written(r, value!) : '';
	const fix = isScalar(value) && value.type === 'PLAIN' && typeof js === 'string' && !/[[\]{}#:]/.test(text) ? replace('Make it a list', span, `[${text}]`) : undefined;
	add(r, `\`${place.keyLabel}\` needs a list of values, like \`[red, green]\`: ${what}.`, span, fix);
}

/** `name (array)` or `name ?`: the space is part of the field name the runtime declares. */
export function reportNameSpace(r: Reporter, key: Scalar, parsed: PicoKey): void {
	const trimmed = parsed.name.trimEnd();
	if (trimmed === parsed.name || trimmed === '') return;
	const nameSpan = innerSpan(r.y, key, 0, parsed.name.length);
	const spaceSpan = innerSpan(r.y, key, trimmed.length, parsed.name.length);
	const fix = exactFix(nameSpan, parsed.name.length, replace('Remove the space', spaceSpan, ''));
	add(r, `The field name ends with a space ("${parsed.name}"), so Dotprompt declares a field that \`{{${trimmed}}}\` does not match. Remove the space.`, nameSpan, fix);
}

/**
 * `type: string` (or `properties:`) at the top of what is otherwise Picoschema: the runtime passes the mapping
 * through as JSON Schema, and the Picoschema-looking keys beside it declare nothing.
 */
export function reportJsonByAccident(r: Reporter, map: YAMLMap, trigger: Pair<Scalar, unknown>): void {
	const stray = map.items.flatMap((pair) => (isPair(pair) && looksPico(r, pair) ? [keyText(pair.key)!] : []));
	if (stray.length === 0) return;
	const which = keyText(trigger.key);
	const value = resolved(r.y, trigger.value);
	const type = isScalar(value) ? String(value.value) : '';
	const keys = stray.slice(0, 3).map((k) => `\`${k}\``).join(', ') + (stray.length > 3 ? ', …' : '');
	const cause = which === 'type' ? `\`type: ${type}\`` : 'the `properties` key';
	const remedy = which === 'type'
		? `For a Picoschema field named \`type\`, add a description (\`type: ${type}, the kind\`) or make it optional (\`type?: ${type}\`); in JSON Schema, fields go under \`properties:\`.`
		: 'For a Picoschema field named `properties`, write `properties(object):`; in JSON Schema, every field goes under `properties:`.';
	// `type: string` is short enough to underline whole; a `properties` mapping is not.
	const keySpan = nodeSpan(r.y, trigger.key);
	const span = isScalar(value) && which === 'type' ? { start: keySpan.start, end: nodeSpan(r.y, value).end } : keySpan;
	add(r, `Because of ${cause}, Dotprompt reads this schema as JSON Schema, not Picoschema: ${keys} ${stray.length === 1 ? 'is' : 'are'} not declared as ${stray.length === 1 ? 'a field' : 'fields'}. ${remedy}`, span);
}

/** A key beside the trigger that is no JSON Schema keyword and reads as a Picoschema field. */
function looksPico(r: Reporter, pair: Pair): boolean {
	const name = keyText(pair.key);
	if (name === undefined || JSON_SCHEMA_KEYWORDS.has(name) || name.startsWith('$') || name.startsWith('x-')) return false;
	if (name.includes('(') || name.endsWith('?')) return true;
	const value = resolved(r.y, pair.value);
	return isMap(value) || (isScalar(value) && typeof value.value === 'string' && SCALAR_TYPES.includes(extractDescription(value.value).type));
}
