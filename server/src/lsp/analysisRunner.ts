// Runs the slow analysis off the request path: on a worker thread (the server), or in process (tests, or no worker).
import { Worker } from 'node:worker_threads';
import type { CoreDiagnostic } from '../core';
import { AnalysisState, type AnalysisJob, type AnalysisOutcome, type QueryRequest, type Structure } from '../host/analysisJob';
import type { WorkerReply, WorkerRequest } from '../host/analysisJob';
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

	run(job: AnalysisJob, early?: EarlyDiagnostics): Promise<RunResult> {
		return this.state.run(job, early);
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
 * One worker thread, one job at a time; while it works, each document keeps only its newest job in the queue, so a
 * burst of keystrokes renders once. A worker that dies (out of memory on a huge prompt) is replaced for the next job;
 * one that cannot start at all hands everything to an in-process runner.
 */
export class WorkerRunner implements AnalysisRunner {
	private worker?: Worker;
	private started = false;
	private fallback?: InProcessRunner;
	private readonly queue = new Map<string, Waiting>();
	private inFlight?: Waiting & { id: number };
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
		this.fallback?.drop(uri);
		if (this.worker) this.post({ kind: 'forget', uri });
	}

	/** Ends the worker (its stdout pipe would keep the process alive); jobs still waiting get nothing. */
	dispose(): void {
		this.disposed = true;
		for (const answer of this.questions.values()) answer(undefined);
		this.questions.clear();
		for (const waiting of [...(this.inFlight ? [this.inFlight] : []), ...this.queue.values()]) waiting.resolve('superseded');
		this.inFlight = undefined;
		this.queue.clear();
		void this.worker?.terminate();
		this.worker = undefined;
	}

	private pump(): void {
		if (this.inFlight || this.fallback || this.disposed) return;
		const [uri, next] = this.queue.entries().next().value ?? [];
		if (!uri || !next) return;
		this.queue.delete(uri);
		this.inFlight = { ...next, id: this.nextId++ };
		this.post({ kind: 'analyze', id: this.inFlight.id, job: next.job });
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
		const current = this.inFlight;
		if (!current || current.id !== reply.id) return;
		if (reply.kind === 'immediate') return current.early?.(reply.diagnostics);
		this.inFlight = undefined;
		if (reply.kind === 'failed') this.log(`analysis of ${current.job.uri} failed: ${reply.message}`);
		current.resolve(reply.kind === 'done' ? reply.outcome : failedOutcome(reply.message));
		this.pump();
	}

	private stopped(worker: Worker, why: string): void {
		if (this.worker !== worker) return;
		this.worker = undefined;
		for (const answer of this.questions.values()) answer(undefined);
		this.questions.clear();
		if (!this.started) {
			this.giveUp(why);
			return;
		}
		this.started = false;
		const current = this.inFlight;
		this.inFlight = undefined;
		if (current) {
			this.log(`the analysis worker stopped (${why}) while analyzing ${current.job.uri}; it is restarted for the next edit`);
			current.resolve(failedOutcome(`the analysis stopped (${why})`));
		}
		this.pump();
	}

	/** No worker at all: the jobs run in process from now on. */
	private giveUp(why: string): void {
		this.log(`the analysis worker could not start (${why}); analyzing on the main thread`);
		this.fallback = new InProcessRunner();
		const waiting = [...(this.inFlight ? [this.inFlight] : []), ...this.queue.values()];
		this.inFlight = undefined;
		this.queue.clear();
		for (const { job, resolve, early } of waiting) {
			void this.fallback.run(job, early).then(resolve, (error: unknown) => resolve(failedOutcome(String(error))));
		}
	}
}

/** The outcome of a job that did not finish: shown on the document as a render failure, so it is not silent. */
function failedOutcome(why: string): AnalysisOutcome {
	const message = `Prompt Lens could not render and count this prompt: ${why}.`;
	const shown = { code: 'render-failed', severity: 'warning' as const, message, span: { start: 0, end: 0 } };
	return { estimate: { ok: false, message }, deferred: [shown] };
}
