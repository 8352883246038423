// Quick fixes for diagnostics that carry fixes, and `source.fixAll.promptLens` to apply the first fix of each at once.
import { CodeActionKind, type CodeAction, type CodeActionParams } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { CoreDiagnostic, Fix } from '../core';
import type { Analyses } from './analyses';
import { offsetOf, toDiagnostic, toTextEdits } from './convert';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.promptLens`;

export async function codeActions(analyses: Analyses, document: TextDocument, params: CodeActionParams): Promise<CodeAction[]> {
	const { diagnostics } = await analyses.get(document);
	const deferred = (await analyses.deferred(document))?.diagnostics ?? [];
	const fixable = [...diagnostics, ...deferred].filter((d) => d.fixes?.length);
	const only = params.context.only;
	if (only?.some((kind) => FIX_ALL_KIND.startsWith(kind) && kind !== CodeActionKind.Empty) && !only.includes(CodeActionKind.QuickFix)) {
		return fixAll(document, fixable);
	}
	const start = offsetOf(document, params.range.start);
	const end = offsetOf(document, params.range.end);
	return fixable
		.filter((d) => d.span.start <= end && d.span.end >= start)
		.flatMap((d) => d.fixes!.map((fix, i): CodeAction => ({
			title: fix.title,
			kind: CodeActionKind.QuickFix,
			diagnostics: [toDiagnostic(document, d)],
			isPreferred: i === 0,
			edit: { changes: { [document.uri]: toTextEdits(document, fix) } },
		})));
}

/** Only fixes marked safe; edits of different fixes must not overlap, and a fix that would is left for the next run. */
function fixAll(document: TextDocument, fixable: CoreDiagnostic[]): CodeAction[] {
	const taken: { start: number; end: number }[] = [];
	const fixes = fixable.map((d) => d.fixes!.find((fix) => fix.fixAll)).filter((fix): fix is Fix => fix !== undefined).filter((fix) => {
		const overlaps = fix.edits.some((e) => taken.some((t) => e.span.start < t.end && t.start < e.span.end));
		if (!overlaps) taken.push(...fix.edits.map((e) => e.span));
		return !overlaps;
	});
	if (fixes.length === 0) return [];
	return [{ title: 'Fix all Prompt Lens problems', kind: FIX_ALL_KIND, edit: { changes: { [document.uri]: fixes.flatMap((fix) => toTextEdits(document, fix)) } } }];
}
