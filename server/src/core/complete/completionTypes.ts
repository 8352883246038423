// What completion hands to adapters: items with the span each replaces (UTF-16 offsets), and what the host must supply.
import type { ModelCatalog } from '../models/types';
import type { RegisteredName } from '../registeredNames';
import type { Span } from '../types';

export type CompletionKind = 'key' | 'value' | 'model' | 'type' | 'variable' | 'field' | 'data' | 'helper' | 'block' | 'partial' | 'role';

export interface CoreCompletionItem {
	label: string;
	kind: CompletionKind;
	detail?: string;
	/** Markdown. */
	documentation?: string;
	/** The text to insert; the label when absent. */
	insertText?: string;
	/** `insertText` is an LSP snippet (`$1`, `${1:x}`, `$0`). */
	snippet?: boolean;
	/** The text the item replaces: on the cursor's line, and containing the cursor. */
	replace: Span;
	sortText?: string;
	filterText?: string;
	deprecated?: boolean;
}

export interface CoreCompletion {
	items: CoreCompletionItem[];
	/** Set when the cursor is on a partial name and `env.partialNames` was not given: list them and ask again. */
	needsPartialNames?: boolean;
}

export interface CompletionEnv {
	catalog?: ModelCatalog;
	/** Partial names as `{{> name}}` writes them (`footer`, `sub/card`). */
	partialNames?: string[];
	/** Helpers the app registers in code or declares in `promptLens.helpers`. */
	helpers?: readonly RegisteredName[];
}

/** Escapes literal text for an LSP snippet. */
export function snippetText(text: string): string {
	return text.replace(/[\\$}]/g, '\\$&');
}
