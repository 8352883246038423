// A forgiving pass over the template's tags for completion: the tag under the cursor, the blocks still open there,
// the context each opens (Handlebars' rules for #each, #with, block params, ../, @root), and the input paths used.
import { KNOWN_HELPERS } from '../knownHelpers';
import { scanMustaches } from '../mustacheScanner';
import type { SchemaField } from '../schema/schemaTypes';

export interface Tag {
	start: number;
	/** After the closing braces, or the line end when the tag is never closed. */
	end: number;
	/** After `{{`, `~` and a `{` or `&`. */
	inner: number;
	/** Before `~}}` / `}}`; the line end when the tag is never closed. */
	contentEnd: number;
	closed: boolean;
	/** `{{{…}}}` or `{{&…}}`: a value, never a helper snippet. */
	unescaped: boolean;
	sigil: string;
	name: string;
}

export interface BlockParam {
	base?: string[];
	data: boolean;
	/** What it names, for the item's detail: `element of items`, `index`. */
	about: string;
}

/** A context: the input path `this` reads (undefined when it cannot be told) and the block params in scope. */
export interface Frame {
	base?: string[];
	params: Map<string, BlockParam>;
	/** Set inside `{{#each}}`, where `@index`, `@first`, `@last` and `@key` exist; holds the iterated path as written. */
	each?: string;
}

export interface OpenBlock {
	name: string;
	/** The opening tag as written, for the closing item's detail. */
	opening: string;
	frame?: Frame;
	/** Past `{{else}}`: the rest renders in the outer context. */
	inverse: boolean;
}

export interface TemplateScan {
	/** Blocks open at the cursor, outermost first. */
	blocks: OpenBlock[];
	/** Contexts at the cursor, the top level first. */
	frames: Frame[];
	/** Input paths read by the other tags (`[]` steps into an array element). */
	used: string[][];
}

type FieldAt = (path: string[]) => SchemaField | undefined;

const PATH_WORD = /^(?:@root\b|\.\.?\/|this\b|[A-Za-z_$[])/;
const BLOCK_PARAMS = /^as\s*\|([^|]*)/;
const LITERAL = /^(?:true|false|null|undefined|-?\d[\d.]*)$/;
const TOKEN = /"(?:[^"\\]|\\.)*"?|'(?:[^'\\]|\\.)*'?|\bas\s*\|[^|]*\|?|[()]|[^\s()"'=|]+=|[^\s()"'=|]+/g;

/** The template's tags, and the one whose content holds the cursor (a comment's `sigil` is `!`). */
export function tagsAt(text: string, bodyStart: number, offset: number): { tags: Tag[]; cursor?: Tag } {
	const tags = tagsOf(text, bodyStart);
	return { tags, cursor: tags.find((t) => offset >= t.inner && offset <= t.contentEnd) };
}

/** The other tags, read for the blocks open at the cursor and the input paths they use. */
export function scanTemplate(text: string, tags: Tag[], cursor: Tag, fieldAt: FieldAt): TemplateScan {
	const offset = cursor.start;
	const blocks: OpenBlock[] = [];
	const used: string[][] = [];
	let atCursor: OpenBlock[] | undefined;
	for (const tag of tags) {
		if (tag === cursor || tag.sigil === '!') continue;
		// Copies: a later `{{else}}` must not change the blocks as they were at the cursor.
		if (!atCursor && tag.start >= offset) atCursor = blocks.map((b) => ({ ...b }));
		const frames = framesOf(blocks);
		for (const word of pathWords(text, tag)) {
			const path = resolvePath(word, frames);
			if (path) used.push(path);
		}
		step(text, tag, blocks, frames, fieldAt);
	}
	const open = atCursor ?? blocks;
	return { blocks: open, frames: framesOf(open), used };
}

function tagsOf(text: string, bodyStart: number): Tag[] {
	const body = text.slice(bodyStart);
	return scanMustaches(body).map((t) => {
		const start = bodyStart + t.start;
		let inner = start + 2;
		if (text[inner] === '~') inner++;
		const unescaped = t.sigil !== '!' && (text[inner] === '{' || text[inner] === '&');
		if (unescaped) inner++;
		const close = t.closed ? (t.sigil === '!' ? bodyStart + t.end - 2 : text.indexOf('}}', inner)) : bodyStart + t.end;
		const contentEnd = t.closed && text[close - 1] === '~' ? close - 1 : close;
		return { start, end: bodyStart + t.end, inner, contentEnd: Math.max(contentEnd, inner), closed: t.closed, unescaped, sigil: t.sigil, name: t.name };
	});
}

/** The contexts the open blocks make, the top level first; blocks past their `{{else}}` add none. */
export function framesOf(blocks: OpenBlock[]): Frame[] {
	return [{ base: [], params: new Map() }, ...blocks.filter((b) => b.frame && !b.inverse).map((b) => b.frame!)];
}

/** Opens, continues (`else`) or closes a block. */
function step(text: string, tag: Tag, blocks: OpenBlock[], frames: Frame[], fieldAt: FieldAt): void {
	const content = text.slice(tag.inner, tag.contentEnd);
	if (tag.sigil === 'else' || (tag.sigil === '^' && tag.name === '')) {
		if (blocks.length) blocks[blocks.length - 1].inverse = true;
	} else if (tag.sigil === '/') {
		const index = blocks.map((b) => b.name).lastIndexOf(tag.name);
		if (index >= 0) blocks.splice(index);
	} else if (tag.sigil === '#' || tag.sigil === '^') {
		const opening = text.slice(tag.start, tag.end).trim();
		// `{{#> card}}` (a partial block) and `{{#*inline "x"}}` close with the name after the `>` or `*`.
		const name = /^[#^]\s*[>*]?\s*([^\s}~()]*)/.exec(content)?.[1] ?? '';
		const frame = tag.sigil === '#' && !/^#\s*[>*]/.test(content) ? enter(content, frames, fieldAt) : undefined;
		blocks.push({ name, opening, frame, inverse: false });
	}
}

/** The context inside `{{#name args as |a b|}}`, or undefined when it is the outer one. */
function enter(content: string, frames: Frame[], fieldAt: FieldAt): Frame | undefined {
	const tokens = tokensOf(content.slice(1));
	const name = tokens[0] ?? '';
	const declared = tokens.map((t) => BLOCK_PARAMS.exec(t)).find((m) => m !== null);
	const blockParams = declared?.[1].trim().split(/\s+/).filter(Boolean) ?? [];
	const first = tokens.slice(1).find((t) => PATH_WORD.test(t) && !t.endsWith('=') && !BLOCK_PARAMS.test(t));
	const outer = frames[frames.length - 1];
	if (name === 'each' || name === 'with') return scoped(name === 'each', first ? resolvePath(first, frames) : undefined, first ?? '', blockParams);
	if (KNOWN_HELPERS.includes(name) || tokens.length > 1) {
		return blockParams.length ? { base: outer.base, params: new Map(blockParams.map((p) => [p, { data: true, about: 'block parameter' }])) } : undefined;
	}
	// `{{#items}}…{{/items}}` on a plain value: Handlebars iterates an array and narrows to an object.
	const path = resolvePath(name, frames);
	const field = path && fieldAt(path);
	if (field) return scoped(field.array === true, path, name, blockParams);
	return { base: undefined, params: new Map() };
}

function scoped(each: boolean, path: string[] | undefined, written: string, blockParams: string[]): Frame {
	const base = path && (each ? [...path, '[]'] : path);
	const params = new Map<string, BlockParam>();
	if (blockParams[0]) params.set(blockParams[0], { base, data: false, about: each ? `element of \`${written}\`` : `\`${written}\`` });
	if (blockParams[1]) params.set(blockParams[1], { data: true, about: `index (or key) in \`${written}\`` });
	return { base, params, each: each ? written : undefined };
}

/** The paths a tag reads: not helper names, partial names, hash keys, strings, literals or block params. */
function pathWords(text: string, tag: Tag): string[] {
	if (tag.sigil === '/' || tag.sigil === '!') return [];
	let content = text.slice(tag.inner, tag.contentEnd);
	let callFirst = true;
	if (tag.sigil === '#' || tag.sigil === '^') content = content.slice(1);
	if (tag.sigil === 'else') content = content.replace(/^\s*else\b/, '');
	if (tag.sigil === '>' || /^\s*[>*]/.test(content)) {
		content = content.replace(/^\s*>?\s*[>*]?\s*\S*/, '');
		callFirst = false;
	}
	const tokens = tokensOf(content);
	return tokens.filter((token, i) => {
		if (!PATH_WORD.test(token) || LITERAL.test(token) || token.endsWith('=') || BLOCK_PARAMS.test(token)) return false;
		if (!((i === 0 && callFirst) || tokens[i - 1] === '(')) return true;
		// The callee of a call: a helper when it has arguments or is a known helper, else a plain value.
		const next = tokens[i + 1];
		return !(KNOWN_HELPERS.includes(token) || (next !== undefined && next !== ')' && !BLOCK_PARAMS.test(next)));
	});
}

/** Where a written path reads from: its input path, or undefined for data (`@index`) and unknown contexts. */
export function resolvePath(written: string, frames: Frame[]): string[] | undefined {
	const segments = splitPath(written);
	const head = segments[0] ?? '';
	const current = frames[frames.length - 1];
	if (head.startsWith('@')) return head === '@root' ? segments.slice(1) : undefined;
	let depth = 0;
	while (segments[depth] === '..') depth++;
	if (depth > 0) {
		const base = frames[frames.length - 1 - depth]?.base;
		return base && [...base, ...segments.slice(depth)];
	}
	if (head === 'this' || head === '.') return current.base && [...current.base, ...segments.slice(1)];
	for (let i = frames.length - 1; i >= 0; i--) {
		const param = frames[i].params.get(head);
		if (param) return param.data ? undefined : param.base && [...param.base, ...segments.slice(1)];
	}
	return current.base && [...current.base, ...segments];
}

/** `a.b`, `a/b`, `../a`, `[first name].x` → segments (`..` kept, brackets dropped). */
export function splitPath(written: string): string[] {
	const segments: string[] = [];
	const pattern = /\[([^\]]*)\]?|\.\.|[^./[\]]+/g;
	let match: RegExpExecArray | null;
	while ((match = pattern.exec(written))) segments.push(match[1] ?? match[0]);
	return segments;
}

/** Strings, `as |params|`, parentheses, `key=` and words, in order. */
export function tokensOf(content: string): string[] {
	return content.match(TOKEN) ?? [];
}
