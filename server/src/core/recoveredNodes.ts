// When Handlebars cannot parse a template, the forgiving tag scan still reads the helper calls and partials around the
// broken construct; the runtime fails on an unknown helper or a missing partial there too, so lint reports them.
import { scanMustaches } from './mustacheScanner';
import type { Span, TemplateNode } from './types';

/** `{{> name}}`, `{{> "name"}}`: a plain partial call (a partial block `{{#> name}}` renders its fallback instead). */
const PARTIAL = /^\{\{~?\s*>\s*(?:"([^"]+)"|'([^']+)'|([^\s}~()'"=]+))/;
/** `{{#*inline "name"}}`: an inline partial, which a call in the same file renders instead of a file. */
const INLINE = /^\{\{~?\s*#\*\s*inline\s+(["'])(.*?)\1/;
/** `{{name …}}`, `{{#name …}}`, `{{^name …}}`, `{{{name …}}}`, `{{&name …}}`: the name, then whether arguments follow. */
const CALL = /^\{\{~?(\{?)\s*([#^&]?)\s*([A-Za-z_$][\w$.\-/]*)([^}]*)/;

/**
 * `body` is the template (offsets shift by `bodyStart`); `broken` is the syntax error's span in the document. Tags that
 * overlap it or are not closed are left out: what they mean is exactly what Handlebars could not tell.
 */
export function recoveredNodes(body: string, bodyStart: number, broken: Span): TemplateNode[] {
	const nodes: TemplateNode[] = [];
	for (const tag of scanMustaches(body)) {
		// Raw blocks hold text Handlebars never parses; the scan cannot tell where they end, so claim nothing.
		if (body.startsWith('{{{{', tag.start)) return [];
		// An unclosed comment runs to the end of the file for Handlebars: what follows was meant as its text.
		if (tag.sigil === '!' && !tag.closed) break;
		const span = { start: tag.start + bodyStart, end: tag.end + bodyStart };
		// Unclosed tags are skipped before their text is read: each runs to the end of its line, and a line can hold many.
		if (!tag.closed || tag.sigil === '!' || overlaps(span, broken)) continue;
		const node = nodeOf(body.slice(tag.start, tag.end), span);
		if (node) nodes.push(node);
	}
	return nodes;
}

function nodeOf(text: string, span: Span): TemplateNode | undefined {
	const partial = PARTIAL.exec(text);
	if (partial) {
		const name = partial[1] ?? partial[2] ?? partial[3];
		const at = span.start + partial[0].length - name.length - (partial[3] === undefined ? 1 : 0);
		return { kind: 'partial', span, name, nameSpan: { start: at, end: at + name.length }, children: [] };
	}
	const inline = INLINE.exec(text);
	if (inline) return { kind: 'block', span, name: 'inline', nameSpan: span, openSpan: span, children: [], decorator: true };
	const call = CALL.exec(text);
	if (!call || call[3] === 'else' || call[3] === 'this') return undefined;
	const name = call[3];
	const at = span.start + call[0].length - call[4].length - name.length;
	// Arguments make the name a helper call; the `~` of `~}}` is not one.
	const hasParams = /\S/.test(call[4].replace(/~\s*$/, ''));
	const kind = call[2] === '#' || call[2] === '^' ? 'block' : 'mustache';
	return { kind, span, name, nameSpan: { start: at, end: at + name.length }, children: [], hasParams };
}

function overlaps(tag: Span, broken: Span): boolean {
	return broken.start < tag.end && tag.start < Math.max(broken.end, broken.start + 1);
}
