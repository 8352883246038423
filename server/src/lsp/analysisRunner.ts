// Runs the slow analysis off the request path: on a worker thread (the server), or in process (tests, or no worker).
import { Worker } from 'node:worker_threads';
import type { CoreDiagnostic } from '../core';
import { AnalysisState, type AnalysisJob, type AnalysisOutcome, type QueryRequest, type Structure } from '../host/analysisJob';
import type { SentJob, WorkerReply, WorkerRequest } from '../host/analysisJob';
import type { QueryAnswers, QueryKind } from '../host/documentQuery';

/** `superseded`: a newer version of the same document was queued before this one started; nothing was computed. */
export type RunResult = AnalysisOutcome | 'superseded';

/** Gets a `parse` job's immediate diagnostics before its outcome (see AnalysisState.run). */
export type EarlyDiagnostics = (immediate: CoreDiagnostic[]) => void;

export interface AnalysisRunner {
	run(job: AnalysisJob, early?: EarlyDiagnostics): Promise<RunResult>;
	/** A large document's outline, folding and light doc, from the parse of its `parse` job for `version`. */
	structure(uri: string, version: number): Promise<Structure | undefined>;
	/** A question about that version, answered from the same parse. */
	query<K extends QueryKind>(request: QueryRequest<K>): Promise<QueryAnswers[K] | undefined>;
	partialChanged(path?: string, moved?: boolean): void;
	/** A job of this document that has not started is dropped, and its kept parse (the document closed). */
	drop(uri: string): void;
}

/** The same work on the calling thread: what the in-process tests use, and the fallback when no worker can start. */
export class InProcessRunner implements AnalysisRunner {
	private readonly state = new AnalysisState();

	async run(job: AnalysisJob, early?: EarlyDiagnostics): Promise<RunResult> {
		return (await this.state.run(job, early)) ?? 'superseded';
	}

	structure(uri: string, version: number): Promise<Structure | undefined> {
		return Promise.resolve(this.state.structure(uri, version));
	}

	query<K extends QueryKind>(request: QueryRequest<K>): Promise<QueryAnswers[K] | undefined> {
		return this.state.query(request);
	}

	partialChanged(path?: string, moved = true): void {
		this.state.partialFiles.invalidate(path, moved);
	}

	drop(uri: string): void {
		this.state.forget(uri);
	}
}

interface Waiting {
	job: AnalysisJob;
	resolve: (result: RunResult) => void;
	early?: EarlyDiagnostics;
}

/**
 * One worker thread. A job is sent once the worker has begun (parsed and linted) the previous one of its document, so
 * a burst of keystrokes waits here as one job, the newest; the worker begins each job as it arrives (its diagnostics
 * come back before any render) and renders one at a time, dropping a job whose document has a newer one. A worker
 * that dies (out of memory on a huge prompt) is replaced for the next job; one that cannot start at all hands
 * everything to an in-process runner.
 */
export class WorkerRunner implements AnalysisRunner {
	private worker?: Worker;
	private started = false;
	private fallback?: InProcessRunner;
	/** Not sent yet: the newest job of each document whose previous job the worker has not begun. */
	private readonly queue = new Map<string, Waiting>();
	/** Sent, by id, until done; `begun` once the worker parsed it. */
	private readonly sent = new Map<number, Waiting & { begun: boolean }>();
	/** The text pieces of each document's last job the worker received: the next job sends only what changed. */
	private readonly lastPieces = new Map<string, string[]>();
	private nextId = 1;
	private disposed = false;
	/** Questions in flight (structure, queries): answered by the worker between (or during) jobs. */
	private readonly questions = new Map<number, (answer: unknown) => void>();

	/** `log`: failures; `info`: what the worker prints (its stdout must never reach the server's, the LSP stream). */
	constructor(
		private readonly script: string,
		private readonly log: (message: string) => void,
		private readonly info: (message: string) => void,
	) {}

	run(job: AnalysisJob, early?: EarlyDiagnostics): Promise<RunResult> {
		if (this.fallback) return this.fallback.run(job, early);
		if (this.disposed) return Promise.resolve('superseded');
		this.queue.get(job.uri)?.resolve('superseded');
		this.queue.delete(job.uri);
		return new Promise((resolve) => {
			this.queue.set(job.uri, { job, resolve, early });
			this.pump();
		});
	}

	partialChanged(path?: string, moved = true): void {
		this.fallback?.partialChanged(path, moved);
		this.post({ kind: 'partialChanged', path, moved });
	}

	structure(uri: string, version: number): Promise<Structure | undefined> {
		if (this.fallback) return this.fallback.structure(uri, version);
		return this.ask<Structure>((id) => ({ kind: 'structure', id, uri, version }));
	}

	query<K extends QueryKind>(request: QueryRequest<K>): Promise<QueryAnswers[K] | undefined> {
		if (this.fallback) return this.fallback.query(request);
		return this.ask<QueryAnswers[K]>((id) => ({ kind: 'query', id, ...request }));
	}

	/** The worker's answer; none when there is no worker (it died, or never ran the document's job). */
	private ask<T>(request: (id: number) => WorkerRequest): Promise<T | undefined> {
		if (!this.worker) return Promise.resolve(undefined);
		const id = this.nextId++;
		return new Promise((resolve) => {
			this.questions.set(id, (answer) => resolve(answer as T | undefined));
			this.post(request(id));
		});
	}

	drop(uri: string): void {
		this.queue.get(uri)?.resolve('superseded');
		this.queue.delete(uri);
		this.lastPieces.delete(uri);
		this.fallback?.drop(uri);
		if (this.worker) this.post({ kind: 'forget', uri });
	}

	/** Ends the worker (its stdout pipe would keep the process alive); jobs still waiting get nothing. */
	dispose(): void {
		this.disposed = true;
		for (const answer of this.questions.values()) answer(undefined);
		this.questions.clear();
		for (const waiting of this.takeAll()) waiting.resolve('superseded');
		void this.worker?.terminate();
		this.worker = undefined;
	}

	/** Sends each waiting job whose document has no job the worker has not begun yet. */
	private pump(): void {
		if (this.fallback || this.disposed) return;
		const beginning = new Set([...this.sent.values()].filter((s) => !s.begun).map((s) => s.job.uri));
		for (const [uri, next] of [...this.queue]) {
			// Posting can find that no worker starts (giveUp): from then on the fallback has every job.
			if (this.fallback || this.disposed) return;
			if (beginning.has(uri)) continue;
			this.queue.delete(uri);
			const id = this.nextId++;
			this.sent.set(id, { ...next, begun: false });
			this.post({ kind: 'analyze', id, job: { ...next.job, text: this.patched(uri, next.job.text) } });
		}
	}

	/** Pieces as a patch of the document's last ones when there are some (see PiecesPatch), else as they are. */
	private patched(uri: string, text: string | string[]): SentJob['text'] {
		const last = this.lastPieces.get(uri);
		if (typeof text === 'string') {
			this.lastPieces.delete(uri);
			return text;
		}
		this.lastPieces.set(uri, text);
		if (!last) return text;
		const limit = Math.min(text.length, last.length);
		let head = 0;
		while (head < limit && text[head] === last[head]) head++;
		let tail = 0;
		while (tail < limit - head && text[text.length - 1 - tail] === last[last.length - 1 - tail]) tail++;
		return { head, middle: text.slice(head, text.length - tail), tail };
	}

	/** Every job sent or waiting, none kept. */
	private takeAll(): Waiting[] {
		const all = [...this.sent.values(), ...this.queue.values()];
		this.sent.clear();
		this.queue.clear();
		return all;
	}

	private post(request: WorkerRequest): void {
		if (request.kind === 'partialChanged' && !this.worker) return;
		this.ensureWorker()?.postMessage(request);
	}

	private ensureWorker(): Worker | undefined {
		if (this.worker || this.disposed) return this.worker;
		try {
			const worker = new Worker(this.script, { stdout: true, stderr: true });
			for (const stream of [worker.stdout, worker.stderr]) {
				stream.setEncoding('utf8');
				stream.on('data', (text: string) => this.info(text.trimEnd()));
			}
			worker.on('message', (reply: WorkerReply) => this.receive(reply));
			worker.on('error', (error) => this.stopped(worker, error.message));
			worker.on('exit', (code) => this.stopped(worker, `exit code ${code}`));
			this.worker = worker;
			return worker;
		} catch (error) {
			this.giveUp(error instanceof Error ? error.message : String(error));
			return undefined;
		}
	}

	private receive(reply: WorkerReply): void {
		if (reply.kind === 'ready') {
			this.started = true;
			return;
		}
		if (reply.kind === 'structure' || reply.kind === 'answer') {
			this.questions.get(reply.id)?.(reply.kind === 'structure' ? reply.structure : reply.answer);
			this.questions.delete(reply.id);
			return;
		}
		const current = this.sent.get(reply.id);
		if (!current) return;
		if (reply.kind === 'begun') {
			current.begun = true;
			if (reply.immediate) current.early?.(reply.immediate);
		} else {
			this.sent.delete(reply.id);
			if (reply.kind === 'done') current.resolve(reply.outcome);
			else if (reply.kind === 'superseded') current.resolve('superseded');
			else {
				this.log(`analysis of ${current.job.uri} failed: ${reply.message}`);
				current.resolve(failedOutcome(reply.message));
			}
		}
		this.pump();
	}

	private stopped(worker: Worker, why: string): void {
		if (this.worker !== worker) return;
		this.worker = undefined;
		this.lastPieces.clear();
		for (const answer of this.questions.values()) answer(undefined);
		this.questions.clear();
		if (!this.started) {
			this.giveUp(why);
			return;
		}
		this.started = false;
		const lost = [...this.sent.values()];
		this.sent.clear();
		for (const { job, resolve } of lost) {
			this.log(`the analysis worker stopped (${why}) while analyzing ${job.uri}; it is restarted for the next edit`);
			resolve(failedOutcome(`the analysis stopped (${why})`));
		}
		this.pump();
	}

	/** No worker at all: the jobs run in process from now on. */
	private giveUp(why: string): void {
		this.log(`the analysis worker could not start (${why}); analyzing on the main thread`);
		this.fallback = new InProcessRunner();
		for (const { job, resolve, early } of this.takeAll()) {
			void this.fallback.run(job, early).then(resolve, (error: unknown) => resolve(failedOutcome(String(error))));
		}
	}
}

/** The outcome of a job that did not finish: shown on the document as a render failure, so it is not silent. */
function failedOutcome(why: string): AnalysisOutcome {
	const message = `Prompt Lens could not render and count this prompt: ${why}.`;
	const shown = { code: 'render-failed', severity: 'warning' as const, message, span: { start: 0, end: 0 } };
	// No immediate diagnostics either (a large document's were the worker's to find): the warning says why.
	return { estimate: { ok: false, message }, deferred: [shown], immediate: [] };
}
