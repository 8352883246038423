// The server's open documents: vscode-languageserver-textdocument's TextDocument behaviour, with text kept in chunks.
import type { Position, Range, TextDocument, TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { lastAtOrBefore } from '../core';

/**
 * The library rebuilds its one string on every keystroke (`before + typed + after`, then reads a character of it), so
 * V8 copies the whole text each time: ~20 ms per keystroke at 5 MB even for a file the server does not analyze. Here an
 * edit rewrites only the chunk(s) it touches; the whole string is built only when someone asks for it. Offsets, lines
 * and clamping follow the library exactly (test/unit/editableDocument.test.ts compares the two on random edits).
 */
const CHUNK = 1 << 16;

/** Text as chunks of at most CHUNK characters (none empty), with the flat string cached once built. */
class ChunkedText {
	private chunks: string[];
	private starts: number[] = [];
	private flat?: string;
	length = 0;

	constructor(text: string, private readonly size: number) {
		this.chunks = split(text, size);
		this.flat = text;
		this.index();
	}

	/** The pieces in order, without joining them. */
	pieces(): string[] {
		return this.flat !== undefined && this.chunks.length <= 1 ? [this.flat] : [...this.chunks];
	}

	toString(): string {
		this.flat ??= this.chunks.join('');
		return this.flat;
	}

	charCodeAt(offset: number): number {
		if (this.flat !== undefined) return this.flat.charCodeAt(offset);
		const i = this.chunkAt(offset);
		return i < 0 ? NaN : this.chunks[i].charCodeAt(offset - this.starts[i]);
	}

	substring(start: number, end: number): string {
		if (this.flat !== undefined || start >= end) return this.toString().substring(start, end);
		const first = this.chunkAt(start);
		const last = this.chunkAt(end - 1);
		if (first === last) return this.chunks[first].substring(start - this.starts[first], end - this.starts[first]);
		return this.toString().substring(start, end);
	}

	/** Replaces [start, end) with `text` (0 ≤ start ≤ end ≤ length). */
	replace(start: number, end: number, text: string): void {
		if (this.chunks.length === 0) {
			this.chunks = split(text, this.size);
		} else {
			const first = Math.max(0, this.chunkAt(Math.max(0, start - 1)));
			const last = Math.max(first, this.chunkAt(Math.min(end, this.length - 1)));
			const from = this.starts[first];
			const joined = this.chunks.slice(first, last + 1).join('');
			const middle = joined.slice(0, start - from) + text + joined.slice(end - from);
			this.chunks.splice(first, last - first + 1, ...split(middle, this.size));
		}
		this.flat = undefined;
		this.index();
	}

	private index(): void {
		this.starts = new Array<number>(this.chunks.length);
		let at = 0;
		for (let i = 0; i < this.chunks.length; i++) {
			this.starts[i] = at;
			at += this.chunks[i].length;
		}
		this.length = at;
	}

	/** The chunk holding `offset`, or -1 outside the text. */
	private chunkAt(offset: number): number {
		if (offset < 0 || offset >= this.length) return -1;
		return lastAtOrBefore(this.starts, offset);
	}
}

function split(text: string, size: number): string[] {
	const out: string[] = [];
	for (let at = 0; at < text.length; at += size) out.push(text.slice(at, at + size));
	return out;
}

export class EditableDocument implements TextDocument {
	private lineOffsets?: number[];
	private readonly text: ChunkedText;

	private constructor(readonly uri: string, readonly languageId: string, public version: number, content: string, chunk: number) {
		this.text = new ChunkedText(content, chunk);
	}

	/** What `TextDocuments` calls (its TextDocumentsConfiguration); tests pass small chunks to cross their borders. */
	static create(uri: string, languageId: string, version: number, content: string, chunk = CHUNK): EditableDocument {
		return new EditableDocument(uri, languageId, version, content, chunk);
	}

	static update(document: EditableDocument, changes: TextDocumentContentChangeEvent[], version: number): EditableDocument {
		for (const change of changes) document.apply(change);
		document.version = version;
		return document;
	}

	/** The document's length without building its text. */
	get length(): number {
		return this.text.length;
	}

	/** The text in pieces (for handing it to a worker without building it here). */
	getPieces(): string[] {
		return this.text.pieces();
	}

	getText(range?: Range): string {
		if (!range) return this.text.toString();
		return this.text.substring(this.offsetAt(range.start), this.offsetAt(range.end));
	}

	get lineCount(): number {
		return this.lines().length;
	}

	positionAt(offset: number): Position {
		offset = Math.max(Math.min(offset, this.text.length), 0);
		const lines = this.lines();
		let low = 0;
		let high = lines.length;
		while (low < high) {
			const mid = Math.floor((low + high) / 2);
			if (lines[mid] > offset) high = mid;
			else low = mid + 1;
		}
		const line = low - 1;
		return { line, character: this.beforeEol(offset, lines[line]) - lines[line] };
	}

	offsetAt(position: Position): number {
		const lines = this.lines();
		if (position.line >= lines.length) return this.text.length;
		if (position.line < 0) return 0;
		const lineOffset = lines[position.line];
		if (position.character <= 0) return lineOffset;
		return this.beforeEol(Math.min(lineOffset + position.character, this.lineEnd(position.line)), lineOffset);
	}

	getLineRange(line: number): Range {
		const lines = this.lines();
		if (line >= lines.length) {
			const last = lines.length - 1;
			return { start: { line: last, character: 0 }, end: { line: last, character: this.text.length - lines[last] } };
		}
		if (line < 0) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
		const end = this.beforeEol(this.lineEnd(line), lines[line]);
		return { start: { line, character: 0 }, end: { line, character: end - lines[line] } };
	}

	getEOLCharacters(line: number): string {
		const lines = this.lines();
		if (line >= lines.length || line < 0) return '';
		const next = this.lineEnd(line);
		return this.text.substring(this.beforeEol(next, lines[line]), next);
	}

	/**
	 * A position past the last line means the end of the text. (The library instead writes line offsets past the end of
	 * its array, and its line count goes wrong; clients send such ranges only by mistake.)
	 */
	private clamp(position: Position): Position {
		const lines = this.lines();
		if (position.line < lines.length) return position;
		return { line: lines.length - 1, character: this.text.length - lines[lines.length - 1] };
	}

	/** Where the line's successor starts (or the end of the text). */
	private lineEnd(line: number): number {
		const lines = this.lines();
		return line + 1 < lines.length ? lines[line + 1] : this.text.length;
	}

	private apply(change: TextDocumentContentChangeEvent): void {
		if (!('range' in change) || change.range === undefined) {
			this.text.replace(0, this.text.length, change.text);
			this.lineOffsets = undefined;
			return;
		}
		const range = wellFormed(this.clamp(change.range.start), this.clamp(change.range.end));
		const start = this.offsetAt(range.start);
		const end = this.offsetAt(range.end);
		this.text.replace(start, end, change.text);
		const insertedEnd = start + change.text.length;
		const crlfAt = (at: number) => this.text.charCodeAt(at - 1) === 13 && this.text.charCodeAt(at) === 10;
		const lines = this.lineOffsets;
		if (!lines || crlfAt(start) || crlfAt(insertedEnd)) {
			// A CRLF pair across an edit boundary is not in the inserted text's line offsets: count again.
			this.lineOffsets = undefined;
			return;
		}
		const startLine = Math.max(range.start.line, 0);
		const endLine = Math.max(range.end.line, 0);
		const added = lineStarts(change.text, false, start);
		// A keystroke keeps the line count: rewrite in place rather than copy every line's offset.
		if (endLine - startLine === added.length) added.forEach((offset, i) => (lines[startLine + 1 + i] = offset));
		else this.lineOffsets = [...lines.slice(0, startLine + 1), ...added, ...lines.slice(endLine + 1)];
		const shifted = this.lineOffsets ?? lines;
		const diff = change.text.length - (end - start);
		if (diff !== 0) {
			for (let i = startLine + 1 + added.length; i < shifted.length; i++) shifted[i] += diff;
		}
	}

	private lines(): number[] {
		this.lineOffsets ??= lineStarts(this.text.toString(), true, 0);
		return this.lineOffsets;
	}

	private beforeEol(offset: number, lineOffset: number): number {
		while (offset > lineOffset && isEol(this.text.charCodeAt(offset - 1))) offset--;
		return offset;
	}
}

function lineStarts(text: string, atLineStart: boolean, offset: number): number[] {
	const result = atLineStart ? [offset] : [];
	for (let i = 0; i < text.length; i++) {
		const ch = text.charCodeAt(i);
		if (!isEol(ch)) continue;
		if (ch === 13 && i + 1 < text.length && text.charCodeAt(i + 1) === 10) i++;
		result.push(offset + i + 1);
	}
	return result;
}

function isEol(ch: number): boolean {
	return ch === 13 || ch === 10;
}

function wellFormed(start: Position, end: Position): Range {
	return start.line > end.line || (start.line === end.line && start.character > end.character) ? { start: end, end: start } : { start, end };
}

/** A document's text as pieces when it keeps them (EditableDocument), else whole. */
export function textPieces(document: TextDocument): string | string[] {
	return document instanceof EditableDocument ? document.getPieces() : document.getText();
}
