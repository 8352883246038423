// Checks that the frontmatter has the shape the Dotprompt runtime reads: a mapping whose well-known keys have the right types.
import type { CoreDiagnostic, Frontmatter, FrontmatterKey } from './types';

type Kind = 'string' | 'mapping' | 'list' | 'string-or-number';

const KNOWN_KEYS: Record<string, Kind> = {
	name: 'string',
	variant: 'string',
	version: 'string-or-number',
	description: 'string',
	model: 'string',
	tools: 'list',
	toolDefs: 'list',
	config: 'mapping',
	input: 'mapping',
	output: 'mapping',
	metadata: 'mapping',
};

export function frontmatterShapeDiagnostics(frontmatter: Frontmatter): CoreDiagnostic[] {
	const data = frontmatter.data;
	if (data === undefined || data === null) return [];
	if (kindOf(data) !== 'mapping') {
		return [{
			code: 'frontmatter-shape',
			severity: 'error',
			message: `The frontmatter must be a YAML mapping of keys such as \`model: …\` and \`config: …\`, but it is ${article(kindOf(data))}.`,
			span: frontmatter.content,
		}];
	}
	const record = data as Record<string, unknown>;
	const diagnostics: CoreDiagnostic[] = [];
	for (const key of frontmatter.keys.filter((k) => k.path.length === 1)) {
		const expected = KNOWN_KEYS[key.path[0]];
		const value = record[key.path[0]];
		if (!expected || value === null || value === undefined || matches(expected, value)) continue;
		diagnostics.push(wrongType(key, expected, value));
	}
	return diagnostics;
}

function wrongType(key: FrontmatterKey, expected: Kind, value: unknown): CoreDiagnostic {
	const wanted = expected === 'string-or-number' ? 'a string' : article(expected);
	const span = key.valueSpan.end > key.valueSpan.start ? key.valueSpan : key.keySpan;
	return {
		code: 'frontmatter-shape',
		severity: 'error',
		message: `\`${key.path[0]}\` must be ${wanted}, not ${article(kindOf(value))}.`,
		span,
	};
}

function matches(expected: Kind, value: unknown): boolean {
	const kind = kindOf(value);
	if (expected === 'string-or-number') return kind === 'string' || kind === 'number';
	return kind === expected;
}

function kindOf(value: unknown): string {
	if (Array.isArray(value)) return 'list';
	if (value instanceof Date) return 'string';
	if (value === null) return 'null';
	if (typeof value === 'object') return 'mapping';
	return typeof value;
}

function article(kind: string): string {
	return /^[aeiou]/.test(kind) ? `an ${kind}` : `a ${kind}`;
}
