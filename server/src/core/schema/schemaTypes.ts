// The shape of a prompt's input or output schema (Picoschema or JSON Schema), with the spans where each field is declared.
import type { Span } from '../types';

export interface SchemaField {
	/** The field name as data uses it (`name`, without `?` or `(type, description)`). */
	name: string;
	/** The name inside the YAML key, for rename and go-to-definition. */
	nameSpan: Span;
	/** The whole YAML key as written (`name?(string, the user's name)`). */
	keySpan: Span;
	/** `string`, `number`, `integer`, `boolean`, `null`, `any`, `object`, `array`, `enum`, or a named schema. */
	type?: string;
	optional: boolean;
	description?: string;
	/** For objects, and arrays whose items are objects: the declared fields. */
	fields?: SchemaField[];
	/** True when undeclared fields are allowed below this one (`any`, a wildcard `(*)`, a named schema, an untyped JSON Schema object). */
	open: boolean;
	/** True for arrays: `fields` then describe each element. */
	array?: boolean;
}

export interface SchemaProblem {
	message: string;
	span: Span;
}

export interface SchemaInfo {
	/** `picoschema`, `json-schema`, or `named` when the schema is a registered schema's name. */
	dialect: 'picoschema' | 'json-schema' | 'named';
	/** Top-level fields. */
	fields: SchemaField[];
	/** True when the top level accepts undeclared fields (named schema, wildcard, JSON Schema without `properties`). */
	open: boolean;
	/** Syntax errors, each on the exact key or value at fault. */
	problems: SchemaProblem[];
	/** The value of `input.schema` / `output.schema`. */
	span: Span;
}
