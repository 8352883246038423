// Completion in the YAML frontmatter: well-known keys, their values, model names and Picoschema types.
import { frontmatterChildDocs, frontmatterKeyDoc, type FrontmatterKeyDoc } from '../docs/frontmatterDocs';
import type { PromptDoc, Span } from '../types';
import { snippetText, type CompletionEnv, type CoreCompletionItem } from './completionTypes';
import { modelItems } from './modelCompletion';
import { yamlSpotAt, type YamlSpot } from './yamlSpot';

const DESCRIBE = 'Add a description after a comma (`name: string, the user\'s full name`); mark a field optional with `?` (`nickname?: string`).';

/** Picoschema's scalar types (the runtime's JSON_SCHEMA_SCALAR_TYPES); any other name is looked up as a registered schema. */
const SCALAR_TYPES: readonly [string, string][] = [
	['string', 'Text.'],
	['number', 'A number, whole or decimal.'],
	['integer', 'A whole number.'],
	['boolean', '`true` or `false`.'],
	['null', 'Only `null`.'],
	['any', 'Any value; nothing below it is checked.'],
];

/** The types Picoschema accepts in a key's parentheses, `name(type, description)`. */
const PAREN_TYPES: readonly [string, string][] = [
	['array', 'A list: `tags(array): string`. The value is the type of each element (a type, or indented fields).'],
	['object', 'A nested object: `address(object):` followed by its fields, indented below.'],
	['enum', 'One of fixed values: `status(enum): [OPEN, CLOSED]`.'],
];

const JSON_SCHEMA_TYPES = ['string', 'number', 'integer', 'boolean', 'null', 'object', 'array'];

export function completeFrontmatter(doc: PromptDoc, region: Span, offset: number, env: CompletionEnv): CoreCompletionItem[] {
	const spot = yamlSpotAt(doc.text, region, offset);
	if (!spot) return [];
	if (spot.kind === 'key') return inSchema(spot.parent) ? parenTypeItems(doc.text, spot, offset) : keyItems(spot);
	const prefix = spot.needsSpace ? ' ' : '';
	if (isModelPath(spot.path, spot.item)) {
		return env.catalog ? modelItems(env.catalog, doc.text.slice(spot.value.start, offset), spot.value, prefix) : [];
	}
	if (inSchema(spot.path) && spot.path.length > 2) return schemaValueItems(doc.text, spot, offset, prefix);
	return spot.item ? [] : valueItems(frontmatterKeyDoc(spot.path), spot.value, prefix);
}

function inSchema(path: string[]): boolean {
	return (path[0] === 'input' || path[0] === 'output') && path[1] === 'schema';
}

function isModelPath(path: string[], item: boolean): boolean {
	if (path.length !== 1) return false;
	return item ? path[0] === 'promptLens.compare' : path[0] === 'model';
}

function keyItems(spot: Extract<YamlSpot, { kind: 'key' }>): CoreCompletionItem[] {
	const { parent } = spot;
	// Reserved keys whose value the runtime replaces (`ext`, `raw`) are not worth offering.
	return frontmatterChildDocs(parent)
		.filter((d) => !d.dropped && !spot.siblings.includes(d.path[parent.length]))
		.map((d): CoreCompletionItem => {
			const key = d.path[parent.length];
			const insert = keyInsert(key, d, spot.colonFollows);
			return { label: key, kind: 'key', detail: d.type, documentation: keyDocumentation(d), ...insert, replace: spot.word };
		});
}

function keyInsert(key: string, doc: FrontmatterKeyDoc, colonFollows: boolean): { insertText: string; snippet?: boolean } {
	if (colonFollows) return { insertText: key };
	if (!doc.snippet) return { insertText: `${key}: ` };
	return { insertText: `${snippetText(key)}:${doc.snippet.startsWith('\n') ? '' : ' '}${doc.snippet}`, snippet: true };
}

function keyDocumentation(doc: FrontmatterKeyDoc): string {
	const values = doc.values?.length ? `\n\nValues: ${doc.values.map((v) => `\`${v}\``).join(', ')}.` : '';
	return `${doc.summary}${values}`;
}

function valueItems(doc: FrontmatterKeyDoc | undefined, replace: Span, prefix: string): CoreCompletionItem[] {
	const values = doc?.values ?? (doc?.kind === 'boolean' ? ['true', 'false'] : []);
	return values.map((value, i) => ({
		label: value,
		kind: 'value',
		detail: doc!.type,
		documentation: doc!.summary,
		insertText: prefix ? `${prefix}${value}` : undefined,
		filterText: prefix ? value : undefined,
		replace,
		sortText: String(i).padStart(3, '0'),
	}));
}

/** `name(ar|` — the type in a Picoschema key's parentheses. */
function parenTypeItems(text: string, spot: Extract<YamlSpot, { kind: 'key' }>, offset: number): CoreCompletionItem[] {
	const typed = text.slice(spot.word.start, offset);
	const open = typed.indexOf('(');
	if (open < 0 || !/^\(\w*$/.test(typed.slice(open))) return [];
	const start = spot.word.start + open + 1;
	const end = start + /^\w*/.exec(text.slice(start, spot.word.end))![0].length;
	const closes = text[end] === ')' || text[end] === ',';
	return PAREN_TYPES.map(([type, summary]) => ({
		label: type,
		kind: 'type',
		detail: 'Picoschema type',
		documentation: `${summary}\n\nDescribe the field after a comma inside the parentheses: \`tags(array, the user's tags): string\`.`,
		insertText: closes ? type : `${type})`,
		replace: { start, end },
	}));
}

/** The value of a field in `input.schema` / `output.schema`: a Picoschema type (or a JSON Schema `type:`). */
function schemaValueItems(text: string, spot: Extract<YamlSpot, { kind: 'value' }>, offset: number, prefix: string): CoreCompletionItem[] {
	if (spot.item) return [];
	const key = spot.path[spot.path.length - 1];
	const levels = spot.path.slice(2);
	const jsonSchema = levels.some((p) => p === 'properties' || p === 'items') || (levels.length === 1 && key === 'type');
	if (jsonSchema) return key === 'type' ? typeItems(JSON_SCHEMA_TYPES.map((t) => [t, 'JSON Schema type.']), spot.value, prefix, 'JSON Schema type') : [];
	const paren = /\(\s*(\w+)/.exec(key)?.[1];
	if (paren === 'enum' || paren === 'object') return [];
	// Only the type before `, description` is replaced.
	const comma = text.slice(spot.value.start, spot.value.end).indexOf(',');
	if (comma >= 0 && offset > spot.value.start + comma) return [];
	const replace = comma >= 0 ? { start: spot.value.start, end: spot.value.start + comma } : spot.value;
	const withDescription: [string, string][] = SCALAR_TYPES.map(([t, summary]) => [t, `${summary}\n\n${DESCRIBE}`]);
	return typeItems(withDescription, replace, prefix, paren === 'array' ? 'Picoschema type of each element' : 'Picoschema type');
}

function typeItems(types: readonly [string, string][], replace: Span, prefix: string, detail: string): CoreCompletionItem[] {
	return types.map(([type, documentation], i) => ({
		label: type,
		kind: 'type',
		detail,
		documentation,
		insertText: prefix ? `${prefix}${type}` : undefined,
		filterText: prefix ? type : undefined,
		replace,
		sortText: String(i).padStart(2, '0'),
	}));
}
