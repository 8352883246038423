// The compare view's host logic without VS Code (client/src/compare/compareSession.ts, providerLimiter.ts): parallel columns bounded
// per provider, streaming one message per event, failures kept to their column, cancel, rerun, repeat, and the state in step with the webview.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CompareSession, type Preparation, type SessionHost } from '../../client/src/compare/compareSession';
import { newCompareState } from '../../client/src/compare/compareState';
import { buildColumns } from '../../client/src/compare/compareTargets';
import { CancelledWhileWaiting, ProviderLimiter } from '../../server/src/host/providerLimiter';
import type { CompareColumn, CompareState, ExtensionMessage, RunEvent, RunResult } from '../../media/shared/compareMessages';
import { reduce } from '../../media/shared/compareViewModel';
import { runChat } from '../../server/src/core/run/engine';
import type { ProviderConfig } from '../../server/src/core/run/runTypes';
import { startMockOpenAI, type MockOpenAI } from '../support/mockOpenAI';

const tick = (ms = 0): Promise<void> => new Promise((r) => setTimeout(r, ms));

function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
	let resolve: (value: T) => void = () => undefined;
	const promise = new Promise<T>((r) => (resolve = r));
	return { promise, resolve };
}

describe('ProviderLimiter', () => {
	test('at most N tasks per provider at once, the rest in order; other providers are not held up', async () => {
		const limiter = new ProviderLimiter(2);
		const started: string[] = [];
		const gates = new Map<string, ReturnType<typeof deferred<void>>>();
		const task = (key: string, name: string) => limiter.run(key, async () => {
			started.push(name);
			const gate = deferred();
			gates.set(name, gate);
			await gate.promise;
			return name;
		});
		const all = [task('a', 'a1'), task('a', 'a2'), task('a', 'a3'), task('a', 'a4'), task('b', 'b1')];
		await tick();
		assert.deepEqual(started, ['a1', 'a2', 'b1']);
		assert.equal(limiter.active('a'), 2);
		assert.equal(limiter.waiting('a'), 2);
		gates.get('a2')?.resolve();
		await tick();
		assert.deepEqual(started, ['a1', 'a2', 'b1', 'a3']);
		for (const name of ['a1', 'a3', 'b1']) gates.get(name)?.resolve();
		await tick();
		gates.get('a4')?.resolve();
		assert.deepEqual(await Promise.all(all), ['a1', 'a2', 'a3', 'a4', 'b1']);
		assert.equal(limiter.active('a'), 0);
	});

	test('a task cancelled while it waits never starts and leaves its place to the next', async () => {
		const limiter = new ProviderLimiter(1);
		const first = deferred();
		const ran: string[] = [];
		const running = limiter.run('p', async () => {
			ran.push('first');
			await first.promise;
		});
		const abort = new AbortController();
		const cancelled = limiter.run('p', async () => void ran.push('cancelled'), abort.signal);
		const third = limiter.run('p', async () => void ran.push('third'));
		abort.abort();
		await assert.rejects(cancelled, CancelledWhileWaiting);
		first.resolve();
		await Promise.all([running, third]);
		assert.deepEqual(ran, ['first', 'third']);
		await assert.rejects(limiter.run('p', async () => 1, abort.signal), CancelledWhileWaiting, 'an already aborted signal does not start');
	});

	test('a failing task frees its slot', async () => {
		const limiter = new ProviderLimiter(1);
		await assert.rejects(limiter.run('p', async () => Promise.reject(new Error('boom'))), /boom/);
		assert.equal(await limiter.run('p', async () => 'next'), 'next');
		assert.throws(() => new ProviderLimiter(0), RangeError);
	});
});

const ok = (output: string, over: Partial<RunResult> = {}): RunResult => ({ status: 'ok', output, startedAt: '2026-11-26T10:00:00.000Z', totalMs: 120, firstTokenMs: 40, attempts: 1, usage: { inputTokens: 10, outputTokens: 4 }, cost: 0.0001, finishReason: 'stop', ...over });

/** A session whose columns stream `chunks` (per model) and finish ok, recording what it posts. */
function harness(models: string[], prepare: (column: CompareColumn) => Promise<Preparation>, limiter?: ProviderLimiter) {
	const posted: ExtensionMessage[] = [];
	const state = newCompareState({ name: 'x.prompt', path: 'x.prompt', inputs: { topic: 'tides' }, columns: buildColumns(models, []), output: {} });
	const host: SessionHost = { post: (m) => posted.push(m), prepare, now: () => Date.parse('2026-11-26T10:00:00Z') };
	const session = new CompareSession(state, host, limiter);
	// The webview's copy: the same reducer over what was posted, starting from the `init` state.
	const webview = (): CompareState => posted.reduce(reduce, state);
	return { session, posted, webview };
}

function streaming(chunks: string[], result?: (output: string) => RunResult): Preparation {
	return {
		ok: true,
		provider: 'mock',
		run: async (_signal, onEvent) => {
			onEvent({ type: 'first-token', ms: 40 });
			for (const text of chunks) {
				await tick();
				onEvent({ type: 'delta', text });
			}
			return (result ?? ok)(chunks.join(''));
		},
	};
}

describe('CompareSession', () => {
	test('every column runs; one message per streamed chunk; the host and the webview end with the same state', async () => {
		const { session, posted, webview } = harness(['m/small', 'm/large'], async (c) => streaming(c.target.model === 'm/small' ? ['Hi ', 'there'] : ['Hello ', 'big ', 'world']));
		await session.runAll();
		const deltas = posted.filter((m) => m.type === 'runEvent' && m.event.type === 'delta');
		assert.equal(deltas.length, 5, 'one runEvent per chunk');
		const c1 = posted.filter((m) => 'columnId' in m && m.columnId === 'c1').map((m) => (m.type === 'runEvent' ? `${m.type}:${m.event.type}` : m.type));
		assert.deepEqual(c1, ['batchStarted', 'runStarted', 'runEvent:first-token', 'runEvent:delta', 'runEvent:delta', 'runFinished']);
		const state = session.current;
		assert.deepEqual(state.columns.map((c) => [c.runs.length, c.runs[0].phase, c.runs[0].output]), [[1, 'ok', 'Hi there'], [1, 'ok', 'Hello big world']]);
		assert.equal(state.columns[0].runs[0].result?.usage?.outputTokens, 4);
		assert.deepEqual(webview(), state);
		assert.equal(session.busy, false);
	});

	test('the columns start together, not one after another', async () => {
		const gate = deferred();
		let inFlight = 0;
		let most = 0;
		const { session } = harness(['m/a', 'm/b', 'm/c', 'm/d'], async () => ({
			ok: true, provider: 'mock',
			run: async () => {
				most = Math.max(most, ++inFlight);
				await gate.promise;
				inFlight--;
				return ok('x');
			},
		}));
		const done = session.runAll();
		await tick(5);
		assert.equal(most, 4);
		gate.resolve();
		await done;
	});

	test('a column that cannot run shows its reason; the others go on', async () => {
		const { session } = harness(['m/a', 'nowhere/b'], async (c) => (c.target.model === 'nowhere/b' ? { ok: false, kind: 'auth', message: 'No API key for "nowhere".' } : streaming(['ok'])));
		await session.runAll();
		const [a, b] = session.current.columns;
		assert.equal(a.runs[0].phase, 'ok');
		assert.equal(b.runs[0].phase, 'error');
		assert.deepEqual(b.runs[0].result?.error, { kind: 'auth', message: 'No API key for "nowhere".' });
	});

	test('a prepare that throws (our bug) becomes an error in that column, logged', async () => {
		const errors: unknown[] = [];
		const posted: ExtensionMessage[] = [];
		const state = newCompareState({ name: 'x.prompt', path: 'x.prompt', inputs: {}, columns: buildColumns(['m/a'], []), output: {} });
		const session = new CompareSession(state, { post: (m) => posted.push(m), prepare: async () => Promise.reject(new Error('oops')), now: Date.now, onError: (e) => errors.push(e) });
		await session.runAll();
		assert.equal(session.current.columns[0].runs[0].phase, 'error');
		assert.match(session.current.columns[0].runs[0].result?.error?.message ?? '', /could not prepare this column: oops/);
		assert.equal(errors.length, 1);
	});

	test('cancel stops every column: in flight keep what arrived, waiting ones never start', async () => {
		const limiter = new ProviderLimiter(1);
		let started = 0;
		const { session } = harness(['m/a', 'm/b'], async () => ({
			ok: true, provider: 'mock',
			run: async (signal, onEvent) => {
				started++;
				onEvent({ type: 'delta', text: 'part' });
				await new Promise((r) => signal.addEventListener('abort', r, { once: true }));
				return { ...ok('part'), status: 'cancelled', error: { kind: 'cancelled', message: 'The run was cancelled; the text so far is kept.' } };
			},
		}), limiter);
		const done = session.runAll();
		await tick(5);
		session.cancelAll();
		await done;
		assert.equal(started, 1, 'the second column waited for the one slot and was cancelled there');
		const [a, b] = session.current.columns.map((c) => c.runs[0]);
		assert.deepEqual([a.phase, a.output], ['cancelled', 'part']);
		assert.deepEqual([b.phase, b.result?.error?.message], ['cancelled', 'Cancelled before its request was sent.']);
	});

	test('rerunning a column while it runs replaces its batch; the old run\'s late events are not shown', async () => {
		let call = 0;
		const { session, webview } = harness(['m/a'], async () => {
			const n = ++call;
			return {
				ok: true, provider: 'mock',
				run: async (signal, onEvent) => {
					if (n === 1) {
						await new Promise((r) => signal.addEventListener('abort', r, { once: true }));
						onEvent({ type: 'delta', text: 'late' });
						return ok('stale');
					}
					onEvent({ type: 'delta', text: 'fresh' });
					return ok('fresh');
				},
			};
		});
		const first = session.runAll();
		await tick(5);
		const second = session.run(['c1']);
		await Promise.all([first, second]);
		assert.deepEqual(session.current.columns[0].runs.map((r) => r.output), ['fresh']);
		assert.deepEqual(webview(), session.current);
		await session.run(['nope']);
		assert.deepEqual(session.current.columns[0].runs.map((r) => r.output), ['fresh'], 'an unknown column id changes nothing');
	});

	test('repeat runs each column N times, round by round across a full lane', async () => {
		const order: string[] = [];
		const { session } = harness(['m/a', 'm/b'], async (c) => ({
			ok: true, provider: 'same',
			run: async () => {
				order.push(c.id);
				await tick();
				return ok(`${c.id}`);
			},
		}), new ProviderLimiter(1));
		await session.runAll(3);
		assert.deepEqual(order, ['c1', 'c2', 'c1', 'c2', 'c1', 'c2']);
		assert.deepEqual(session.current.columns.map((c) => c.runs.map((r) => r.phase)), [['ok', 'ok', 'ok'], ['ok', 'ok', 'ok']]);
		await session.runAll(500);
		assert.equal(session.current.columns[0].runs.length, 20, 'capped at MAX_REPEAT');
	});

	test('view choices from the webview are kept; a variant\'s own output spec goes on its column', async () => {
		const posted: ExtensionMessage[] = [];
		const columns = buildColumns(['m/a'], [undefined, 'json']);
		const state = newCompareState({ name: 'x.prompt', path: 'x.prompt', inputs: {}, columns, output: {} });
		const schema = { type: 'object', properties: { a: { type: 'string' } } };
		const session = new CompareSession(state, {
			post: (m) => posted.push(m),
			prepare: async (c) => ({ ...streaming(['{"a":"b"}']), ...(c.target.variant ? { output: { format: 'json' as const, schema } } : { output: {} }) }),
			now: Date.now,
		});
		session.apply({ type: 'vote', columnId: 'c2' });
		session.apply({ type: 'setBaseline', columnId: 'c2' });
		await session.runAll();
		assert.deepEqual(posted.filter((m) => m.type === 'schema'), [{ type: 'schema', columnId: 'c2', format: 'json', jsonSchema: schema }]);
		assert.equal(session.current.vote, 'c2');
		assert.equal(session.current.baseline, 'c2');
		assert.deepEqual(session.current.columns[1].output, { format: 'json', schema });
	});
});

describe('CompareSession against the mock provider (runChat)', () => {
	let mock: MockOpenAI;
	before(async () => (mock = await startMockOpenAI()));
	after(async () => mock.close());

	const provider = (): ProviderConfig => ({ id: 'mock', baseURL: mock.baseURL, origin: 'user', keyOptional: true });
	const prepare = async (column: CompareColumn): Promise<Preparation> => ({
		ok: true,
		provider: 'mock',
		run: (signal, onEvent: (e: RunEvent) => void) => runChat({ model: column.target.model.split('/')[1], messages: [{ role: 'user', content: 'Name a sight in Lisbon.' }] }, {
			provider: provider(), signal, onEvent, timeoutMs: 10_000, maxRetries: 0, now: Date.now, price: { inputPerMTok: 1, outputPerMTok: 2 },
		}),
	});

	test('two models stream into two columns with metrics; an unknown model fails in its column only', async () => {
		const { session, webview } = harness(['mock/mock-small', 'mock/mock-large', 'mock/mock-missing'], prepare);
		await session.runAll();
		const [small, large, missing] = session.current.columns.map((c) => c.runs[0]);
		for (const run of [small, large]) {
			assert.equal(run.phase, 'ok');
			assert.equal(run.output, 'Echo: Name a sight in Lisbon.');
			assert.ok(run.result?.usage && run.result.usage.outputTokens > 0, 'usage from the provider');
			assert.ok((run.result?.cost ?? 0) > 0, 'a cost');
			assert.ok(run.firstTokenMs !== undefined && run.result?.totalMs !== undefined);
		}
		assert.equal(missing.phase, 'error');
		assert.equal(missing.result?.error?.kind, 'not-found');
		assert.deepEqual(webview(), session.current);
	});
});
