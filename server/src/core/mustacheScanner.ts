// A forgiving scan for `{{…}}` tags, used only to explain parse errors where Handlebars' parser has already given up.

export interface MustacheTag {
	start: number;
	/** After the closing braces, or the end of the line when the tag is never closed. */
	end: number;
	closed: boolean;
	/** `#`, `^`, `/`, `>`, `!`, `else` or '' for a plain mustache. */
	sigil: string;
	name: string;
}

const OPEN = /\\?\{\{(~?)/g;

/** Enough of a tag to read its sigil and name; an unclosed tag's text can run to the end of a megabyte-long line. */
const NAME_WINDOW = 256;

export function scanMustaches(text: string): MustacheTag[] {
	const tags: MustacheTag[] = [];
	const lineEnd = lineEnds(text);
	const nextClose = finder(text, '}}');
	OPEN.lastIndex = 0;
	let match: RegExpExecArray | null;
	while ((match = OPEN.exec(text))) {
		if (match[0].startsWith('\\')) continue;
		const start = match.index;
		const inner = start + match[0].length;
		const tag = text.startsWith('!', inner) ? scanComment(text, start, inner, lineEnd) : scanTag(text, start, inner, lineEnd, nextClose);
		tags.push(tag);
		OPEN.lastIndex = Math.max(tag.closed ? tag.end : inner, start + 2);
	}
	return tags;
}

type LineEnd = (from: number) => number;

function scanComment(text: string, start: number, inner: number, lineEnd: LineEnd): MustacheTag {
	const long = text.startsWith('!--', inner);
	const close = long ? text.indexOf('--', inner + 3) : text.indexOf('}}', inner);
	const end = long && close >= 0 ? text.indexOf('}}', close) : close;
	if (end < 0) return { start, end: lineEnd(start), closed: false, sigil: '!', name: '' };
	return { start, end: end + 2, closed: true, sigil: '!', name: '' };
}

function scanTag(text: string, start: number, inner: number, lineEnd: LineEnd, nextClose: LineEnd): MustacheTag {
	const found = nextClose(inner);
	const close = found < text.length ? found : -1;
	const nextOpen = text.indexOf('{{', inner);
	const closed = close >= 0 && (nextOpen < 0 || close < nextOpen);
	const end = closed ? close + 2 + countBraces(text, close + 2) : lineEnd(start);
	const content = text.slice(inner, Math.min(closed ? close : end, inner + NAME_WINDOW)).replace(/^[{&]/, '').trim();
	const sigilMatch = /^([#^/>]|else\b)?\s*([^\s}~()]*)/.exec(content);
	const sigil = sigilMatch?.[1] ?? '';
	const name = sigil === 'else' ? 'else' : (sigilMatch?.[2] ?? '').replace(/^\*/, '');
	return { start, end, closed, sigil, name };
}

function countBraces(text: string, from: number): number {
	let n = 0;
	while (text[from + n] === '}' && n < 2) n++;
	return n;
}

/**
 * The end of the line at `from`, for queries that never go backwards: each line break is searched for once, so a scan
 * of n tags is linear (a fresh search per tag was quadratic on a long line of `{{`).
 */
function lineEnds(text: string): LineEnd {
	const nextN = finder(text, '\n');
	const nextR = finder(text, '\r');
	return (from) => Math.min(nextN(from), nextR(from));
}

/** The next `needle` at or after `from` (text.length when none), for queries that never go backwards. */
function finder(text: string, needle: string): LineEnd {
	let found = -1;
	let asked = -1;
	return (from) => {
		if (from > asked && found < from) {
			const at = text.indexOf(needle, from);
			found = at < 0 ? text.length : at;
		}
		asked = Math.max(asked, from);
		return found;
	};
}
