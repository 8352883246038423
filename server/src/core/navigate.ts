// What is under the cursor (a variable, a schema field, a partial, a helper, a frontmatter key) and where else the same variable appears.
import { KNOWN_HELPERS } from './knownHelpers';
import { flatten } from './outline';
import type { PartialGraph } from './partialGraph';
import { lookupField } from './schema/fieldPath';
import { readSchema } from './schema/picoschema';
import type { SchemaField } from './schema/schemaTypes';
import type { PromptDoc, Span } from './types';

export type PromptSymbol =
	/** An input path (`['items', '[]', 'name']`), from a template reference or its input.schema declaration. */
	| { kind: 'variable'; path: string[]; span: Span; declaration: boolean }
	| { kind: 'partial'; name: string; span: Span }
	| { kind: 'helper'; name: string; span: Span }
	| { kind: 'key'; path: string[]; span: Span };

/** Where a variable appears: in this prompt (`location` undefined) or in a partial it calls (the partial's location). */
export interface Occurrence {
	location?: string;
	span: Span;
	declaration: boolean;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const MAX_PARTIAL_DEPTH = 20;

export function symbolAt(doc: PromptDoc, offset: number): PromptSymbol | undefined {
	const within = (span: Span) => offset >= span.start && offset <= span.end;
	for (const ref of doc.scope.references) {
		if (ref.kind !== 'input' || !ref.base || !within(ref.span)) continue;
		const index = ref.parts.findIndex((part) => within(part.span));
		if (index >= 0) return { kind: 'variable', path: [...ref.base, ...ref.parts.slice(0, index + 1).map((p) => p.name)], span: ref.parts[index].span, declaration: false };
	}
	const field = schemaFieldAt(doc, offset);
	if (field) return { kind: 'variable', path: field.path, span: field.field.nameSpan, declaration: true };
	const call = doc.scope.partialCalls.find((c) => within(c.nameSpan));
	if (call) return { kind: 'partial', name: call.name, span: call.nameSpan };
	const helper = flatten(doc.nodes).find((n) => (n.kind === 'mustache' || n.kind === 'block') && KNOWN_HELPERS.includes(n.name) && within(n.nameSpan));
	if (helper) return { kind: 'helper', name: helper.name, span: helper.nameSpan };
	const key = doc.frontmatter?.keys.filter((k) => within(k.keySpan)).pop();
	if (key) return { kind: 'key', path: key.path, span: key.keySpan };
	return undefined;
}

/** The declaration of an input path in input.schema, when it has one. */
export function declarationOf(doc: PromptDoc, path: string[]): SchemaField | undefined {
	const schema = readSchema(doc, 'input');
	if (!schema) return undefined;
	const found = lookupField(schema, path);
	return found.found ? found.field : undefined;
}

/** Every place the input path appears: its declaration, this template's references, and (with a graph) the partials'. */
export function occurrencesOf(doc: PromptDoc, path: string[], partials?: PartialGraph): Occurrence[] {
	const out: Occurrence[] = [];
	const field = declarationOf(doc, path);
	if (field) out.push({ span: field.nameSpan, declaration: true });
	collect(doc, [], {}, path, undefined, partials, 0, out);
	return out;
}

export type RenameResult = { ok: true; edits: (Occurrence & { newText: string })[] } | { ok: false; message: string };

export function renameVariable(doc: PromptDoc, offset: number, newName: string, partials?: PartialGraph): RenameResult {
	const symbol = symbolAt(doc, offset);
	if (symbol?.kind !== 'variable') return { ok: false, message: 'Only input variables can be renamed.' };
	if (!IDENTIFIER.test(newName)) return { ok: false, message: `\`${newName}\` is not a name a template can use without brackets: use letters, digits and _.` };
	if (KNOWN_HELPERS.includes(newName)) return { ok: false, message: `\`${newName}\` is a helper name; Dotprompt would call the helper instead of reading the variable.` };
	return { ok: true, edits: occurrencesOf(doc, symbol.path, partials).map((o) => ({ ...o, newText: newName })) };
}

/** References in `doc` rendered with context `base` (and a caller's hash), whose input path is `target`. */
function collect(doc: PromptDoc, base: string[], hash: Record<string, string[] | undefined>, target: string[], location: string | undefined, partials: PartialGraph | undefined, depth: number, out: Occurrence[]): void {
	for (const ref of doc.scope.references) {
		if (ref.kind !== 'input' || !ref.base) continue;
		const names = ref.parts.map((p) => p.name);
		const hashed = location !== undefined && ref.base.length === 0 && names[0] !== undefined && names[0] in hash;
		const start = hashed ? hash[names[0]] : [...base, ...ref.base];
		if (!start) continue;
		const offsetInParts = hashed ? 1 : 0;
		for (let i = offsetInParts; i < names.length; i++) {
			const path = [...start, ...names.slice(offsetInParts, i + 1)];
			if (samePath(path, target)) out.push({ location, span: ref.parts[i].span, declaration: false });
		}
	}
	if (!partials || depth >= MAX_PARTIAL_DEPTH) return;
	for (const call of doc.scope.partialCalls) {
		const file = partials.files.get(call.name);
		if (!file || !call.base) continue;
		collect(file.doc, [...base, ...call.base], call.hash, target, file.location, partials, depth + 1, out);
	}
}

function samePath(a: string[], b: string[]): boolean {
	return a.length === b.length && a.every((part, i) => part === b[i]);
}

function schemaFieldAt(doc: PromptDoc, offset: number): { field: SchemaField; path: string[] } | undefined {
	const schema = readSchema(doc, 'input');
	if (!schema || offset < schema.span.start || offset > schema.span.end) return undefined;
	const visit = (fields: SchemaField[], prefix: string[]): { field: SchemaField; path: string[] } | undefined => {
		for (const field of fields) {
			const path = [...prefix, field.name];
			if (offset >= field.nameSpan.start && offset <= field.nameSpan.end) return { field, path };
			const inner = field.fields && visit(field.fields, field.array ? [...path, '[]'] : path);
			if (inner) return inner;
		}
		return undefined;
	};
	return visit(schema.fields, []);
}
