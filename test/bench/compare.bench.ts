// `npm run bench` (compare part): 4 targets on two mock providers with a fixed 300 ms latency, run as the compare view runs them
// (CompareSession + ProviderLimiter + runChat, no VS Code) → wall time as a ratio to the slowest single run; and the host's cost per streamed chunk.
import { performance } from 'node:perf_hooks';
import { CompareSession, type Preparation } from '../../client/src/compare/compareSession';
import { newCompareState } from '../../client/src/compare/compareState';
import { buildColumns } from '../../client/src/compare/compareTargets';
import type { CompareColumn, ExtensionMessage } from '../../media/shared/compareMessages';
import { runChat } from '../../server/src/core/run/engine';
import type { ChatRequest, ProviderConfig, RunResult } from '../../server/src/core/run/runTypes';
import { startMockOpenAI, type MockOpenAI } from '../support/mockOpenAI';

const DELAY_MS = 300;
/** Goal from the issue: four targets at once take at most this many times the slowest of them alone. */
const GOAL_RATIO = 1.2;
const ROUNDS = 5;
/** ~60 words: the mock streams one chunk per word, a millisecond apart. */
const QUESTION = 'Compare these lighthouses by height, age, range of the light and how to visit them: '.concat('Tower of Hercules, Eddystone, Fastnet, Bell Rock, Cordouan, Hook Head, Split Point, Peggy\'s Cove, Cape Hatteras, Portland Head. '.repeat(3)).trim();
/** Per-chunk cost: 4 columns × this many deltas of a few characters. */
const CHUNKS_PER_COLUMN = 5_000;

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[values.length >> 1];

interface Target {
	model: string;
	provider: ProviderConfig;
	modelId: string;
}

function request(modelId: string): ChatRequest {
	return { model: modelId, messages: [{ role: 'user', content: QUESTION }] };
}

function send(target: Target, signal?: AbortSignal, onEvent?: Parameters<typeof runChat>[1]['onEvent']): Promise<RunResult> {
	return runChat(request(target.modelId), { provider: target.provider, signal, onEvent, timeoutMs: 30_000, maxRetries: 0, now: Date.now, price: { inputPerMTok: 1, outputPerMTok: 2 } });
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
	const start = performance.now();
	const value = await fn();
	return { ms: performance.now() - start, value };
}

/** Each target alone, one after another: the slowest is the floor a parallel comparison can reach. */
async function slowestSingle(targets: Target[]): Promise<number> {
	const times: number[] = [];
	for (const target of targets) {
		const { ms, value } = await timed(() => send(target));
		if (value.status !== 'ok') throw new Error(`${target.model} alone: ${value.status} ${value.error?.message ?? ''}`);
		times.push(ms);
	}
	return Math.max(...times);
}

async function comparison(targets: Target[]): Promise<number> {
	const byModel = new Map(targets.map((t) => [t.model, t]));
	const state = newCompareState({ name: 'bench.prompt', path: 'bench.prompt', inputs: {}, columns: buildColumns(targets.map((t) => t.model), []), output: {} });
	const prepare = async (column: CompareColumn): Promise<Preparation> => {
		const target = byModel.get(column.target.model) as Target;
		return { ok: true, provider: target.provider.id, run: (signal, onEvent) => send(target, signal, onEvent) };
	};
	// postMessage serializes each message; JSON.stringify stands in for it, so the measured wall time pays for it too.
	const session = new CompareSession(state, { post: (m) => void JSON.stringify(m), prepare, now: Date.now });
	const { ms } = await timed(() => session.runAll());
	const failed = session.current.columns.filter((c) => c.runs[0]?.phase !== 'ok');
	if (failed.length > 0) throw new Error(`columns did not finish ok: ${failed.map((c) => `${c.target.model} ${c.runs[0]?.phase}`).join(', ')}`);
	return ms;
}

/** The host's own work per streamed chunk (reduce into its state copy + post), 4 columns streaming at once, no network. */
async function perChunk(serialize: boolean): Promise<number> {
	const columns = buildColumns(['a/1', 'b/2', 'c/3', 'd/4'], []);
	const emitters: ((text: string) => void)[] = [];
	const finishers: (() => void)[] = [];
	let allStarted: () => void = () => undefined;
	const started = new Promise<void>((resolve) => (allStarted = resolve));
	const prepare = async (): Promise<Preparation> => ({
		ok: true,
		provider: 'p',
		run: (_signal, onEvent) => new Promise<RunResult>((finish) => {
			emitters.push((text) => onEvent({ type: 'delta', text }));
			finishers.push(() => finish({ status: 'ok', output: '', startedAt: '', totalMs: 0, attempts: 1 }));
			if (emitters.length === columns.length) allStarted();
		}),
	});
	const post = serialize ? (m: ExtensionMessage): void => void JSON.stringify(m) : (): void => undefined;
	const session = new CompareSession(newCompareState({ name: 'bench.prompt', path: 'bench.prompt', inputs: {}, columns, output: {} }), { post, prepare, now: Date.now });
	const done = session.runAll();
	await started;
	const start = performance.now();
	for (let i = 0; i < CHUNKS_PER_COLUMN; i++) for (const emit of emitters) emit('word ');
	const ms = performance.now() - start;
	for (const finish of finishers) finish();
	await done;
	return (ms * 1000) / (CHUNKS_PER_COLUMN * columns.length);
}

async function main(): Promise<void> {
	const mocks: MockOpenAI[] = [await startMockOpenAI({ delayMs: DELAY_MS }), await startMockOpenAI({ delayMs: DELAY_MS })];
	try {
		const providers = mocks.map((m, i): ProviderConfig => ({ id: `mock${i + 1}`, baseURL: m.baseURL, origin: 'user', keyOptional: true }));
		const targets: Target[] = providers.flatMap((provider) => ['mock-small', 'mock-large'].map((modelId) => ({ model: `${provider.id}/${modelId}`, provider, modelId })));
		await slowestSingle(targets); // warm-up: connections, the SDK, JIT
		const singles: number[] = [];
		const compares: number[] = [];
		for (let round = 0; round < ROUNDS; round++) {
			singles.push(await slowestSingle(targets));
			compares.push(await comparison(targets));
		}
		const single = median(singles);
		const together = median(compares);
		const ratio = together / single;
		console.log(`compare: ${targets.length} targets on 2 providers, ${DELAY_MS} ms latency each (median of ${ROUNDS}): all at once ${together.toFixed(0)} ms, slowest alone ${single.toFixed(0)} ms → ${ratio.toFixed(2)}× (goal ≤ ${GOAL_RATIO}×) ${ratio <= GOAL_RATIO ? 'ok' : 'OVER GOAL'}`);
		await perChunk(false); // warm-up
		const bare = median([await perChunk(false), await perChunk(false), await perChunk(false)]);
		const withJson = median([await perChunk(true), await perChunk(true), await perChunk(true)]);
		console.log(`compare: host work per streamed chunk (4 columns × ${CHUNKS_PER_COLUMN} chunks, state update + post): ${bare.toFixed(1)} µs; with the message serialized as postMessage does: ${withJson.toFixed(1)} µs`);
	} finally {
		await Promise.all(mocks.map((m) => m.close()));
	}
}

void main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});
