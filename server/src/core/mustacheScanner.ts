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

export function scanMustaches(text: string): MustacheTag[] {
	const tags: MustacheTag[] = [];
	OPEN.lastIndex = 0;
	let match: RegExpExecArray | null;
	while ((match = OPEN.exec(text))) {
		if (match[0].startsWith('\\')) continue;
		const start = match.index;
		const inner = start + match[0].length;
		const tag = text.startsWith('!', inner) ? scanComment(text, start, inner) : scanTag(text, start, inner);
		tags.push(tag);
		OPEN.lastIndex = Math.max(tag.closed ? tag.end : inner, start + 2);
	}
	return tags;
}

function scanComment(text: string, start: number, inner: number): MustacheTag {
	const long = text.startsWith('!--', inner);
	const close = long ? text.indexOf('--', inner + 3) : text.indexOf('}}', inner);
	const end = long && close >= 0 ? text.indexOf('}}', close) : close;
	if (end < 0) return { start, end: lineEnd(text, start), closed: false, sigil: '!', name: '' };
	return { start, end: end + 2, closed: true, sigil: '!', name: '' };
}

function scanTag(text: string, start: number, inner: number): MustacheTag {
	const close = text.indexOf('}}', inner);
	const nextOpen = text.indexOf('{{', inner);
	const closed = close >= 0 && (nextOpen < 0 || close < nextOpen);
	const end = closed ? close + 2 + countBraces(text, close + 2) : lineEnd(text, start);
	const content = text.slice(inner, closed ? close : end).replace(/^[{&]/, '').trim();
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

function lineEnd(text: string, from: number): number {
	const match = /\r\n|\r|\n/.exec(text.slice(from));
	return match ? from + match.index : text.length;
}
