// Caches one analysis and one estimate per document version so diagnostics, symbols, lenses, hovers and hints share the work.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzePrompt, createTokenizer, deferredDiagnostics, estimatePrompt, isPartialFile, loadCatalog, withDeclaredHelpers, type CoreDiagnostic, type ModelCatalog, type ParseResult, type PromptEstimate, type RegisteredNames, type Settings, type Tokenizer } from '../core';
import { PartialFiles, partialLookupFor, type PartialLookup } from '../host/partials';
import { today } from '../host/today';
import type { SettingsCache } from './settings';

interface Entry {
	version: number;
	result: ParseResult;
	estimate?: Promise<PromptEstimate>;
	deferred?: Promise<CoreDiagnostic[]>;
}

export class Analyses {
	private readonly entries = new Map<string, Entry>();
	/** One tokenizer for the server: its chunk cache is what makes re-counting after an edit cheap. */
	private readonly tokenizer: Tokenizer = createTokenizer();
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

	constructor(private readonly settings: SettingsCache) {}

	async get(document: TextDocument): Promise<ParseResult> {
		return (await this.entry(document)).result;
	}

	/** Renders and counts; `undefined` when the file was not analyzed (too large, binary, foreign dialect). */
	async estimate(document: TextDocument): Promise<{ estimate: PromptEstimate; result: ParseResult; settings: Settings } | undefined> {
		const settings = await this.settings.get(document.uri);
		const entry = await this.entry(document);
		const { doc } = entry.result;
		if (entry.result.skipped) return undefined;
		entry.estimate ??= estimatePrompt(doc, {
			catalog: this.catalog(settings),
			tokenizer: this.tokenizer,
			settings,
			partialSource: this.partials(document.uri, settings)?.source,
		});
		return { estimate: await entry.estimate, result: entry.result, settings };
	}

	/** Budget problems and the lint rules that need partials or a render; `undefined` when the file was not analyzed. */
	async deferred(document: TextDocument): Promise<{ diagnostics: CoreDiagnostic[]; result: ParseResult } | undefined> {
		const found = await this.estimate(document);
		if (!found) return undefined;
		const entry = await this.entry(document);
		const lookup = this.partials(document.uri, found.settings);
		entry.deferred ??= deferredDiagnostics(found.result.doc, found.estimate, {
			settings: found.settings,
			catalog: this.catalog(found.settings),
			today: today(),
			partialSource: lookup?.source,
			searched: lookup?.searched,
			immediate: found.result.diagnostics,
			registered: this.registered,
			isPartial: isPartialFile(document.uri),
		});
		return { diagnostics: await entry.deferred, result: found.result };
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
		this.entries.clear();
	}

	forget(uri: string): void {
		this.entries.delete(uri);
	}

	clear(): void {
		this.entries.clear();
		this.partialFiles.invalidate();
		this.catalogs = new WeakMap();
	}

	private async entry(document: TextDocument): Promise<Entry> {
		const settings = await this.settings.get(document.uri);
		const entry = this.entries.get(document.uri);
		if (entry && entry.version === document.version) return entry;
		const fresh = { version: document.version, result: analyzePrompt(document.getText(), settings, { catalog: this.catalog(settings), today: today(), registered: this.registered }) };
		if (this.isOpen(document.uri)) this.entries.set(document.uri, fresh);
		return fresh;
	}
}
