// The input names that can follow an input path: declared in `input.schema`, else used elsewhere or given in `input.default`.
import type { SchemaField, SchemaInfo } from '../schema/schemaTypes';

export interface InputChoice {
	name: string;
	detail: string;
	/** Markdown. */
	documentation?: string;
}

/** The schema field at an input path (`[]` steps into an element), for telling whether a block iterates. */
export function schemaFieldAt(schema: SchemaInfo | undefined, path: string[]): SchemaField | undefined {
	let fields = schema?.fields ?? [];
	let field: SchemaField | undefined;
	for (const part of path) {
		if (part === '[]') {
			if (!field?.array) return undefined;
			continue;
		}
		field = fields.find((f) => f.name === part);
		if (!field) return undefined;
		fields = field.fields ?? [];
	}
	return field;
}

export function inputChoices(path: string[], schema: SchemaInfo | undefined, used: string[][], defaults: unknown): InputChoice[] {
	const level = schema && schemaLevel(schema, path);
	const declared = (level?.fields ?? []).map(fromField);
	if (schema && !level?.open) return declared;
	const names = new Set(declared.map((c) => c.name));
	const more: InputChoice[] = [];
	const add = (choice: InputChoice): void => {
		if (names.has(choice.name) || choice.name === '[]' || choice.name === '') return;
		names.add(choice.name);
		more.push(choice);
	};
	for (const [name, value] of Object.entries(defaultsAt(defaults, path))) add({ name, detail: `default: ${preview(value)}`, documentation: 'Given in `input.default`; no `input.schema` declares it.' });
	for (const u of used) {
		if (u.length > path.length && path.every((p, i) => u[i] === p)) add({ name: u[path.length], detail: 'used in this template', documentation: 'Read elsewhere in this template; no `input.schema` declares it.' });
	}
	return [...declared, ...more];
}

/** The declared fields below a path, and whether undeclared ones are allowed there; undefined when the path leaves the schema. */
function schemaLevel(schema: SchemaInfo, path: string[]): { fields: SchemaField[]; open: boolean } | undefined {
	let fields = schema.fields;
	let open = schema.open;
	let field: SchemaField | undefined;
	for (const part of path) {
		if (part === '[]') {
			if (field && !field.array) return { fields: [], open: true };
			continue;
		}
		const next = fields.find((f) => f.name === part);
		if (!next) return open ? { fields: [], open: true } : undefined;
		field = next;
		fields = next.fields ?? [];
		open = next.open || (next.fields === undefined && (next.type === undefined || next.type === 'object'));
	}
	// A list has no fields of its own: its elements do, inside `{{#each}}`.
	if (field?.array && path[path.length - 1] !== '[]') return { fields: [], open: false };
	return { fields, open };
}

function fromField(field: SchemaField): InputChoice {
	const type = field.array ? (field.fields ? 'array of objects' : 'array') : (field.type ?? 'any');
	const parts = [field.description ?? ''];
	if (field.fields?.length) parts.push(`Fields: ${field.fields.map((f) => `\`${f.name}\``).join(', ')}.`);
	if (field.array) parts.push(`A list: loop over it with \`{{#each ${field.name}}}…{{/each}}\`.`);
	return { name: field.name, detail: field.optional ? `${type} (optional)` : type, documentation: parts.filter(Boolean).join('\n\n') || undefined };
}

function defaultsAt(defaults: unknown, path: string[]): Record<string, unknown> {
	let value = defaults;
	for (const part of path) {
		if (part === '[]') value = Array.isArray(value) ? value[0] : undefined;
		else value = isRecord(value) ? value[part] : undefined;
	}
	return isRecord(value) ? value : {};
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function preview(value: unknown): string {
	const json = JSON.stringify(value) ?? String(value);
	return json.length > 40 ? `${json.slice(0, 39)}…` : json;
}
