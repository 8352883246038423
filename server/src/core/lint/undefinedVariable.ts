// undefined-variable: a variable the template reads that input.schema does not declare, so no valid caller can pass it.
import { closestName } from '../closestName';
import { lookupField } from '../schema/fieldPath';
import { readSchema } from '../schema/picoschema';
import type { SchemaInfo } from '../schema/schemaTypes';
import type { CoreDiagnostic, Fix, PromptDoc, VariableRef } from '../types';
import type { LintRule } from './rule';

export const undefinedVariable: LintRule = {
	id: 'undefined-variable',
	description: 'A variable used in the template but not declared in input.schema: it always renders empty.',
	defaultSeverity: 'warning',
	check({ doc }) {
		const schema = readSchema(doc, 'input');
		// Without a schema (or with an open one) any input is allowed, so nothing can be called undefined.
		if (!schema || schema.open || schema.problems.length > 0) return [];
		const defaults = defaultKeys(doc);
		const text = doc.text;
		const out: Omit<CoreDiagnostic, 'severity'>[] = [];
		const seen = new Set<string>();
		for (const ref of doc.scope.references) {
			const found = undeclared(text, schema, ref, defaults);
			if (!found || seen.has(`${found.span.start}`)) continue;
			seen.add(`${found.span.start}`);
			out.push(found);
		}
		return out;
	},
};

function undeclared(text: string, schema: SchemaInfo, ref: VariableRef, defaults: Set<string>): Omit<CoreDiagnostic, 'severity'> | undefined {
	if (ref.kind !== 'input' || !ref.base || ref.parts.length === 0) return undefined;
	const path = [...ref.base, ...ref.parts.map((p) => p.name)];
	const lookup = lookupField(schema, path);
	// A miss inside the context path itself was already reported where that path was written.
	if (lookup.found || lookup.index < ref.base.length) return undefined;
	const part = ref.parts[lookup.index - ref.base.length];
	if (lookup.index === 0 && defaults.has(part.name)) return undefined;
	const names = lookup.siblings.map((f) => f.name);
	const suggestion = closestName(part.name, names);
	const parent = lookup.parent && (path[lookup.index - 1] === '[]' ? `each \`${lookup.parent.name}\` element` : `\`${lookup.parent.name}\``);
	const owner = parent ? `a field of ${parent} in input.schema` : 'declared in input.schema';
	const fixes: Fix[] = [];
	if (suggestion) fixes.push({ title: `Change to \`${suggestion}\``, edits: [{ span: part.span, newText: suggestion }] });
	const declare = lookup.index === 0 ? declareFix(text, schema, part.name) : undefined;
	if (declare) fixes.push(declare);
	return {
		code: 'undefined-variable',
		message: `\`${part.name}\` is not ${owner}. The schema allows no other fields, so no valid input carries it and it renders as an empty string.${suggestion ? ` Did you mean \`${suggestion}\`?` : ''}`,
		span: part.span,
		fixes,
	};
}

/** Adds `name: string` after the last top-level Picoschema field, at the same indentation. */
function declareFix(text: string, schema: SchemaInfo, name: string): Fix | undefined {
	const last = schema.fields[schema.fields.length - 1];
	if (schema.dialect !== 'picoschema' || !last) return undefined;
	let end = schema.span.end;
	while (end > last.keySpan.end && /\s/.test(text[end - 1])) end--;
	return {
		title: `Declare \`${name}\` in input.schema`,
		edits: [{ span: { start: end, end }, newText: `\n${' '.repeat(last.keySpan.start - (text.lastIndexOf('\n', last.keySpan.start - 1) + 1))}${name}: string` }],
	};
}

/** Inputs with a default in `input.default` are provided even when the schema omits them. */
function defaultKeys(doc: PromptDoc): Set<string> {
	const input = (doc.frontmatter?.data as { input?: { default?: unknown } } | undefined)?.input;
	const defaults = input?.default;
	return new Set(defaults && typeof defaults === 'object' ? Object.keys(defaults) : []);
}
