// The Dotprompt runtime's own `parse(source)` (dotprompt/js parse.ts parseDocument), rebuilt from a frontmatter we
// already parsed, so a render does not parse the YAML again — the runtime's `yaml.parse` checks duplicate keys pairwise,
// 10 s for 40,000 keys. A test proves it equal to the runtime's on the conformance corpus and every fixture.
import type { ParsedPrompt } from 'dotprompt';
import type { Frontmatter } from './types';

/** Kept sorted, as in the runtime. */
const RESERVED_METADATA_KEYWORDS = [
	'config',
	'description',
	'ext',
	'input',
	'model',
	'name',
	'output',
	'raw',
	'toolDefs',
	'tools',
	'variant',
	'version',
];

function baseMetadata(): {
	ext: Record<string, unknown>;
	metadata: Record<string, unknown>;
	config: Record<string, unknown>;
} {
	return { ext: {}, metadata: {}, config: {} };
}

/**
 * What `new Dotprompt().parse(source)` returns (`frontmatter` is `parseFrontmatter(source).frontmatter`). No frontmatter,
 * an empty or an unclosed one: the whole source is the template. YAML the runtime's `yaml.parse` throws on (our parse
 * found errors, or too many aliases): it logs the error and renders the whole source, trimmed, with no metadata.
 */
export function runtimeParsed(source: string, frontmatter: Frontmatter | undefined): ParsedPrompt {
	const content = frontmatter?.closed ? source.slice(frontmatter.content.start, frontmatter.content.end) : '';
	if (!frontmatter || content === '') return { ...baseMetadata(), template: source } as ParsedPrompt;
	if (frontmatter.data === undefined) return { ...baseMetadata(), template: source.trim() } as ParsedPrompt;
	const raw: Record<string, unknown> = { ...(frontmatter.data as object) };
	const pruned: Record<string, unknown> = baseMetadata();
	const ext: Record<string, Record<string, unknown>> = {};
	for (const key in raw) {
		if (RESERVED_METADATA_KEYWORDS.includes(key)) {
			pruned[key] = raw[key];
		} else if (key.includes('.')) {
			const dot = key.lastIndexOf('.');
			const namespace = key.substring(0, dot);
			ext[namespace] = ext[namespace] || {};
			ext[namespace][key.substring(dot + 1)] = raw[key];
		}
	}
	return { ...pruned, raw, ext, template: source.slice(frontmatter.span.end).trim() } as ParsedPrompt;
}
