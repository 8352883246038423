// CompareSession: the host side of one comparison, without VS Code — batches of runs per column, bounded per provider, the state kept in step with the webview.
import type { CompareColumn, CompareState, ExtensionMessage, Notice, OutputSpec, RunEvent, RunResult, WebviewMessage } from '../../../media/shared/compareMessages';
import { MAX_REPEAT } from '../../../media/shared/compareMessages';
import { reduce } from '../../../media/shared/compareViewModel';
import { CancelledWhileWaiting, ProviderLimiter } from '../../../server/src/host/providerLimiter';

/** A column ready to run: the provider it goes to (its lane in the limiter) and how to send one run. */
export interface ReadyColumn {
	ok: true;
	provider: string;
	/** What this column's prompt asks for; sent to the webview when it differs from what the panel shows. */
	output?: OutputSpec;
	/** One run; never throws (every failure is a result). */
	run(signal: AbortSignal, onEvent: (event: RunEvent) => void): Promise<RunResult>;
}

/** `ok: false`: the column cannot run (no plan, no provider, no key); `message` goes into each of its runs. */
export type Preparation = ReadyColumn | { ok: false; kind: NonNullable<RunResult['error']>['kind']; message: string };

export interface SessionHost {
	/** To the webview; may drop messages while it is hidden (`init` after its next `ready` catches it up). */
	post(message: ExtensionMessage): void;
	/** Plans a column for a new batch (the prompt may have changed since the last one). */
	prepare(column: CompareColumn): Promise<Preparation>;
	now(): number;
	/** Our own bugs (a throwing `prepare`), for the log. */
	onError?(error: unknown): void;
}

interface Batch {
	controller: AbortController;
}

export class CompareSession {
	private state: CompareState;
	/** The current batch of each column; results of a superseded batch (a rerun started meanwhile) are not shown. */
	private readonly batches = new Map<string, Batch>();
	private readonly running = new Set<Promise<void>>();

	constructor(initial: CompareState, private readonly host: SessionHost, private readonly limiter = new ProviderLimiter()) {
		this.state = initial;
	}

	get current(): CompareState {
		return this.state;
	}

	get busy(): boolean {
		return this.running.size > 0;
	}

	/** Resolves when every batch started so far has finished. */
	async idle(): Promise<void> {
		while (this.running.size > 0) await Promise.all([...this.running]);
	}

	/** A view choice from the webview (baseline, vote, raw, shown run, diff pair): it already applied it; keep in step. */
	apply(action: WebviewMessage): void {
		this.state = reduce(this.state, action);
	}

	notify(notice: Notice): void {
		this.emit({ type: 'notice', notice });
	}

	/** Runs each column `times` times (all columns at once, each provider at most N at a time); unknown ids are ignored. */
	run(columnIds: readonly string[], times = 1): Promise<void> {
		const count = Math.min(MAX_REPEAT, Math.max(1, Math.floor(times)));
		const columns = columnIds.map((id) => this.state.columns.find((c) => c.id === id)).filter((c): c is CompareColumn => c !== undefined);
		if (columns.length === 0) return Promise.resolve();
		const done: Promise<void> = this.batch(columns, count)
			.catch((error: unknown) => this.host.onError?.(error))
			.finally(() => this.running.delete(done));
		this.running.add(done);
		return done;
	}

	runAll(times = 1): Promise<void> {
		return this.run(this.state.columns.map((c) => c.id), times);
	}

	/** Stops every run: those in flight keep what arrived (status cancelled), those waiting never start. */
	cancelAll(): void {
		for (const batch of this.batches.values()) batch.controller.abort();
	}

	private async batch(columns: CompareColumn[], times: number): Promise<void> {
		const batches = columns.map((column) => {
			this.batches.get(column.id)?.controller.abort();
			const batch: Batch = { controller: new AbortController() };
			this.batches.set(column.id, batch);
			this.emit({ type: 'batchStarted', columnId: column.id, runs: times });
			return batch;
		});
		const prepared = await Promise.all(columns.map((column) => this.prepare(column)));
		prepared.forEach((p, i) => this.showOutput(columns[i], p));
		// Round by round, so with a full lane every column still gets its first answer early.
		const runs: Promise<void>[] = [];
		for (let index = 0; index < times; index++) {
			columns.forEach((column, i) => runs.push(this.runOne(column.id, index, batches[i], prepared[i])));
		}
		await Promise.all(runs);
		columns.forEach((column, i) => {
			if (this.batches.get(column.id) === batches[i]) this.batches.delete(column.id);
		});
	}

	private async prepare(column: CompareColumn): Promise<Preparation> {
		try {
			return await this.host.prepare(column);
		} catch (error) {
			this.host.onError?.(error);
			return { ok: false, kind: 'config', message: `Prompt Lens could not prepare this column: ${error instanceof Error ? error.message : String(error)}` };
		}
	}

	private async runOne(columnId: string, runIndex: number, batch: Batch, prepared: Preparation): Promise<void> {
		const live = (): boolean => this.batches.get(columnId) === batch;
		const finish = (result: RunResult): void => {
			if (live()) this.emit({ type: 'runFinished', columnId, runIndex, result });
		};
		if (!prepared.ok) return finish(this.failed(prepared.kind, prepared.message));
		try {
			await this.limiter.run(prepared.provider, async () => {
				if (!live()) return;
				this.emit({ type: 'runStarted', columnId, runIndex });
				const result = await prepared.run(batch.controller.signal, (event) => {
					if (live()) this.emit({ type: 'runEvent', columnId, runIndex, event });
				});
				finish(result);
			}, batch.controller.signal);
		} catch (error) {
			if (error instanceof CancelledWhileWaiting) return finish(this.failed('cancelled', 'Cancelled before its request was sent.', 'cancelled'));
			this.host.onError?.(error);
			finish(this.failed('config', `Prompt Lens failed while running this column: ${error instanceof Error ? error.message : String(error)}`));
		}
	}

	/** A variant's own output spec goes on its column; the base prompt's replaces the panel's when it changed. */
	private showOutput(column: CompareColumn, prepared: Preparation): void {
		if (!prepared.ok || !prepared.output) return;
		const spec = prepared.output;
		const current = column.target.variant ? column.output : this.state.output;
		if (JSON.stringify(current ?? {}) === JSON.stringify(spec)) return;
		this.emit({ type: 'schema', ...(column.target.variant ? { columnId: column.id } : {}), format: spec.format, jsonSchema: spec.schema ?? null });
	}

	private failed(kind: NonNullable<RunResult['error']>['kind'], message: string, status: RunResult['status'] = 'error'): RunResult {
		return { status, output: '', startedAt: new Date(this.host.now()).toISOString(), totalMs: 0, attempts: 0, error: { kind, message } };
	}

	/** One message per event: applied to our copy of the state, then posted (the webview applies the same reducer). */
	private emit(message: ExtensionMessage): void {
		this.state = reduce(this.state, message);
		this.host.post(message);
	}
}
