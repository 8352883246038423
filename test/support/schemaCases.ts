// Helpers of the schema reader's specifications: a prompt around a schema, reading it, and its field tree without spans.
import assert from 'node:assert/strict';
import { parsePrompt, readSchema, type SchemaField, type SchemaInfo, type Span } from '../../server/src/core';

/** A prompt whose `input.schema` (or `output.schema`) is `schema`, written at column 0 and indented here. */
export function promptWith(schema: string, which: 'input' | 'output' = 'input'): string {
	const body = schema.includes('\n') || /:(\s|$)/.test(schema) ? `\n${schema.replace(/^/gm, '    ')}` : ` ${schema}`;
	return `---\n${which}:\n  schema:${body}\n---\nHello.\n`;
}

export function read(schema: string, which: 'input' | 'output' = 'input'): { text: string; info: SchemaInfo } {
	const text = promptWith(schema, which);
	const info = readSchema(parsePrompt(text).doc, which);
	assert.ok(info, `no schema read from:\n${text}`);
	return { text, info };
}

export function field(info: SchemaInfo, path: string): SchemaField {
	let fields = info.fields;
	let found: SchemaField | undefined;
	for (const name of path.split('.')) {
		found = fields.find((f) => f.name === name);
		assert.ok(found, `no field ${path}: ${JSON.stringify(fields.map((f) => f.name))}`);
		fields = found.fields ?? [];
	}
	return found!;
}

export const covered = (text: string, span: Span) => text.slice(span.start, span.end);

/** The field tree without spans, with `any` and "no type" alike (JSON Schema writes `any` as `{}`). */
export interface Tree { name: string; type?: string; optional: boolean; description?: string; array?: boolean; open: boolean; fields?: Tree[] }
export function tree(fields: SchemaField[]): Tree[] {
	return fields.map((f) => {
		const out: Tree = { name: f.name, optional: f.optional, open: f.open };
		if (f.type && f.type !== 'any') out.type = f.type;
		if (f.description) out.description = f.description;
		if (f.array) out.array = true;
		if (f.fields) out.fields = tree(f.fields);
		return out;
	});
}
