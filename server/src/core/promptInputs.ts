// Which inputs a render uses (defaults, the first named sample, explicit values) and which template variables none of them provide.
import { KNOWN_HELPERS } from './knownHelpers';
import { flatten } from './outline';
import type { PromptDoc, TemplateNode } from './types';

/** Helpers and keywords that look like variables in `{{name}}` but are not inputs. */
const NOT_VARIABLES = new Set([...KNOWN_HELPERS, 'else', 'this']);

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

/** Top-level `{{name}}` variables (outside `#each`/`#with`, whose scope changes) that no input provides. */
export function missingVariables(doc: PromptDoc, values: Record<string, unknown>): string[] {
	const scoped = new Set(flatten(doc.nodes).filter((n) => n.kind === 'block' && (n.name === 'each' || n.name === 'with')).flatMap((n) => flatten(n.children)));
	const names = flatten(doc.nodes)
		.filter((node: TemplateNode) => node.kind === 'mustache' && !scoped.has(node))
		.map((node) => node.name.split(/[.[/]/)[0])
		.filter((name) => name && !name.startsWith('@') && !NOT_VARIABLES.has(name) && !(name in values));
	return [...new Set(names)];
}

function record(value: unknown): Record<string, unknown> | undefined {
	return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
