// Caches one parse per document version (on this thread) and one slow analysis (render, counts, deferred lint: on the
// runner's thread) so diagnostics, symbols, lenses, hovers and hints share the work.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzePrompt, foldingSpans, loadCatalog, outlinePrompt, tooLargeResult, withDeclaredHelpers, type CoreDiagnostic, type FoldingSpan, type ParseMemo, type ModelCatalog, type OutlineItem, type PromptDoc, type ParseResult, type PromptEstimate, type RegisteredNames, type Settings } from '../core';
import type { AnalysisOutcome, Structure } from '../host/analysisJob';
import { answerQuery, type DocumentQuery, type QueryAnswers, type QueryKind } from '../host/documentQuery';
import { PartialFiles, partialLookupFor, type PartialLookup } from '../host/partials';
import { today } from '../host/today';
import { InProcessRunner, type AnalysisRunner } from './analysisRunner';
import { documentLength } from './convert';
import { textPieces } from './editableDocument';
import type { SettingsCache } from './settings';

/**
 * Above this many characters a document is not parsed on this thread after an edit (~40 ms at 200 kB, seconds at 5 MB):
 * the runner parses it with the rest and sends back its diagnostics; it keeps the parse and answers for the outline,
 * folding and section hints when asked. Requests that need the template's nodes (hover, completion, navigation) still
 * parse it here, once per version, when they come.
 */
export const LIVE_PARSE_LIMIT = 200_000;

interface Entry {
	version: number;
	/** Parsed on this thread: at once for a small document, on the first request that needs the nodes for a large one. */
	result?: ParseResult;
	large: boolean;
	/** The runner's outcome; `undefined` once resolved means superseded by a newer version before it started. */
	slow?: Promise<AnalysisOutcome | undefined>;
	/** A large document's immediate diagnostics from the runner, which sends them ahead of the outcome. */
	early?: Promise<CoreDiagnostic[] | undefined>;
	/** A large document's structure, once asked for. */
	structure?: Promise<Structure | undefined>;
}

/** Outline, folding and the document the estimate's features read (for a large document, its light doc). */
export interface DocStructure {
	doc: PromptDoc;
	outline: OutlineItem[];
	folding: FoldingSpan[];
}

export class Analyses {
	private readonly entries = new Map<string, Entry>();
	/** What parsePrompt keeps of each open document's last version (ParseMemo; settings do not change a parse). */
	private readonly memos = new Map<string, ParseMemo>();
	private catalogs = new WeakMap<Settings, ModelCatalog>();
	/** Partial files, read once until the file watcher says they changed (see `partialChanged`). */
	readonly partialFiles = new PartialFiles();
	/** Workspace folder paths, for relative `promptLens.partialPaths`. */
	roots: string[] = [];
	/** Helpers and partials registered in the workspace's code (see lsp/registrations.ts); none until the first scan. */
	registered?: RegisteredNames;
	/**
	 * Whether a document is still open. Work that finishes after its document closed (a CodeLens request answered
	 * late) must not put the document back into the cache: that leaked every analysis of a closed document.
	 */
	isOpen: (uri: string) => boolean = () => true;

	constructor(
		private readonly settings: SettingsCache,
		private readonly runner: AnalysisRunner = new InProcessRunner(),
	) {}

	/** The full parse (template nodes, scope), on this thread. */
	async get(document: TextDocument): Promise<ParseResult> {
		const settings = await this.settings.get(document.uri);
		const entry = await this.entry(document);
		entry.result ??= this.parse(document, settings);
		return entry.result;
	}

	/** A question about the document at an offset: from its parse here, or from the runner's for a large document. */
	async query<K extends QueryKind>(document: TextDocument, query: DocumentQuery<K>): Promise<QueryAnswers[K] | undefined> {
		const settings = await this.settings.get(document.uri);
		const entry = await this.entry(document);
		if (entry.result) {
			const partials = this.partials(document.uri, settings);
			const env = { catalog: this.catalog(settings), registered: this.registeredFor(settings), partials };
			return answerQuery(entry.result, query, env);
		}
		if (!(await this.slow(document, entry, settings))) return undefined;
		const context = { settings, registered: this.registered, roots: this.roots };
		return this.runner.query({ uri: document.uri, version: entry.version, query, context });
	}

	/** Syntax problems and the immediate lint; `undefined` when a newer version superseded a large document's parse. */
	async immediate(document: TextDocument): Promise<CoreDiagnostic[] | undefined> {
		const settings = await this.settings.get(document.uri);
		const entry = await this.entry(document);
		if (entry.result) return entry.result.diagnostics;
		// Whichever comes first: the runner's diagnostics ahead of its outcome, or the outcome (or its failure).
		const outcome = this.slow(document, entry, settings).then((found) => found?.immediate);
		return Promise.race([entry.early ?? outcome, outcome]);
	}

	/** For a large document, asked of the runner (which kept its parse) only when a request needs it. */
	async structure(document: TextDocument): Promise<DocStructure | undefined> {
		const settings = await this.settings.get(document.uri);
		const entry = await this.entry(document);
		if (entry.result) {
			const { doc } = entry.result;
			return { doc, outline: outlinePrompt(doc), folding: foldingSpans(doc) };
		}
		if (!(await this.slow(document, entry, settings))) return undefined;
		entry.structure ??= this.runner.structure(document.uri, entry.version);
		const found = await entry.structure;
		if (!found) return undefined;
		// The text is built only if a reader needs it (section hints read it; the outline does not).
		let text: string | undefined;
		const version = entry.version;
		const read = () => (text ??= document.version === version ? document.getText() : '');
		const doc = Object.defineProperty({ ...found.light.doc }, 'text', { get: read, enumerable: true });
		return { doc, outline: found.outline, folding: found.folding };
	}

	/** Renders and counts; `undefined` when the file was not analyzed (too large, binary, foreign dialect) or changed. */
	async estimate(document: TextDocument): Promise<{ estimate: PromptEstimate; settings: Settings } | undefined> {
		const settings = await this.settings.get(document.uri);
		const entry = await this.entry(document);
		const outcome = await this.slow(document, entry, settings);
		return outcome?.estimate && { estimate: outcome.estimate, settings };
	}

	/** Budget problems and the lint rules that need partials or a render; `undefined` as for `estimate`. */
	async deferred(document: TextDocument): Promise<{ diagnostics: CoreDiagnostic[] } | undefined> {
		const settings = await this.settings.get(document.uri);
		const entry = await this.entry(document);
		const outcome = await this.slow(document, entry, settings);
		return outcome && { diagnostics: outcome.deferred };
	}

	private slow(document: TextDocument, entry: Entry, settings: Settings): Promise<AnalysisOutcome | undefined> {
		// A request answered after its document closed starts no job: nothing would ever forget what it left.
		if (entry.result?.skipped || !this.isOpen(document.uri)) return Promise.resolve(undefined);
		if (!entry.slow) {
			const text = entry.result ? entry.result.doc.text : textPieces(document);
			const { registered, roots } = this;
			const job = { uri: document.uri, version: entry.version, text, settings, registered, roots, parse: entry.large };
			let early: (immediate: CoreDiagnostic[] | undefined) => void = () => undefined;
			entry.early = new Promise((resolve) => (early = resolve));
			entry.slow = this.runner.run(job, early).then((result) => {
				const outcome = result === 'superseded' ? undefined : result;
				// Resolves the early diagnostics too if the runner sent none ahead (superseded, failed, in process).
				early(outcome?.immediate);
				return outcome;
			});
		}
		return entry.slow;
	}

	settingsFor(uri: string): Promise<Settings> {
		return this.settings.get(uri);
	}

	partials(uri: string, settings: Settings): PartialLookup | undefined {
		return partialLookupFor(uri, settings.partialPaths, this.roots, this.partialFiles);
	}

	catalog(settings: Settings): ModelCatalog {
		let catalog = this.catalogs.get(settings);
		if (!catalog) {
			catalog = loadCatalog(settings.models);
			this.catalogs.set(settings, catalog);
		}
		return catalog;
	}

	/** The app's own helpers and partials: found in code, plus the document's `promptLens.helpers`. */
	registeredFor(settings: Settings): RegisteredNames {
		return withDeclaredHelpers(this.registered, settings.helpers);
	}

	/** Helpers or partials registered in code changed: every document is judged again. */
	registrationsChanged(): void {
		this.entries.clear();
	}

	/**
	 * A `.prompt` file changed on disk (`moved`: created or deleted): read it again, and analyze every document again
	 * (any may include it).
	 */
	partialChanged(path: string, moved = true): void {
		this.partialFiles.invalidate(path, moved);
		this.runner.partialChanged(path, moved);
		this.entries.clear();
	}

	forget(uri: string): void {
		this.entries.delete(uri);
		this.memos.delete(uri);
		this.runner.drop(uri);
	}

	clear(): void {
		this.entries.clear();
		this.partialFiles.invalidate();
		this.runner.partialChanged();
		this.catalogs = new WeakMap();
	}

	private async entry(document: TextDocument): Promise<Entry> {
		const settings = await this.settings.get(document.uri);
		const entry = this.entries.get(document.uri);
		if (entry && entry.version === document.version) return entry;
		// A file over promptLens.maxFileSize is judged by its length: building its text costs a copy per keystroke.
		const length = documentLength(document);
		const tooLarge = tooLargeResult(length, settings);
		const large = !tooLarge && length > LIVE_PARSE_LIMIT;
		const fresh: Entry = { version: document.version, large, result: tooLarge ?? (large ? undefined : this.parse(document, settings)) };
		if (this.isOpen(document.uri)) this.entries.set(document.uri, fresh);
		return fresh;
	}

	private parse(document: TextDocument, settings: Settings): ParseResult {
		const env = { catalog: this.catalog(settings), today: today(), registered: this.registered };
		return analyzePrompt(document.getText(), settings, env, this.memo(document.uri));
	}

	private memo(uri: string): ParseMemo | undefined {
		if (!this.isOpen(uri)) return undefined;
		let memo = this.memos.get(uri);
		if (!memo) this.memos.set(uri, (memo = {}));
		return memo;
	}
}
