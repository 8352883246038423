// Which inputs a render uses (defaults, the first named sample, explicit values) and which template variables none of them provide.
import type { PromptDoc } from './types';

export interface Inputs {
	values: Record<string, unknown>;
	/** Name of the `promptLens.samples` entry used, if any. */
	sample?: string;
}

export function collectInputs(front: Record<string, unknown>, explicit: Record<string, unknown> = {}): Inputs {
	const input = record(front.input);
	const defaults = record(input?.default) ?? {};
	const samples = record(front['promptLens.samples']);
	const first = samples ? Object.entries(samples).find(([, value]) => record(value)) : undefined;
	return { values: { ...defaults, ...(first ? record(first[1]) : {}), ...explicit }, sample: first?.[0] };
}

/** Top-level inputs the template reads (in any scope: `{{#each items}}`, `{{@root.x}}`, helper arguments) that no input provides. */
export function missingVariables(doc: PromptDoc, values: Record<string, unknown>): string[] {
	const names = doc.scope.references
		.filter((ref) => ref.kind === 'input' && ref.base)
		.map((ref) => [...ref.base!, ...ref.parts.map((p) => p.name)][0])
		.filter((name): name is string => name !== undefined && !(name in values));
	return [...new Set(names)];
}

function record(value: unknown): Record<string, unknown> | undefined {
	return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
