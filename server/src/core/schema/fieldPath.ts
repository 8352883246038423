// Looks an input path (`['items', '[]', 'name']`) up in a schema's field tree: the field, or where the path leaves what is declared.
import type { SchemaField, SchemaInfo } from './schemaTypes';

export type FieldLookup =
	/** Declared (`field` is undefined for the root or when an open level lets the path through). */
	| { found: true; field?: SchemaField }
	/** `path[index]` is not among `siblings`, and that level allows no other fields. */
	| { found: false; index: number; siblings: SchemaField[]; parent?: SchemaField };

export function lookupField(schema: SchemaInfo, path: string[]): FieldLookup {
	let fields = schema.fields;
	let open = schema.open;
	let field: SchemaField | undefined;
	for (let index = 0; index < path.length; index++) {
		const name = path[index];
		if (name === '[]') {
			// Stepping into an element: only meaningful on an array, whose `fields` already describe the element.
			if (field && !field.array) return { found: true };
			continue;
		}
		// On the array itself (`{{#with items}}{{length}}`) Handlebars reads array properties; we do not judge those.
		if (field?.array && path[index - 1] !== '[]') return { found: true };
		const next = fields.find((f) => f.name === name);
		if (!next) return open ? { found: true } : { found: false, index, siblings: fields, parent: field };
		field = next;
		fields = next.fields ?? [];
		// A scalar, or an object whose fields were not spelled out, has nothing we can check below it.
		open = next.open || next.fields === undefined;
	}
	return { found: true, field };
}
