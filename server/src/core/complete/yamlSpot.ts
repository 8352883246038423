// A forgiving reading of the YAML around the cursor from indentation alone: half-typed frontmatter rarely parses.
import type { Span } from '../types';

export type YamlSpot =
	/** Typing a key: `parent` is the mapping it goes in; `siblings` are the keys that mapping already has. */
	| { kind: 'key'; parent: string[]; siblings: string[]; word: Span; colonFollows: boolean }
	/** Typing the value of `path` (or, with `item`, an entry of the list at `path`). */
	| { kind: 'value'; path: string[]; value: Span; item: boolean; needsSpace: boolean };

interface Line {
	start: number;
	text: string;
}

interface Shape {
	/** Where the key (or the list entry's text) starts. */
	column: number;
	dash: boolean;
	key?: string;
	/** After the colon (or the dash), without a trailing comment. */
	value: string;
}

const KEY_LINE = /^([ \t]*)(-[ \t]+)?("[^"]*"|'[^']*'|[^\s#'"][^#]*?)[ \t]*:(?=[ \t]|$)(.*)$/;
const DASH_LINE = /^([ \t]*)-(?:[ \t]+(.*))?$/;
const BLANK_LINE = /^[ \t]*(?:#.*)?$/;

export function yamlSpotAt(text: string, region: Span, offset: number): YamlSpot | undefined {
	const lines = linesOf(text, region);
	const index = lines.findIndex((line) => offset >= line.start && offset <= line.start + line.text.length);
	if (index < 0) return undefined;
	const line = lines[index];
	const before = line.text.slice(0, offset - line.start);
	if (/(?:^|\s)#/.test(before.replace(/"[^"]*"|'[^']*'/g, '""'))) return undefined;
	const keyLine = KEY_LINE.exec(line.text);
	const colon = keyLine ? keyLine[0].length - keyLine[4].length - 1 : -1;
	if (keyLine && colon < before.length) return valueSpot(lines, index, shapeOf(line.text)!, line.start + colon + 1, offset);
	const dash = DASH_LINE.exec(before);
	if (dash) return itemSpot(lines, index, dash[1].length, line, offset);
	return keySpot(lines, index, offset);
}

function linesOf(text: string, region: Span): Line[] {
	const parts = text.slice(region.start, region.end).split(/(\r\n|\r|\n)/);
	const lines: Line[] = [];
	for (let i = 0, start = region.start; i < parts.length; i += 2) {
		lines.push({ start, text: parts[i] });
		start += parts[i].length + (parts[i + 1]?.length ?? 0);
	}
	return lines;
}

function shapeOf(text: string): Shape | undefined {
	if (BLANK_LINE.test(text)) return undefined;
	const key = KEY_LINE.exec(text);
	if (key) {
		return { column: key[1].length + (key[2]?.length ?? 0), dash: key[2] !== undefined, key: key[3].replace(/^(["'])(.*)\1$/, '$2'), value: stripComment(key[4]) };
	}
	const dash = DASH_LINE.exec(text);
	if (dash) return { column: dash[1].length, dash: true, value: stripComment(dash[2] ?? '') };
	return { column: /^[ \t]*/.exec(text)![0].length, dash: false, value: text.trim() };
}

function stripComment(value: string): string {
	return value.replace(/(?:^|[ \t])#.*$/, '').trim();
}

/**
 * Keys of the mappings that hold a key at `column` on line `index`, outermost first; undefined when the lines above
 * do not make it a key (a block scalar's text, a continued plain scalar).
 */
function parentPath(lines: Line[], index: number, column: number): string[] | undefined {
	const path: string[] = [];
	let limit = column;
	for (let i = index - 1; i >= 0 && limit > 0; i--) {
		const shape = shapeOf(lines[i].text);
		if (!shape || shape.column >= limit) continue;
		if (shape.key === undefined || shape.value !== '') return undefined;
		path.unshift(shape.key);
		limit = shape.column;
	}
	return path;
}

/** Keys written at `column` in the same mapping as line `index` (above and below, until the mapping ends). */
function siblingKeys(lines: Line[], index: number, column: number): string[] {
	const keys: string[] = [];
	for (const step of [-1, 1]) {
		for (let i = index + step; i >= 0 && i < lines.length; i += step) {
			const shape = shapeOf(lines[i].text);
			if (!shape || shape.column > column) continue;
			if (shape.column < column || shape.dash) break;
			if (shape.key !== undefined) keys.push(shape.key);
		}
	}
	return keys;
}

function keySpot(lines: Line[], index: number, offset: number): YamlSpot | undefined {
	const line = lines[index];
	const before = /^([ \t]*)([^\s:#'"]*)$/.exec(line.text.slice(0, offset - line.start));
	if (!before) return undefined;
	const column = before[1].length;
	const parent = parentPath(lines, index, column);
	if (!parent) return undefined;
	const rest = line.text.slice(offset - line.start);
	const tail = /^[^\s:#]*/.exec(rest)![0];
	const word = { start: offset - before[2].length, end: offset + tail.length };
	return { kind: 'key', parent, siblings: siblingKeys(lines, index, column), word, colonFollows: /^[ \t]*:/.test(rest.slice(tail.length)) };
}

function valueSpot(lines: Line[], index: number, shape: Shape, afterColon: number, offset: number): YamlSpot | undefined {
	const parent = parentPath(lines, index, shape.column);
	if (!parent || shape.key === undefined || shape.dash) return undefined;
	const path = [...parent, shape.key];
	const line = lines[index];
	const raw = line.text.slice(afterColon - line.start);
	if (offset === afterColon) {
		// `key:|` — the value needs a space before it; text glued to the colon is not a value we understand.
		return raw === '' || /^\s/.test(raw) ? { kind: 'value', path, value: { start: offset, end: offset }, item: false, needsSpace: true } : undefined;
	}
	const lead = /^[ \t]*/.exec(raw)![0].length;
	const valueStart = afterColon + lead;
	if (raw.slice(lead).startsWith('[')) return flowItemSpot(line, path, valueStart + 1, offset);
	if (/^[{|>&*!]/.test(raw.slice(lead))) return undefined;
	if (offset < valueStart) return { kind: 'value', path, value: { start: offset, end: offset }, item: false, needsSpace: false };
	const value = scalarSpan(line, valueStart, offset);
	return value && { kind: 'value', path, value, item: false, needsSpace: false };
}

function itemSpot(lines: Line[], index: number, dashColumn: number, line: Line, offset: number): YamlSpot | undefined {
	const owner = listOwner(lines, index, dashColumn);
	if (!owner) return undefined;
	const textStart = line.start + /^[ \t]*-[ \t]*/.exec(line.text)![0].length;
	if (offset < textStart) return undefined;
	const value = scalarSpan(line, textStart, offset);
	return value && { kind: 'value', path: owner, value, item: true, needsSpace: false };
}

/** The path of the key whose list holds an entry at `column` (YAML lets the `-` sit at the key's own indentation). */
function listOwner(lines: Line[], index: number, column: number): string[] | undefined {
	for (let i = index - 1; i >= 0; i--) {
		const shape = shapeOf(lines[i].text);
		if (!shape || shape.column > column || (shape.dash && shape.column === column)) continue;
		if (shape.key === undefined || shape.value !== '' || shape.dash) return undefined;
		const parent = parentPath(lines, i, shape.column);
		return parent && [...parent, shape.key];
	}
	return undefined;
}

/** The entry of a flow list (`[a, b|, c]`) around the cursor. */
function flowItemSpot(line: Line, path: string[], listStart: number, offset: number): YamlSpot | undefined {
	const before = line.text.slice(listStart - line.start, offset - line.start);
	if (before.includes(']')) return undefined;
	const from = listStart + Math.max(before.lastIndexOf(','), -1) + 1;
	const lead = /^[ \t]*/.exec(line.text.slice(from - line.start))![0].length;
	const start = Math.min(from + lead, offset);
	const tail = /^[^,\]]*/.exec(line.text.slice(offset - line.start))![0].replace(/\s+$/, '');
	const inner = quotedInner(line, start, offset);
	return { kind: 'value', path, value: inner ?? { start, end: offset + tail.length }, item: true, needsSpace: false };
}

/** A plain or quoted scalar from `start`: inside the quotes when quoted; up to a trailing comment otherwise. */
function scalarSpan(line: Line, start: number, offset: number): Span | undefined {
	const quoted = quotedInner(line, start, offset);
	if (quoted) return quoted;
	const text = line.text.slice(start - line.start);
	const end = start + text.replace(/(?:^|[ \t])#.*$/, '').replace(/\s+$/, '').length;
	return offset <= end ? { start, end } : { start: offset, end: offset };
}

function quotedInner(line: Line, start: number, offset: number): Span | undefined {
	const quote = line.text[start - line.start];
	if (quote !== '"' && quote !== "'") return undefined;
	const close = line.text.indexOf(quote, start - line.start + 1);
	const end = close < 0 ? line.start + line.text.length : line.start + close;
	return offset > start && offset <= end ? { start: start + 1, end } : undefined;
}
