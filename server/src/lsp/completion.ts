// Completion: PLACEHOLDER until the completion work lands.
import type { CompletionItem, CompletionParams } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Analyses } from './analyses';

export const COMPLETION_TRIGGERS = ['{', '>', '#', '/', '"', '.', ':', ' ', '@'];

export async function completion(_analyses: Analyses, _document: TextDocument, _params: CompletionParams): Promise<CompletionItem[]> {
	return [];
}
