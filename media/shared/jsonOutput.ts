// A JSON answer: parsed (also inside one ```json fence), pretty-printed, and checked against the prompt's output schema.
import type { JsonSchema, OutputSpec } from './compareMessages';
import { checkJsonSchema, type SchemaProblem } from '../../server/src/core/jsonSchemaCheck';

export type JsonView =
	| { ok: true; pretty: string; fenced: boolean; schemaChecked: boolean; problems: SchemaProblem[] }
	| { ok: false; error: string };

/** Whether a column's output is treated as JSON: the prompt says `output.format: json` or has an output schema. */
export function expectsJson(spec: OutputSpec | undefined): boolean {
	return spec?.format === 'json' || (spec?.schema !== undefined && spec.format !== 'text');
}

/** Parse, pretty-print and check `output`; an empty output is not judged yet. Never throws. */
export function jsonView(output: string, schema: JsonSchema | undefined): JsonView | undefined {
	const text = output.trim();
	if (text === '') return undefined;
	const fence = /^```[ \t]*(?:json[c5]?)?[ \t]*\r?\n([\s\S]*?)\r?\n?```$/i.exec(text);
	const body = fence ? fence[1] : text;
	let value: unknown;
	try {
		value = JSON.parse(body);
	} catch (error) {
		return { ok: false, error: `Not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
	}
	return {
		ok: true,
		pretty: JSON.stringify(value, null, 2),
		fenced: fence !== null,
		schemaChecked: schema !== undefined,
		problems: schema ? checkJsonSchema(value, schema) : [],
	};
}
