// Go to definition, find references and rename: thin conversions of the answers (core/navigate.ts, through
// host/documentQuery.ts) into LSP locations and edits.
import { ErrorCodes, ResponseError, type Location, type Position, type Range, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { pathToFileURL } from 'node:url';
import type { Occurrence } from '../core';
import type { Analyses } from './analyses';
import { offsetOf, toRange } from './convert';

export async function definition(analyses: Analyses, document: TextDocument, position: Position): Promise<Location | null> {
	const found = await analyses.query(document, { kind: 'definition', offset: offsetOf(document, position) });
	if (found && 'span' in found) return { uri: document.uri, range: toRange(document, found.span) };
	if (!found) return null;
	const lookup = analyses.partials(document.uri, await analyses.settingsFor(document.uri));
	const file = lookup && await lookup.source(found.partial);
	return file ? { uri: pathToFileURL(file.location).href, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } } : null;
}

export async function references(analyses: Analyses, document: TextDocument, position: Position, includeDeclaration: boolean): Promise<Location[]> {
	const found = await analyses.query(document, { kind: 'references', offset: offsetOf(document, position) });
	if (!found) return [];
	return found.occurrences
		.filter((o) => includeDeclaration || !o.declaration)
		.map((o) => ({ uri: uriOf(document, o), range: toRange(textOf(document, o, found.texts), o.span) }));
}

export async function prepareRename(analyses: Analyses, document: TextDocument, position: Position): Promise<{ range: Range; placeholder: string } | null> {
	const found = await analyses.query(document, { kind: 'symbol', offset: offsetOf(document, position) });
	if (found?.symbol?.kind !== 'variable') throw new ResponseError(ErrorCodes.InvalidRequest, 'Only input variables (in the template or input.schema) can be renamed.');
	return { range: toRange(document, found.symbol.span), placeholder: found.text };
}

export async function rename(analyses: Analyses, document: TextDocument, position: Position, newName: string): Promise<WorkspaceEdit | null> {
	const result = await analyses.query(document, { kind: 'rename', offset: offsetOf(document, position), newName });
	if (!result) return null;
	if (!result.ok) throw new ResponseError(ErrorCodes.InvalidRequest, result.message);
	const changes: Record<string, TextEdit[]> = {};
	for (const edit of result.edits) {
		const uri = uriOf(document, edit);
		(changes[uri] ??= []).push({ range: toRange(textOf(document, edit, result.texts), edit.span), newText: edit.newText });
	}
	return { changes };
}

function uriOf(document: TextDocument, occurrence: Occurrence): string {
	return occurrence.location === undefined ? document.uri : pathToFileURL(occurrence.location).href;
}

/** Spans in a partial are offsets into that partial's text, so positions come from a document of that text. */
function textOf(document: TextDocument, occurrence: Occurrence, texts: Record<string, string>): TextDocument {
	if (occurrence.location === undefined) return document;
	return TextDocument.create(pathToFileURL(occurrence.location).href, 'dotprompt', 0, texts[occurrence.location] ?? '');
}
