// Reads `input.schema` / `output.schema` (Picoschema or JSON Schema) into located fields, with the exact place of each syntax error.
import type { PromptDoc } from '../types';
import type { SchemaInfo } from './schemaTypes';

/** PLACEHOLDER until the Picoschema reader lands: undefined means "no schema declared". */
export function readSchema(_doc: PromptDoc, _which: 'input' | 'output'): SchemaInfo | undefined {
	return undefined;
}
