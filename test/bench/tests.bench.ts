// `npm run bench` (tests part): the test runner's own cost per case, with a provider that answers at once, and 1,000
// cases × 2 models on two mock providers with 50 ms latency, against the ideal (cases × latency / concurrency).
import { performance } from 'node:perf_hooks';
import { DEFAULT_SETTINGS, type ProviderConfig, type RunPlan, type TestCase } from '../../server/src/core';
import { runTests, type PlannedCase } from '../../server/src/host/testRunner';
import { startMockOpenAI } from '../support/mockOpenAI';

const GOAL_OVERHEAD_MS = 2;
const GOAL_RATIO = 1.2;
const CASES = 1000;
const LATENCY_MS = 50;
const CONCURRENCY = 4;
const SETTINGS = { ...DEFAULT_SETTINGS, 'run.concurrency': CONCURRENCY };
/** One run of each case, no cache: every case reaches the provider. */
const RUN = { repeat: 1, threshold: () => 1, settings: SETTINGS, cache: false, perProvider: CONCURRENCY, env: {} };

function testCase(i: number): TestCase {
	const span = { start: 0, end: 0 };
	return {
		name: `case ${i}`,
		vars: { topic: `topic ${i}` },
		span,
		assert: [
			{ type: 'icontains', negate: false, value: 'topic', span },
			{ type: 'max-tokens', negate: false, value: 500, span },
		],
	};
}

function plan(model: string, i: number): RunPlan {
	return {
		prompt: 'bench.prompt',
		model: `mock/${model}`,
		provider: 'mock',
		request: { model, messages: [{ role: 'user', content: `Tell me about topic ${i}.` }] },
		inputs: { topic: `topic ${i}` },
		missingVariables: [],
		notes: [],
	};
}

function planned(provider: ProviderConfig, model: string, count: number): PlannedCase[] {
	return Array.from({ length: count }, (_, i) => ({
		testFile: 'bench.test.yaml',
		case: testCase(i),
		model: `mock/${model}`,
		plan: plan(model, i),
		provider,
	}));
}

/** An OpenAI-compatible stream answered from memory: what is left is the runner, the executor and the engine. */
const instant: typeof fetch = async () => {
	const chunk = (delta: object, finish: string | null) =>
		`data: ${JSON.stringify({ id: 'x', object: 'chat.completion.chunk', created: 0, model: 'm', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
	const usage = `data: ${JSON.stringify({ id: 'x', object: 'chat.completion.chunk', created: 0, model: 'm', choices: [], usage: { prompt_tokens: 5, completion_tokens: 4, total_tokens: 9 } })}\n\n`;
	const body =
		chunk({ role: 'assistant', content: 'About the topic: ' }, null) +
		chunk({ content: 'fine.' }, null) +
		chunk({}, 'stop') +
		usage +
		'data: [DONE]\n\n';
	return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
};

async function overhead(): Promise<void> {
	const provider: ProviderConfig = { id: 'instant', baseURL: 'http://127.0.0.1:9/v1', origin: 'user' };
	const items = planned(provider, 'instant', 2000);
	await runTests(items.slice(0, 200), { ...RUN, fetch: instant });
	const start = performance.now();
	const results = await runTests(items, { ...RUN, fetch: instant });
	const perCase = (performance.now() - start) / items.length;
	const passed = results.filter((r) => r.pass).length;
	console.log(
		`tests: runner overhead per case (provider answering at once, ${items.length} cases, ${passed} passed): ${perCase.toFixed(3)} ms (goal ≤ ${GOAL_OVERHEAD_MS} ms) ${perCase <= GOAL_OVERHEAD_MS ? 'ok' : 'OVER GOAL'}`,
	);
}

async function againstLatency(): Promise<void> {
	// The whole answer after 50 ms: the latency is the provider's time, as the goal counts it.
	const a = await startMockOpenAI({ delayMs: LATENCY_MS, chunkDelayMs: 0 });
	const b = await startMockOpenAI({ delayMs: LATENCY_MS, chunkDelayMs: 0 });
	try {
		const items = [
			...planned({ id: 'mock-a', baseURL: a.baseURL, origin: 'user' }, 'mock-small', CASES),
			...planned({ id: 'mock-b', baseURL: b.baseURL, origin: 'user' }, 'mock-large', CASES),
		];
		const start = performance.now();
		const results = await runTests(items, RUN);
		const wall = performance.now() - start;
		const ideal = (CASES * LATENCY_MS) / CONCURRENCY;
		const ratio = wall / ideal;
		const passed = results.filter((r) => r.pass).length;
		console.log(
			`tests: ${CASES} cases × 2 models (two providers, ${LATENCY_MS} ms latency, ${CONCURRENCY} at once each, ${passed} passed): ${(wall / 1000).toFixed(2)} s, ideal ${(ideal / 1000).toFixed(2)} s → ${ratio.toFixed(2)}× (goal ≤ ${GOAL_RATIO}×) ${ratio <= GOAL_RATIO ? 'ok' : 'OVER GOAL'}`,
		);
	} finally {
		await a.close();
		await b.close();
	}
}

void (async () => {
	await overhead();
	await againstLatency();
})();
