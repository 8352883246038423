// Go to definition, find references and rename: thin conversions of core/navigate.ts results into LSP locations and edits.
import { ErrorCodes, ResponseError, type Location, type Position, type Range, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { pathToFileURL } from 'node:url';
import { declarationOf, loadPartialGraph, occurrencesOf, renameVariable, symbolAt, type Occurrence, type PartialGraph, type PromptDoc } from '../core';
import type { Analyses } from './analyses';
import { offsetOf, toRange } from './convert';

export async function definition(analyses: Analyses, document: TextDocument, position: Position): Promise<Location | null> {
	const { doc } = await analyses.get(document);
	const symbol = symbolAt(doc, offsetOf(document, position));
	if (symbol?.kind === 'variable') {
		const field = declarationOf(doc, symbol.path);
		return field ? { uri: document.uri, range: toRange(document, field.nameSpan) } : null;
	}
	if (symbol?.kind === 'partial') {
		const lookup = analyses.partials(document.uri, await analyses.settingsFor(document.uri));
		const found = lookup && await lookup.source(symbol.name);
		return found ? { uri: pathToFileURL(found.location).href, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } } : null;
	}
	return null;
}

export async function references(analyses: Analyses, document: TextDocument, position: Position, includeDeclaration: boolean): Promise<Location[]> {
	const { doc } = await analyses.get(document);
	const symbol = symbolAt(doc, offsetOf(document, position));
	if (symbol?.kind !== 'variable') return [];
	const graph = await partialGraph(analyses, document, doc);
	return occurrencesOf(doc, symbol.path, graph)
		.filter((o) => includeDeclaration || !o.declaration)
		.map((o) => ({ uri: uriOf(document, o), range: toRange(textOf(document, o, graph), o.span) }));
}

export async function prepareRename(analyses: Analyses, document: TextDocument, position: Position): Promise<{ range: Range; placeholder: string } | null> {
	const { doc } = await analyses.get(document);
	const symbol = symbolAt(doc, offsetOf(document, position));
	if (symbol?.kind !== 'variable') throw new ResponseError(ErrorCodes.InvalidRequest, 'Only input variables (in the template or input.schema) can be renamed.');
	return { range: toRange(document, symbol.span), placeholder: doc.text.slice(symbol.span.start, symbol.span.end) };
}

export async function rename(analyses: Analyses, document: TextDocument, position: Position, newName: string): Promise<WorkspaceEdit | null> {
	const { doc } = await analyses.get(document);
	const graph = await partialGraph(analyses, document, doc);
	const result = renameVariable(doc, offsetOf(document, position), newName, graph);
	if (!result.ok) throw new ResponseError(ErrorCodes.InvalidRequest, result.message);
	const changes: Record<string, TextEdit[]> = {};
	for (const edit of result.edits) {
		const uri = uriOf(document, edit);
		(changes[uri] ??= []).push({ range: toRange(textOf(document, edit, graph), edit.span), newText: edit.newText });
	}
	return { changes };
}

async function partialGraph(analyses: Analyses, document: TextDocument, doc: PromptDoc): Promise<PartialGraph | undefined> {
	const lookup = analyses.partials(document.uri, await analyses.settingsFor(document.uri));
	return lookup ? loadPartialGraph(doc, lookup.source, lookup.searched) : undefined;
}

function uriOf(document: TextDocument, occurrence: Occurrence): string {
	return occurrence.location === undefined ? document.uri : pathToFileURL(occurrence.location).href;
}

/** Spans in a partial are offsets into that partial's text, so positions come from a document of that text. */
function textOf(document: TextDocument, occurrence: Occurrence, graph: PartialGraph | undefined): TextDocument {
	if (occurrence.location === undefined) return document;
	const file = [...(graph?.files.values() ?? [])].find((f) => f?.location === occurrence.location);
	return TextDocument.create(pathToFileURL(occurrence.location).href, 'dotprompt', 0, file?.doc.text ?? '');
}
