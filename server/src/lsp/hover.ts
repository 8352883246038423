// Hover: docs for helpers, frontmatter keys and variables; token and cost facts for the model key and role sections.
import type { Hover, Position } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Analyses } from './analyses';
import { offsetOf } from './convert';
import { estimateHover, markdown } from './estimateFeatures';

/** On these the section's tokens and cost say more than the helper's docs; the docs are the fallback. */
const ESTIMATE_FIRST = new Set(['helper:role', 'helper:history', 'key:model']);

export async function hover(analyses: Analyses, document: TextDocument, position: Position): Promise<Hover | null> {
	const answer = await analyses.query(document, { kind: 'hover', offset: offsetOf(document, position) });
	const { symbol, docs } = answer ?? {};
	const key = symbol && `${symbol.kind}:${symbol.kind === 'helper' ? symbol.name : symbol.kind === 'key' ? symbol.path.join('.') : ''}`;
	if (docs && !(key && ESTIMATE_FIRST.has(key))) return markdown(docs.markdown, document, docs.span);
	const estimated = await estimateHover(analyses, document, position);
	return estimated ?? (docs ? markdown(docs.markdown, document, docs.span) : null);
}
