// unused-input: an input declared in input.schema that neither the template nor the partials it calls ever read.
import type { PartialGraph } from '../partialGraph';
import { readSchema } from '../schema/picoschema';
import type { CoreDiagnostic, FrontmatterKey, PromptDoc } from '../types';
import type { LintRule } from './rule';

/** Partials can call partials; past this depth we stop following (and stay quiet rather than guess). */
const MAX_PARTIAL_DEPTH = 20;

export const unusedInput: LintRule = {
	id: 'unused-input',
	description: 'An input declared in input.schema that the template and its partials never use.',
	defaultSeverity: 'warning',
	needs: 'partials',
	check({ doc, partials }) {
		const schema = readSchema(doc, 'input');
		if (!schema || schema.problems.length > 0 || schema.fields.length === 0) return [];
		const used = usedInputs(doc, [], {}, partials, 0);
		if (used === 'all') return [];
		const viaPartials = doc.scope.partialCalls.length > 0 ? ' or the partials it includes' : '';
		const keyAt = new Map((doc.frontmatter?.keys ?? []).map((k) => [k.keySpan.start, k]));
		return schema.fields.filter((field) => !used.has(field.name)).map((field): Omit<CoreDiagnostic, 'severity'> => ({
			code: 'unused-input',
			message: `\`${field.name}\` is declared in input.schema but the template${viaPartials} never uses it. Callers ${field.optional ? 'may' : 'must'} still pass it; use it or remove it.`,
			span: field.nameSpan,
			fixes: removal(doc, keyAt.get(field.keySpan.start)),
		}));
	},
};

/**
 * Top-level input names a template reads, given the input path of the context it renders in and the hash its
 * caller passed. 'all' when it reads the whole context (`{{json this}}`) or a partial could not be followed.
 */
function usedInputs(doc: PromptDoc, base: string[] | undefined, hash: Record<string, string[] | undefined>, partials: PartialGraph | undefined, depth: number): Set<string> | 'all' {
	const used = new Set<string>();
	const add = (path: string[] | undefined): boolean => {
		if (!path) return true;
		if (path.length === 0) return false;
		used.add(path[0]);
		return true;
	};
	for (const ref of doc.scope.references) {
		if (ref.kind !== 'input' || !ref.base) continue;
		const names = ref.parts.map((p) => p.name);
		const fromHash = ref.base.length === 0 && names[0] !== undefined && names[0] in hash;
		const path = fromHash ? hash[names[0]] && [...(hash[names[0]] as string[]), ...names.slice(1)] : base && [...base, ...ref.base, ...names];
		if (!add(path)) return 'all';
	}
	for (const call of doc.scope.partialCalls) {
		Object.values(call.hash).forEach(add);
		const file = partials?.files.get(call.name);
		if (!file || depth >= MAX_PARTIAL_DEPTH) return 'all';
		const callBase = base && call.base && [...base, ...call.base];
		const inner = usedInputs(file.doc, callBase, call.hash, partials, depth + 1);
		if (inner === 'all') return 'all';
		inner.forEach((name) => used.add(name));
	}
	return used;
}

/** Deletes the field's whole entry (its lines, nested ones included) from the schema. */
function removal(doc: PromptDoc, key: FrontmatterKey | undefined): { title: string; edits: { span: { start: number; end: number }; newText: string }[] }[] {
	if (!key) return [];
	const { keySpan } = key;
	const text = doc.text;
	const start = text.lastIndexOf('\n', keySpan.start - 1) + 1;
	const valueEnd = Math.max(key.valueSpan.end, key.keySpan.end);
	const newline = text.indexOf('\n', valueEnd - 1 >= start ? valueEnd - 1 : valueEnd);
	const end = newline < 0 ? text.length : newline + 1;
	return [{ title: `Remove \`${key.path[key.path.length - 1]}\` from input.schema`, edits: [{ span: { start, end }, newText: '' }] }];
}
