// completeAt: what fits at the cursor of a `.prompt` file, from the raw text around it (mid-edit text rarely parses).
import { completeFrontmatter } from './complete/frontmatterCompletion';
import { completeTemplate } from './complete/templateCompletion';
import type { CompletionEnv, CoreCompletion } from './complete/completionTypes';
import type { PromptDoc, Span } from './types';

export type { CompletionEnv, CoreCompletion, CoreCompletionItem, CompletionKind } from './complete/completionTypes';

const OPENING_LINE = /^---[ \t]*(?:\r\n|\r|\n)/;
const CLOSING_LINE = /^---[ \t]*$/m;

/** `offset` is a UTF-16 offset into `doc.text`. Never throws on user input. */
export function completeAt(doc: PromptDoc, offset: number, env: CompletionEnv = {}): CoreCompletion {
	if (doc.dialect || !Number.isInteger(offset) || offset < 0 || offset > doc.text.length) return { items: [] };
	const { content, bodyStart } = regions(doc.text);
	if (content && offset >= content.start && offset <= content.end) return { items: completeFrontmatter(doc, content, offset, env) };
	return offset >= bodyStart ? completeTemplate(doc, bodyStart, offset, env) : { items: [] };
}

/**
 * The YAML between the `---` lines and where the template starts. While the closing `---` is missing, the YAML runs
 * to the end (the runtime would send it all as text, but the user is still writing it).
 */
function regions(text: string): { content?: Span; bodyStart: number } {
	const opening = OPENING_LINE.exec(text);
	if (!opening) return { bodyStart: 0 };
	const start = opening[0].length;
	const closing = CLOSING_LINE.exec(text.slice(start));
	if (!closing) return { content: { start, end: text.length }, bodyStart: text.length };
	const closeAt = start + closing.index;
	const lineEnd = closeAt + closing[0].length;
	const bodyStart = lineEnd + /^(?:\r\n|\r|\n)?/.exec(text.slice(lineEnd, lineEnd + 2))![0].length;
	if (closeAt === start) return { bodyStart };
	const contentEnd = closeAt - (text[closeAt - 2] === '\r' ? 2 : 1);
	return { content: { start, end: contentEnd }, bodyStart };
}
