// What the cursor is on inside a `{{…}}` tag, read from the raw text before it: a path, a helper, a block to close, a partial, a role.
import type { Span } from '../types';
import type { Tag } from './templateScan';

export type TemplateSpot =
	/**
	 * A variable path; `head` is what precedes the segment being typed (`user.`, `@root.`, `../`). `helpers`: which
	 * helper names fit here (`plain` in a call position, `all` right after `{{`, where a block's `#` may be added).
	 */
	| { kind: 'path'; head: string; replace: Span; helpers: 'none' | 'plain' | 'all'; closeEnd?: number }
	/** `{{#na|`: `replace` starts at the `#`. */
	| { kind: 'block'; replace: Span; closeEnd?: number }
	| { kind: 'close'; replace: Span; closeEnd?: number }
	| { kind: 'partial'; replace: Span }
	/** Inside the quotes of `{{role "…"}}`. */
	| { kind: 'role'; replace: Span; closingQuote: boolean };

const WORD_BEFORE = /[\w.\/@$\-[\]]*$/;
const WORD_AFTER = /^[\w$\-[\]]*/;
const NAME_AFTER = /^[\w.\/-]*/;
/** The tag's end right after the word, so a snippet that ends in `}}` can replace it instead of doubling it. */
const CLOSE_AFTER = /^[ \t]*~?\}\}/;
/** How far around the cursor a word is looked for (a name is never longer; bounds the work on huge files). */
const REACH = 300;

export function templateSpotAt(text: string, tag: Tag, offset: number): TemplateSpot | undefined {
	const pre = text.slice(tag.inner, offset);
	if (tag.sigil === '!' || pre.startsWith('!')) return undefined;
	if (pre.startsWith('#>') || pre.startsWith('>')) return partialSpot(text, tag.inner + pre.indexOf('>') + 1, offset, pre.slice(pre.indexOf('>') + 1));
	if (pre.startsWith('#')) {
		if (/^#[\w-]*$/.test(pre)) return { kind: 'block', replace: nameSpan(text, tag.inner, offset), closeEnd: closeEnd(text, tag.inner, offset) };
		return /^#\*/.test(pre) ? undefined : argumentSpot(text, tag.inner + 1, offset);
	}
	if (pre.startsWith('/')) {
		const lead = /^\/\s*/.exec(pre)![0].length;
		if (!/^[\w.\/-]*$/.test(pre.slice(lead))) return undefined;
		const start = tag.inner + lead;
		return { kind: 'close', replace: nameSpan(text, start, offset), closeEnd: closeEnd(text, start, offset) };
	}
	if (/^\^\s*[\w.\/@$\-[\]]*$/.test(pre)) return { ...pathSpot(text, offset), helpers: 'none' };
	if (pre.startsWith('^')) return argumentSpot(text, tag.inner + 1, offset);
	if (/^\s*else\b/.test(pre)) return /^\s*else\s+\S+\s/.test(pre) ? argumentSpot(text, tag.inner + /^\s*else\s+\S+/.exec(pre)![0].length, offset) : undefined;
	if (/^\s*[\w.\/@$\-[\]]*$/.test(pre)) {
		// Handlebars reads `{{#` only with nothing between: after a space, only plain helpers fit.
		const helpers = tag.unescaped ? 'none' : /^\s/.test(pre) ? 'plain' : 'all';
		return { ...pathSpot(text, offset), helpers, closeEnd: closeEnd(text, tag.inner, offset) };
	}
	return argumentSpot(text, tag.inner, offset);
}

/** A name from `start` through the name characters after the cursor. */
function nameSpan(text: string, start: number, offset: number): Span {
	return { start, end: offset + NAME_AFTER.exec(text.slice(offset, offset + REACH))![0].length };
}

function closeEnd(text: string, start: number, offset: number): number | undefined {
	const end = nameSpan(text, start, offset).end;
	const close = CLOSE_AFTER.exec(text.slice(end, end + REACH));
	return close ? end + close[0].length : undefined;
}

function partialSpot(text: string, start: number, offset: number, rest: string): TemplateSpot | undefined {
	const lead = /^\s*/.exec(rest)![0].length;
	if (/^[\w.\/-]*$/.test(rest.slice(lead))) return { kind: 'partial', replace: nameSpan(text, start + lead, offset) };
	// After the name: the context argument and hash values are paths.
	return argumentSpot(text, start + lead + /^\S*/.exec(rest.slice(lead))![0].length, offset);
}

/** The segment being typed and what precedes it: `user.na|me` → head `user.`, replace `name`. */
function pathSpot(text: string, offset: number): { kind: 'path'; head: string; replace: Span } {
	const word = WORD_BEFORE.exec(text.slice(Math.max(0, offset - REACH), offset))![0];
	const cut = Math.max(word.lastIndexOf('.'), word.lastIndexOf('/')) + 1;
	const start = offset - (word.length - cut);
	return { kind: 'path', head: word.slice(0, cut), replace: { start, end: offset + WORD_AFTER.exec(text.slice(offset, offset + REACH))![0].length } };
}

/** After a helper name: arguments, hash values and sub-expressions. Strings hold nothing to complete but a role. */
function argumentSpot(text: string, from: number, offset: number): TemplateSpot | undefined {
	const pre = text.slice(from, offset);
	const quote = openQuote(pre);
	if (quote) {
		const role = /^\s*#?role\s+(["'])([^"'\r\n]*)$/.exec(pre);
		return role ? roleSpot(text, offset - role[2].length, offset, role[1]) : undefined;
	}
	if (/\bas\s*\|[^|]*$/.test(pre)) return undefined;
	const spot = pathSpot(text, offset);
	const before = pre.slice(0, pre.length - (offset - spot.replace.start) - spot.head.length);
	return { ...spot, helpers: /\(\s*$/.test(before) ? 'plain' : 'none' };
}

function roleSpot(text: string, start: number, offset: number, quote: string): TemplateSpot {
	const after = text.slice(offset, offset + REACH);
	const rest = /^[^"'\s}]*/.exec(after)![0].length;
	return { kind: 'role', replace: { start, end: offset + rest }, closingQuote: after[rest] === quote };
}

/** The quote of a string still open at the end of `pre`, if any. */
function openQuote(pre: string): string | undefined {
	let open: string | undefined;
	for (let i = 0; i < pre.length; i++) {
		const c = pre[i];
		if (open) {
			if (c === '\\') i++;
			else if (c === open) open = undefined;
		} else if (c === '"' || c === "'") {
			open = c;
		}
	}
	return open;
}
