// ProviderLimiter: at most N requests in flight per provider, the rest wait in order; a waiting task can be cancelled.

/** Requests to one provider at a time: enough for a comparison's columns, few enough not to trip a rate limit at once. */
export const DEFAULT_PER_PROVIDER = 4;

/** Rejected (and never started) when the signal aborts while the task waits for its turn. */
export class CancelledWhileWaiting extends Error {
	constructor() {
		super('cancelled before it started');
		this.name = 'CancelledWhileWaiting';
	}
}

interface Lane {
	active: number;
	waiting: Array<{ start: () => void; cancel: () => void }>;
}

export class ProviderLimiter {
	private readonly lanes = new Map<string, Lane>();

	constructor(private readonly perProvider = DEFAULT_PER_PROVIDER) {
		if (!Number.isInteger(perProvider) || perProvider < 1) throw new RangeError(`perProvider must be a whole number ≥ 1, not ${perProvider}`);
	}

	/** Runs `task` when `key` has a free slot (in the order tasks were queued). */
	async run<T>(key: string, task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
		const lane = this.lane(key);
		await this.turn(lane, signal);
		try {
			return await task();
		} finally {
			this.release(key, lane);
		}
	}

	/** Requests in flight for `key` (tests and the benchmark read it). */
	active(key: string): number {
		return this.lanes.get(key)?.active ?? 0;
	}

	waiting(key: string): number {
		return this.lanes.get(key)?.waiting.length ?? 0;
	}

	private lane(key: string): Lane {
		let lane = this.lanes.get(key);
		if (!lane) this.lanes.set(key, (lane = { active: 0, waiting: [] }));
		return lane;
	}

	private turn(lane: Lane, signal?: AbortSignal): Promise<void> {
		if (signal?.aborted) return Promise.reject(new CancelledWhileWaiting());
		if (lane.active < this.perProvider) {
			lane.active++;
			return Promise.resolve();
		}
		return new Promise<void>((resolve, reject) => {
			const entry = {
				start: () => {
					signal?.removeEventListener('abort', onAbort);
					lane.active++;
					resolve();
				},
				cancel: () => {
					signal?.removeEventListener('abort', onAbort);
					reject(new CancelledWhileWaiting());
				},
			};
			const onAbort = (): void => {
				const index = lane.waiting.indexOf(entry);
				if (index >= 0) lane.waiting.splice(index, 1);
				entry.cancel();
			};
			signal?.addEventListener('abort', onAbort, { once: true });
			lane.waiting.push(entry);
		});
	}

	private release(key: string, lane: Lane): void {
		lane.active--;
		const next = lane.waiting.shift();
		if (next) next.start();
		else if (lane.active === 0) this.lanes.delete(key);
	}
}
