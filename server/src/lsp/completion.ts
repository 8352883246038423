// Completion: core items (offsets) → LSP completion items (ranges); partial names are listed from disk only when asked for.
import { CompletionItemKind, CompletionItemTag, InsertTextFormat, MarkupKind, type CompletionItem, type CompletionParams } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { CompletionKind, CoreCompletionItem } from '../core';
import { listPartials } from '../host/listPartials';
import type { Analyses } from './analyses';
import { offsetOf, toRange } from './convert';

export const COMPLETION_TRIGGERS = ['{', '>', '#', '/', '"', '.', ':', ' ', '@'];

const KINDS: Record<CompletionKind, CompletionItemKind> = {
	key: CompletionItemKind.Property,
	value: CompletionItemKind.EnumMember,
	model: CompletionItemKind.Value,
	type: CompletionItemKind.TypeParameter,
	variable: CompletionItemKind.Variable,
	field: CompletionItemKind.Field,
	data: CompletionItemKind.Constant,
	helper: CompletionItemKind.Function,
	block: CompletionItemKind.Keyword,
	partial: CompletionItemKind.File,
	role: CompletionItemKind.EnumMember,
};

/** `snippets`: the client renders snippet syntax; older clients (Neovim 0.7's omnifunc) get plain text instead. */
export async function completion(analyses: Analyses, document: TextDocument, params: CompletionParams, snippets = true): Promise<CompletionItem[]> {
	const offset = offsetOf(document, params.position);
	let result = await analyses.query(document, { kind: 'completion', offset });
	if (result?.needsPartialNames) {
		const folders = analyses.partials(document.uri, await analyses.settingsFor(document.uri))?.folders ?? [];
		result = await analyses.query(document, { kind: 'completion', offset, partialNames: await listPartials(folders) });
	}
	return (result?.items ?? []).map((item) => toCompletionItem(document, snippets || !item.snippet ? item : { ...item, snippet: false, insertText: plainText(item.insertText ?? item.label) }));
}

function toCompletionItem(document: TextDocument, item: CoreCompletionItem): CompletionItem {
	const out: CompletionItem = {
		label: item.label,
		kind: KINDS[item.kind],
		textEdit: { range: toRange(document, item.replace), newText: item.insertText ?? item.label },
		insertTextFormat: item.snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
	};
	if (item.detail !== undefined) out.detail = item.detail;
	if (item.documentation !== undefined) out.documentation = { kind: MarkupKind.Markdown, value: item.documentation };
	if (item.sortText !== undefined) out.sortText = item.sortText;
	if (item.filterText !== undefined) out.filterText = item.filterText;
	if (item.deprecated) out.tags = [CompletionItemTag.Deprecated];
	return out;
}

/** A snippet as the text it inserts with every placeholder at its default: `${1:items}` → `items`, `${1|a,b|}` → `a`, `$0` → ``. */
export function plainText(snippet: string): string {
	return snippet
		.replace(/\$\{\d+\|([^,|]*)[^}]*\|\}/g, '$1')
		.replace(/\$\{\d+:([^}]*)\}/g, '$1')
		.replace(/\$\{?\d+\}?/g, '')
		.replace(/\\([$}\\])/g, '$1');
}
