// The slow half of a document's analysis (render, counts, budgets, deferred lint) and the messages that carry it to a worker.
import {
	analyzePrompt,
	createTokenizer,
	deferredDiagnostics,
	estimatePrompt,
	foldingSpans,
	isPartialFile,
	outlinePrompt,
	loadCatalog,
	movedDiagnostics,
	withDeclaredHelpers,
	type CoreDiagnostic,
	type FoldingSpan,
	type ModelCatalog,
	type OutlineItem,
	type ParseMemo,
	type ParseResult,
	type PromptEstimate,
	type RegisteredNames,
	type Settings,
	type Tokenizer,
} from '../core';
import { answerQuery, type DocumentQuery, type QueryAnswers, type QueryKind } from './documentQuery';
import { PartialFiles, partialLookupFor } from './partials';
import { today } from './today';

/** Everything the slow analysis of one document version needs; plain data, so it crosses to a worker thread as is. */
export interface AnalysisJob {
	uri: string;
	version: number;
	/** The text, or its pieces in order (joined on the worker: building a 5 MB string on the main thread costs ~20 ms). */
	text: string | string[];
	settings: Settings;
	registered?: RegisteredNames;
	/** Workspace folder paths, for relative `promptLens.partialPaths`. */
	roots: string[];
	/** The main thread did not parse this (large) document: send back what it would have taken from the parse. */
	parse?: boolean;
}

/**
 * The pieces of the last job of the same document sent to the worker, with those between the first `head` and the last
 * `tail` replaced by `middle`: a keystroke in a 5 MB document sends one 64 k piece, not the whole text again.
 */
export interface PiecesPatch {
	head: number;
	middle: string[];
	tail: number;
}

/** A job as it crosses to the worker: its text may be a patch of the document's previous one. */
export type SentJob = Omit<AnalysisJob, 'text'> & { text: AnalysisJob['text'] | PiecesPatch };

/**
 * A large document's structure, asked for only when the editor wants it (outline, folding, section hints): after every
 * edit it would be tens of thousands of objects for the main thread to unpack. `light` is the document without its
 * text, template nodes and scope (cloning those costs about as much as parsing): frontmatter keys, body, role sections.
 */
export interface Structure {
	outline: OutlineItem[];
	folding: FoldingSpan[];
	light: ParseResult;
}

export interface AnalysisOutcome {
	/** Absent when the file is not analyzed (too large, binary, a foreign dialect). */
	estimate?: PromptEstimate;
	/** Budget problems and the lint rules that need partials or a render. */
	deferred: CoreDiagnostic[];
	/** For a job with `parse`: the immediate diagnostics (syntax, immediate lint). */
	immediate?: CoreDiagnostic[];
}

export type WorkerRequest =
	| { kind: 'analyze'; id: number; job: SentJob }
	/** The structure of the version a `parse` job last parsed; none when that is not `version` (any more). */
	| { kind: 'structure'; id: number; uri: string; version: number }
	/** A question about that version (hover, completion, navigation), answered from the same kept parse. */
	| ({ kind: 'query'; id: number } & QueryRequest)
	| { kind: 'forget'; uri: string }
	/** A `.prompt` file changed on disk (`moved`: created or deleted); without a path, every file may have. */
	| { kind: 'partialChanged'; path?: string; moved: boolean };

export type WorkerReply =
	| { kind: 'ready' }
	/**
	 * The job is parsed and linted, its render to come: the next version of its document may be sent. A `parse` job's
	 * immediate diagnostics come with it (and again in `done`).
	 */
	| { kind: 'begun'; id: number; immediate?: CoreDiagnostic[] }
	| { kind: 'done'; id: number; outcome: AnalysisOutcome }
	/** A newer job of the same document began before this one rendered (or the document closed): nothing more comes. */
	| { kind: 'superseded'; id: number }
	| { kind: 'failed'; id: number; message: string }
	| { kind: 'structure'; id: number; structure?: Structure }
	| { kind: 'answer'; id: number; answer?: unknown };

/** A job parsed and linted (AnalysisState.begin); its render and deferred checks still to come. */
export interface BegunJob {
	/** How long to wait before finishing: TYPING_PAUSE_MS after a text edit of a large document, else 0. */
	pauseMs: number;
	/**
	 * Parses (if that waited), renders, counts and runs the deferred lint; undefined when `stale()` says a newer version
	 * came meanwhile, or a newer version of the document was begun.
	 */
	finish(stale?: () => boolean): Promise<AnalysisOutcome | undefined>;
}

/**
 * How long a large document's text edit waits before it is parsed and rendered: shifting a 5 MB parse takes ~0.1 s that
 * a keystroke arriving meanwhile would wait for, while its diagnostics need none of it (they move).
 */
export const TYPING_PAUSE_MS = 250;

/** Lets the messages waiting for this thread run, then says whether they made the work in hand stale. */
async function newerCame(stale: () => boolean): Promise<boolean> {
	await new Promise((resolve) => setImmediate(resolve));
	return stale();
}

/** What a query needs besides the parse: the document's settings and the names the workspace registers. */
export interface QueryContext {
	settings: Settings;
	registered?: RegisteredNames;
	roots: string[];
}

/** A question about one version of a document, as the main thread asks it of a runner. */
export interface QueryRequest<K extends QueryKind = QueryKind> {
	uri: string;
	version: number;
	query: DocumentQuery<K>;
	context: QueryContext;
}

/**
 * The state a long-lived analyzer keeps between jobs: one tokenizer (its chunk cache is what makes re-counting after
 * an edit cheap), the partial files read so far, and the catalog per distinct `promptLens.models`.
 */
export class AnalysisState {
	readonly partialFiles = new PartialFiles();
	private readonly tokenizer: Tokenizer = createTokenizer();
	private readonly catalogs = new Map<string, ModelCatalog>();
	/** The last parse of each large document (`parse` jobs), for `structure`. */
	private readonly kept = new Map<string, { version: number; result: ParseResult }>();
	/** What parsePrompt keeps of each open document's last version (ParseMemo): typing text shifts the last parse. */
	private readonly memos = new Map<string, ParseMemo>();
	/** The version of each document begun last: an older one's render or deferred parse is stale. */
	private readonly begun = new Map<string, number>();

	/** The whole job at once: begin, then finish (what the in-process runner does); undefined when superseded. */
	async run(job: AnalysisJob, early?: (immediate: CoreDiagnostic[]) => void): Promise<AnalysisOutcome | undefined> {
		const begun = this.begin(job, (immediate) => immediate && early?.(immediate));
		if (begun.pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, begun.pauseMs));
		return begun.finish();
	}

	/**
	 * The quick half of a job: `begun` gets a `parse` job's immediate diagnostics (none for the others) as soon as they
	 * are known. After a text-only edit they are the last analyzed version's, moved (movedDiagnostics), and the parse
	 * itself (shifting a 5 MB one takes a tenth of a second) waits with the render in what this returns: a worker can
	 * begin the next version before it, and then the document's next analysis shifts from the older one. Otherwise the
	 * document is parsed (cheap next to the render) and linted here.
	 */
	begin(job: AnalysisJob, begun: (immediate?: CoreDiagnostic[]) => void = () => undefined): BegunJob {
		const { settings } = job;
		const env = { catalog: this.catalog(settings), today: today(), registered: job.registered };
		const text = typeof job.text === 'string' ? job.text : job.text.join('');
		const memo = this.memo(job.uri);
		const analyze = (): ParseResult => {
			const result = analyzePrompt(text, settings, env, memo);
			if (job.parse) this.kept.set(job.uri, { version: job.version, result });
			return result;
		};
		this.begun.set(job.uri, job.version);
		const superseded = (stale: () => boolean) => () => stale() || this.begun.get(job.uri) !== job.version;
		const moved = job.parse ? movedDiagnostics(text, settings, env, memo) : undefined;
		if (moved) {
			begun(moved);
			// Typing: the next keystroke most likely comes before a pause, and its diagnostics move from the same parse.
			const pauseMs = memo.parse?.result.doc.text === text ? 0 : TYPING_PAUSE_MS;
			return { pauseMs, finish: (stale = () => false) => this.finish(job, analyze, superseded(stale)) };
		}
		const result = analyze();
		begun(job.parse ? result.diagnostics : undefined);
		return { pauseMs: 0, finish: (stale = () => false) => this.finish(job, () => result, superseded(stale)) };
	}

	/** Parse (unless done), render, counts, budgets, deferred lint; undefined once `stale()` says a newer version came. */
	private async finish(
		job: AnalysisJob,
		analyzed: () => ParseResult,
		stale: () => boolean,
	): Promise<AnalysisOutcome | undefined> {
		const { settings } = job;
		const catalog = this.catalog(settings);
		// Each step first lets waiting messages in: a newer version's job begins (and publishes) before this one renders.
		if (await newerCame(stale)) return undefined;
		const result = analyzed();
		const immediate = job.parse ? result.diagnostics : undefined;
		if (result.skipped) return { deferred: [], immediate };
		if (await newerCame(stale)) return undefined;
		const lookup = partialLookupFor(job.uri, settings.partialPaths, job.roots, this.partialFiles);
		// A large render pauses between its pieces and counts: a newer version's job begins (and publishes) meanwhile.
		const pause = () => newerCame(stale);
		const partialSource = lookup?.source;
		const { tokenizer } = this;
		const estimate = await estimatePrompt(result.doc, { catalog, tokenizer, settings, partialSource, pause });
		if (await newerCame(stale)) return undefined;
		const deferred = await deferredDiagnostics(result.doc, estimate, {
			settings,
			catalog,
			today: today(),
			partialSource: lookup?.source,
			searched: lookup?.searched,
			immediate: result.diagnostics,
			registered: job.registered,
			isPartial: isPartialFile(job.uri),
		});
		return { estimate, deferred, immediate };
	}

	structure(uri: string, version: number): Structure | undefined {
		const kept = this.kept.get(uri);
		if (kept?.version !== version) return undefined;
		const { result } = kept;
		const doc = { ...result.doc, text: '', nodes: [], scope: { references: [], partialCalls: [] }, recovered: undefined };
		return { outline: outlinePrompt(result.doc), folding: foldingSpans(result.doc), light: { ...result, doc } };
	}

	/** From the kept parse of `version`; undefined when that is not the version kept (any more). */
	async query<K extends QueryKind>(request: QueryRequest<K>): Promise<QueryAnswers[K] | undefined> {
		const { uri, version, query, context } = request;
		const kept = this.kept.get(uri);
		if (kept?.version !== version) return undefined;
		const { settings, registered, roots } = context;
		const env = {
			catalog: this.catalog(settings),
			registered: withDeclaredHelpers(registered, settings.helpers),
			partials: partialLookupFor(uri, settings.partialPaths, roots, this.partialFiles),
		};
		return answerQuery(kept.result, query, env);
	}

	forget(uri: string): void {
		this.kept.delete(uri);
		this.memos.delete(uri);
		this.begun.delete(uri);
	}

	private memo(uri: string): ParseMemo {
		let memo = this.memos.get(uri);
		if (!memo) this.memos.set(uri, (memo = {}));
		return memo;
	}

	private catalog(settings: Settings): ModelCatalog {
		// Settings arrive as a fresh copy with every job: the user's model list is what identifies a catalog.
		const key = JSON.stringify(settings.models ?? null);
		let catalog = this.catalogs.get(key);
		if (!catalog) {
			catalog = loadCatalog(settings.models);
			if (this.catalogs.size > 8) this.catalogs.clear();
			this.catalogs.set(key, catalog);
		}
		return catalog;
	}
}
