// The only place that knows LSP positions: core offsets and values → LSP ranges, diagnostics, symbols, folding ranges.
import {
	DiagnosticSeverity,
	DocumentSymbol,
	FoldingRange,
	FoldingRangeKind,
	SymbolKind,
	type Diagnostic,
	type Position,
	type TextEdit,
	type Range,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { CoreDiagnostic, Fix, FoldingSpan, OutlineItem, OutlineKind, Severity, Span } from '../core';

export const DIAGNOSTIC_SOURCE = 'Prompt Lens';

const SEVERITIES: Record<Severity, DiagnosticSeverity> = {
	error: DiagnosticSeverity.Error,
	warning: DiagnosticSeverity.Warning,
	info: DiagnosticSeverity.Information,
	hint: DiagnosticSeverity.Hint,
};

const SYMBOL_KINDS: Record<OutlineKind, SymbolKind> = {
	frontmatter: SymbolKind.Namespace,
	key: SymbolKind.Property,
	role: SymbolKind.Module,
	history: SymbolKind.Event,
	partial: SymbolKind.File,
	block: SymbolKind.Struct,
};

/** The document's length in UTF-16 units, without building its text (see EditableDocument). */
export function documentLength(document: TextDocument): number {
	return document.offsetAt({ line: document.lineCount, character: 0 });
}

export function offsetOf(document: TextDocument, position: Position): number {
	return document.offsetAt(position);
}

export function toRange(document: TextDocument, span: Span): Range {
	return { start: document.positionAt(span.start), end: document.positionAt(span.end) };
}

export function toDiagnostic(document: TextDocument, diagnostic: CoreDiagnostic): Diagnostic {
	return {
		range: toRange(document, diagnostic.span),
		severity: SEVERITIES[diagnostic.severity],
		code: diagnostic.code,
		source: DIAGNOSTIC_SOURCE,
		message: diagnostic.message,
	};
}

export function toTextEdits(document: TextDocument, fix: Fix): TextEdit[] {
	return fix.edits.map((edit) => ({ range: toRange(document, edit.span), newText: edit.newText }));
}

export function toDocumentSymbol(document: TextDocument, item: OutlineItem): DocumentSymbol {
	const range = toRange(document, item.span);
	const selection = toRange(document, item.selectionSpan);
	// LSP requires the selection range to lie inside the full range.
	const selectionRange = contains(item.span, item.selectionSpan) ? selection : { start: range.start, end: range.start };
	const symbol = DocumentSymbol.create(item.name || ' ', item.detail, SYMBOL_KINDS[item.kind], range, selectionRange);
	symbol.children = item.children.map((child) => toDocumentSymbol(document, child));
	return symbol;
}

/** Folding works on whole lines; spans that start and end on one line are dropped. */
export function toFoldingRange(document: TextDocument, folding: FoldingSpan): FoldingRange | undefined {
	const start = document.positionAt(folding.span.start).line;
	const end = document.positionAt(Math.max(folding.span.start, folding.span.end - 1)).line;
	if (end <= start) return undefined;
	return FoldingRange.create(start, end, undefined, undefined, folding.kind === 'comment' ? FoldingRangeKind.Comment : FoldingRangeKind.Region);
}

function contains(outer: Span, inner: Span): boolean {
	return inner.start >= outer.start && inner.end <= outer.end;
}
