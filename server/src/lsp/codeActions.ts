// Quick fixes for diagnostics that carry fixes, and `source.fixAll.promptLens` to apply the first fix of each at once.
import { CodeActionKind, type CodeAction, type CodeActionParams } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { parseFrontmatter, type CoreDiagnostic, type Fix } from '../core';
import type { Analyses } from './analyses';
import { offsetOf, toDiagnostic, toTextEdits } from './convert';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.promptLens`;

/** `canRun`: the client runs prompts (VS Code's), so "Check the replacement…" can be offered. */
export async function codeActions(
	analyses: Analyses,
	document: TextDocument,
	params: CodeActionParams,
	canRun = false,
): Promise<CodeAction[]> {
	const diagnostics = (await analyses.immediate(document)) ?? [];
	const deferred = (await analyses.deferred(document))?.diagnostics ?? [];
	const fixable = [...diagnostics, ...deferred].filter((d) => d.fixes?.length);
	const only = params.context.only;
	if (only?.some((kind) => FIX_ALL_KIND.startsWith(kind) && kind !== CodeActionKind.Empty) && !only.includes(CodeActionKind.QuickFix)) {
		return fixAll(document, fixable);
	}
	const start = offsetOf(document, params.range.start);
	const end = offsetOf(document, params.range.end);
	const here = fixable.filter((d) => d.span.start <= end && d.span.end >= start);
	const fixes = here.flatMap((d) => d.fixes!.map((fix, i): CodeAction => ({
		title: fix.title,
		kind: CodeActionKind.QuickFix,
		diagnostics: [toDiagnostic(document, d)],
		isPreferred: i === 0,
		edit: { changes: { [document.uri]: toTextEdits(document, fix) } },
	})));
	return canRun ? [...fixes, ...here.flatMap((d) => checkReplacement(document, d))] : fixes;
}

const REPLACEABLE = new Set(['deprecated-model', 'unpinned-model']);

/** Before replacing the model: this prompt's tests (or samples) on both models, in the migration report. */
function checkReplacement(document: TextDocument, d: CoreDiagnostic): CodeAction[] {
	const fix = d.fixes?.[0];
	if (!REPLACEABLE.has(d.code) || !fix) return [];
	const text = document.getText();
	// The frontmatter alone: a whole parse of a large prompt, twice, would hold up the editor.
	const model = (t: string) => (parseFrontmatter(t).frontmatter?.data as { model?: unknown } | undefined)?.model;
	const edited = [...fix.edits]
		.sort((a, b) => b.span.start - a.span.start)
		.reduce((t, e) => t.slice(0, e.span.start) + e.newText + t.slice(e.span.end), text);
	const [before, after] = [model(text), model(edited)];
	if (typeof before !== 'string' || typeof after !== 'string' || before === after) return [];
	const title = `Check the replacement… (run this prompt's tests on ${after} and ${before})`;
	return [{
		title,
		kind: CodeActionKind.QuickFix,
		diagnostics: [toDiagnostic(document, d)],
		command: { title, command: 'promptLens.checkReplacement', arguments: [document.uri, after] },
	}];
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
