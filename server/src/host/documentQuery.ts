// What the editor asks about one document at an offset (hover, completion, navigation), answered from its parse in the
// core's terms (offsets): on the main thread for a small document, on the analysis worker (which keeps the parse) for
// a large one, so that a 5 MB prompt is never parsed on the thread that answers the editor.
import {
	completeAt,
	docHover,
	declarationOf,
	loadPartialGraph,
	occurrencesOf,
	renameVariable,
	symbolAt,
	type CoreCompletion,
	type ModelCatalog,
	type Occurrence,
	type ParseResult,
	type PartialGraph,
	type PromptSymbol,
	type RegisteredNames,
	type Span,
} from '../core';
import type { PartialLookup } from './partials';

/** Partial files' texts by location: spans of occurrences inside a partial are offsets into its text. */
type Texts = Record<string, string>;

export interface QueryAnswers {
	hover: { symbol?: PromptSymbol; docs?: { markdown: string; span: Span } };
	completion: CoreCompletion;
	definition: { span: Span } | { partial: string } | undefined;
	references: { occurrences: Occurrence[]; texts: Texts } | undefined;
	/** prepareRename: the symbol under the cursor and its text. */
	symbol: { symbol?: PromptSymbol; text: string };
	rename: ({ ok: true; edits: (Occurrence & { newText: string })[] } | { ok: false; message: string }) & { texts: Texts };
}

export type QueryKind = keyof QueryAnswers;

interface QueryParams {
	hover: object;
	/** `partialNames`: listed by the main thread (it reads the folders) when a first answer said it needs them. */
	completion: { partialNames?: string[] };
	definition: object;
	references: object;
	symbol: object;
	rename: { newName: string };
}

export type DocumentQuery<K extends QueryKind = QueryKind> = K extends QueryKind
	? { kind: K; offset: number } & QueryParams[K]
	: never;

export interface QueryEnv {
	catalog: ModelCatalog;
	registered: RegisteredNames;
	partials?: PartialLookup;
}

type Answer<K extends QueryKind> = (
	parsed: ParseResult,
	query: DocumentQuery<K>,
	env: QueryEnv,
) => QueryAnswers[K] | Promise<QueryAnswers[K]>;

const ANSWERS: { [K in QueryKind]: Answer<K> } = {
	hover: ({ doc }, { offset }, env) => ({ symbol: symbolAt(doc, offset), docs: docHover(doc, offset, env.registered) }),
	// Files not analyzed (too large, binary, another tool's format) get no completion.
	completion: ({ doc, skipped }, { offset, partialNames }, env) => (skipped ? { items: [] } : completeAt(doc, offset, {
		catalog: env.catalog,
		helpers: [...env.registered.helpers.values()],
		partialNames,
	})),
	definition: ({ doc }, { offset }) => {
		const symbol = symbolAt(doc, offset);
		if (symbol?.kind === 'partial') return { partial: symbol.name };
		const field = symbol?.kind === 'variable' ? declarationOf(doc, symbol.path) : undefined;
		return field && { span: field.nameSpan };
	},
	references: async ({ doc }, { offset }, env) => {
		const symbol = symbolAt(doc, offset);
		if (symbol?.kind !== 'variable') return undefined;
		const graph = await partialGraph(doc, env);
		const occurrences = occurrencesOf(doc, symbol.path, graph);
		return { occurrences, texts: textsOf(occurrences, graph) };
	},
	symbol: ({ doc }, { offset }) => {
		const symbol = symbolAt(doc, offset);
		return { symbol, text: symbol ? doc.text.slice(symbol.span.start, symbol.span.end) : '' };
	},
	rename: async ({ doc }, { offset, newName }, env) => {
		const graph = await partialGraph(doc, env);
		const result = renameVariable(doc, offset, newName, graph);
		return { ...result, texts: result.ok ? textsOf(result.edits, graph) : {} };
	},
};

export function answerQuery<K extends QueryKind>(
	parsed: ParseResult,
	query: DocumentQuery<K>,
	env: QueryEnv,
): Promise<QueryAnswers[K]> {
	// TypeScript cannot narrow the table by a generic key; the table's own type ties each kind to its answer.
	const answer = ANSWERS[query.kind] as unknown as Answer<K>;
	return Promise.resolve(answer(parsed, query, env));
}

function partialGraph(doc: ParseResult['doc'], env: QueryEnv): Promise<PartialGraph | undefined> | undefined {
	return env.partials ? loadPartialGraph(doc, env.partials.source, env.partials.searched) : undefined;
}

function textsOf(occurrences: readonly Occurrence[], graph: PartialGraph | undefined): Texts {
	const texts: Texts = {};
	for (const file of graph?.files.values() ?? []) {
		if (file && occurrences.some((o) => o.location === file.location)) texts[file.location] = file.doc.text;
	}
	return texts;
}
