// The compare view-model under node: streaming, per-column metrics, repeat spreads, ratios to the baseline, word diff, state restore.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { columnView, statusText } from '../../media/shared/columnView';
import { compareMarkdown } from '../../media/shared/compareMarkdown';
import type { CompareState, RunResult } from '../../media/shared/compareMessages';
import { costRatioText, identicalText, repeatStats, speedRatioText, spread, summarize } from '../../media/shared/compareSummary';
import { columnDiff, diffPair, emptyState, reduce, restoreState, settleInterrupted, shownRunIndex, wordDiff, type CompareAction } from '../../media/shared/compareViewModel';

/** A state with one column per model (ids c1, c2, …), nothing run yet. */
function stateWith(...models: string[]): CompareState {
	return reduce(emptyState(), {
		type: 'init',
		state: {
			version: 1,
			prompt: { name: 'summarize' },
			inputs: { topic: 'tides' },
			columns: models.map((model, i) => ({ id: `c${i + 1}`, target: { model }, runs: [] })),
			output: {},
			ui: { raw: [], shownRun: {} },
		},
	});
}

function result(extra: Partial<RunResult> = {}): RunResult {
	return { status: 'ok', output: 'answer', startedAt: '2026-11-26T10:00:00.000Z', totalMs: 1000, attempts: 1, finishReason: 'stop', ...extra };
}

function apply(state: CompareState, ...actions: CompareAction[]): CompareState {
	return actions.reduce(reduce, state);
}

/** One finished run in column `id` (run 0). */
function finished(state: CompareState, id: string, extra: Partial<RunResult>): CompareState {
	return apply(state, { type: 'runStarted', columnId: id, runIndex: 0 }, { type: 'runFinished', columnId: id, runIndex: 0, result: result(extra) });
}

const view = (state: CompareState, id: string) => {
	const column = state.columns.find((c) => c.id === id);
	assert.ok(column, `column ${id}`);
	return columnView(state, column, summarize(state).rows.find((r) => r.columnId === id));
};
const metric = (state: CompareState, id: string, label: string) => view(state, id).metrics.find((m) => m.label === label)?.value;

test('deltas stream into the run; first-token sets the TTFT; the result completes the column', () => {
	let state = stateWith('openai/gpt-4o-mini', 'openai/gpt-4o');
	state = apply(state,
		{ type: 'runStarted', columnId: 'c1', runIndex: 0 },
		{ type: 'runEvent', columnId: 'c1', runIndex: 0, event: { type: 'first-token', ms: 180 } },
		{ type: 'runEvent', columnId: 'c1', runIndex: 0, event: { type: 'delta', text: 'Tides are ' } },
		{ type: 'runEvent', columnId: 'c1', runIndex: 0, event: { type: 'delta', text: 'caused by the moon.' } });
	assert.equal(state.columns[0].runs[0].output, 'Tides are caused by the moon.');
	assert.equal(view(state, 'c1').phase, 'running');
	assert.equal(view(state, 'c1').status, 'streaming');
	assert.equal(metric(state, 'c1', 'First token'), '180 ms');
	assert.equal(metric(state, 'c1', 'Latency'), '—');
	assert.equal(view(state, 'c2').phase, 'idle');

	state = reduce(state, { type: 'runFinished', columnId: 'c1', runIndex: 0, result: result({ output: 'Tides are caused by the moon.', totalMs: 1250, firstTokenMs: 180, usage: { inputTokens: 1234, outputTokens: 56, cachedInputTokens: 1024 }, cost: 0.000219, finishReason: 'stop' }) });
	assert.equal(view(state, 'c1').phase, 'ok');
	assert.deepEqual(view(state, 'c1').metrics, [
		{ label: 'First token', value: '180 ms' },
		{ label: 'Latency', value: '1.25 s' },
		{ label: 'Tokens in', value: '1,234 (1,024 cached)' },
		{ label: 'Tokens out', value: '56' },
		{ label: 'Cost', value: '$0.000219' },
		{ label: 'Finish reason', value: 'stop' },
	]);
});

test('messages for unknown columns leave the state untouched (the same object)', () => {
	const state = stateWith('a/x');
	assert.equal(reduce(state, { type: 'runEvent', columnId: 'nope', runIndex: 0, event: { type: 'delta', text: 'x' } }), state);
	assert.equal(reduce(state, { type: 'setBaseline', columnId: 'nope' }), state);
	assert.equal(reduce(state, { type: 'selectDiff', left: 'c1', right: 'nope' }), state);
	assert.equal(reduce(state, { type: 'rerun', columnId: 'c1' }), state);
});

test('only the column that changed gets a new object (the DOM layer re-renders by identity)', () => {
	const state = stateWith('a/x', 'b/y');
	const next = reduce(state, { type: 'runEvent', columnId: 'c2', runIndex: 0, event: { type: 'delta', text: 'hi' } });
	assert.equal(next.columns[0], state.columns[0]);
	assert.notEqual(next.columns[1], state.columns[1]);
	assert.equal(next.columns[1].runs[0].phase, 'running', 'a delta before runStarted still shows as running');
});

test('a failing column shows its error while the others go on', () => {
	let state = stateWith('a/x', 'b/y');
	state = finished(state, 'c1', { status: 'error', output: '', totalMs: 40, error: { kind: 'auth', message: 'The API key for openai was rejected (401).' }, finishReason: undefined });
	state = apply(state, { type: 'runStarted', columnId: 'c2', runIndex: 0 }, { type: 'runEvent', columnId: 'c2', runIndex: 0, event: { type: 'delta', text: 'still going' } });
	assert.equal(view(state, 'c1').status, 'error');
	assert.equal(view(state, 'c1').error, 'The API key for openai was rejected (401).');
	assert.equal(view(state, 'c2').status, 'streaming');
	assert.equal(view(state, 'c2').output, 'still going');
	// An error run is neither cheapest nor fastest, however quick it failed.
	assert.equal(summarize(state).rows[0].fastest, false);
});

test('a retry restarts the answer and says why in the status', () => {
	const state = apply(stateWith('a/x'),
		{ type: 'runStarted', columnId: 'c1', runIndex: 0 },
		{ type: 'runEvent', columnId: 'c1', runIndex: 0, event: { type: 'retry', attempt: 2, delayMs: 1500, reason: 'Rate limited (429).' } });
	assert.equal(view(state, 'c1').status, 'retrying (attempt 2) in 1.5 s: Rate limited (429).');
	assert.equal(metric(state, 'c1', 'Attempts'), '2');
	const streaming = reduce(state, { type: 'runEvent', columnId: 'c1', runIndex: 0, event: { type: 'delta', text: 'ok' } });
	assert.equal(view(streaming, 'c1').status, 'streaming');
	assert.equal(statusText(undefined), 'not run');
});

test('ratios to the baseline: "4.8× the cost, 1.9× slower" and "0.5× the cost, 1.2× faster"; cheapest and fastest', () => {
	let state = stateWith('base/m', 'pricey/m', 'cheap/m');
	state = finished(state, 'c1', { cost: 0.001, totalMs: 1000 });
	state = finished(state, 'c2', { cost: 0.0048, totalMs: 1900 });
	state = finished(state, 'c3', { cost: 0.0005, totalMs: 830 });
	const rows = summarize(state).rows;
	assert.deepEqual(rows.map((r) => r.versusBaseline), ['baseline', '4.8× the cost, 1.9× slower', '0.5× the cost, 1.2× faster']);
	assert.deepEqual(rows.map((r) => [r.cheapest, r.fastest]), [[false, false], [false, false], [true, true]]);
	assert.equal(view(state, 'c2').versusBaseline, '4.8× the cost, 1.9× slower');

	const rebased = reduce(state, { type: 'setBaseline', columnId: 'c2' });
	assert.deepEqual(summarize(rebased).rows.map((r) => r.versusBaseline), ['0.21× the cost, 1.9× faster', 'baseline', '0.1× the cost, 2.3× faster']);
});

test('ratio wording at the edges', () => {
	assert.equal(costRatioText(0.002, 0.002), 'the same cost');
	assert.equal(costRatioText(0.01, 0), '$0.01 more (the baseline is free)');
	assert.equal(costRatioText(0, 0), 'the same cost');
	assert.equal(costRatioText(undefined, 0.1), undefined);
	assert.equal(costRatioText(0.48, 0.01), '48× the cost');
	assert.equal(speedRatioText(1000, 1010), 'as fast');
	assert.equal(speedRatioText(500, 1000), '2× faster');
	assert.equal(speedRatioText(3000, 1000), '3× slower');
	assert.equal(speedRatioText(0, 1000), undefined);
});

test('without prices the ratio names the speed only; a single priced column is not "cheapest"', () => {
	let state = stateWith('local/llama', 'openai/gpt-4o');
	state = finished(state, 'c1', { totalMs: 2000 });
	state = finished(state, 'c2', { cost: 0.003, totalMs: 1000 });
	const rows = summarize(state).rows;
	assert.equal(rows[1].versusBaseline, '2× faster');
	assert.equal(rows[1].cheapest, false);
	assert.equal(rows[1].fastest, true);
	assert.equal(metric(state, 'c1', 'Cost'), 'unknown price');
	assert.equal(metric(state, 'c1', 'Tokens in'), 'not reported');
});

test('repeat: N runs per column with min/median/max of length, latency and cost, and identical answers', () => {
	let state = reduce(stateWith('a/x'), { type: 'batchStarted', columnId: 'c1', runs: 4 });
	assert.deepEqual(state.columns[0].runs.map((r) => r.phase), ['pending', 'pending', 'pending', 'pending']);
	const outputs = ['yes', 'yes', 'no way', 'yes'];
	outputs.forEach((output, i) => {
		state = apply(state, { type: 'runStarted', columnId: 'c1', runIndex: i }, { type: 'runFinished', columnId: 'c1', runIndex: i, result: result({ output, totalMs: [400, 100, 300, 200][i], cost: [0.004, 0.001, 0.003, 0.002][i] }) });
	});
	const stats = repeatStats(state.columns[0]);
	assert.deepEqual(stats, {
		runs: 4, ok: 4, finished: 4,
		length: { min: 3, median: 3, max: 6 },
		latencyMs: { min: 100, median: 250, max: 400 },
		cost: { min: 0.001, median: 0.0025, max: 0.004 },
		identical: 3, distinct: 2,
	});
	assert.equal(identicalText(stats), '3 of 4 answers identical');
	assert.deepEqual(view(state, 'c1').repeat, [
		{ label: 'Runs', value: '4 of 4 succeeded' },
		{ label: 'Length (min · median · max)', value: '3 chars · 3 chars · 6 chars' },
		{ label: 'Latency (min · median · max)', value: '100 ms · 250 ms · 400 ms' },
		{ label: 'Cost (min · median · max)', value: '$0.001 · $0.0025 · $0.004' },
		{ label: 'Answers', value: '3 of 4 answers identical' },
	]);
	// The summary uses each column's median.
	assert.equal(summarize(state).rows[0].latencyMs, 250);
	// The column shows the latest run unless the user picks one.
	assert.equal(shownRunIndex(state, state.columns[0]), 3);
	assert.equal(view(reduce(state, { type: 'showRun', columnId: 'c1', runIndex: 2 }), 'c1').output, 'no way');
});

test('repeat: failed runs are left out of the spreads; wording for all-identical and all-different', () => {
	let state = reduce(stateWith('a/x'), { type: 'batchStarted', columnId: 'c1', runs: 3 });
	state = apply(state,
		{ type: 'runFinished', columnId: 'c1', runIndex: 0, result: result({ output: 'a' }) },
		{ type: 'runFinished', columnId: 'c1', runIndex: 1, result: result({ status: 'error', output: '', error: { kind: 'server', message: 'boom' } }) });
	const stats = repeatStats(state.columns[0]);
	assert.equal(stats?.ok, 1);
	assert.equal(stats?.finished, 2);
	assert.equal(view(state, 'c1').repeat?.[0].value, '1 of 3 succeeded, 1 still running');
	assert.equal(identicalText({ ...stats!, ok: 3, identical: 3, distinct: 1 }), 'all 3 answers identical');
	assert.equal(identicalText({ ...stats!, ok: 3, identical: 1, distinct: 3 }), 'all 3 answers differ');
	assert.deepEqual(spread([]), undefined);
	assert.deepEqual(spread([5, undefined, 1, Number.NaN, 3]), { min: 1, median: 3, max: 5 });
});

test('a new batch drops the earlier runs and the picked run', () => {
	let state = finished(stateWith('a/x'), 'c1', { output: 'old' });
	state = reduce(state, { type: 'showRun', columnId: 'c1', runIndex: 0 });
	state = reduce(state, { type: 'batchStarted', columnId: 'c1', runs: 1 });
	assert.deepEqual(state.columns[0].runs, [{ phase: 'pending', output: '', retries: 0 }]);
	assert.deepEqual(state.ui.shownRun, {});
});

test('word diff of two columns (diffWords): what the right answer removes and adds', () => {
	let state = stateWith('a/x', 'b/y');
	state = finished(state, 'c1', { output: 'The quick brown fox jumps.' });
	state = finished(state, 'c2', { output: 'The slow brown fox jumps high.' });
	assert.deepEqual(diffPair(state), { left: 'c1', right: 'c2' });
	assert.deepEqual(columnDiff(state, 'c1', 'c2'), [
		{ kind: 'same', text: 'The ' },
		{ kind: 'removed', text: 'quick' },
		{ kind: 'added', text: 'slow' },
		{ kind: 'same', text: ' brown fox jumps ' },
		{ kind: 'added', text: 'high' },
		{ kind: 'same', text: '.' },
	]);
	assert.equal(columnDiff(state, 'c1', 'missing'), undefined);
	assert.deepEqual(wordDiff('same', 'same'), [{ kind: 'same', text: 'same' }]);
	// The pair follows the baseline until the user picks one.
	const third = finished(apply(stateWith('a/x', 'b/y', 'c/z'), { type: 'setBaseline', columnId: 'c3' }), 'c3', {});
	assert.deepEqual(diffPair(third), { left: 'c3', right: 'c1' });
	assert.deepEqual(diffPair(reduce(third, { type: 'selectDiff', left: 'c2', right: 'c1' })), { left: 'c2', right: 'c1' });
});

test('user actions: vote toggles, raw text per column, baseline', () => {
	let state = stateWith('a/x', 'b/y');
	state = reduce(state, { type: 'vote', columnId: 'c2' });
	assert.equal(state.vote, 'c2');
	assert.equal(summarize(state).rows[1].winner, true);
	state = reduce(state, { type: 'vote', columnId: null });
	assert.equal('vote' in state, false);
	state = apply(state, { type: 'toggleRaw', columnId: 'c1', raw: true }, { type: 'toggleRaw', columnId: 'c1', raw: true });
	assert.deepEqual(state.ui.raw, ['c1']);
	assert.equal(view(state, 'c1').raw, true);
	state = reduce(state, { type: 'toggleRaw', columnId: 'c1', raw: false });
	assert.deepEqual(state.ui.raw, []);
});

test('JSON columns are pretty-printed and checked only once the answer is complete', () => {
	let state = reduce(stateWith('a/x'), { type: 'schema', format: 'json', jsonSchema: { type: 'object', properties: { n: { type: 'integer' } }, required: ['n'] } });
	state = apply(state, { type: 'runStarted', columnId: 'c1', runIndex: 0 }, { type: 'runEvent', columnId: 'c1', runIndex: 0, event: { type: 'delta', text: '{"n": ' } });
	assert.equal(view(state, 'c1').json, undefined);
	assert.equal(view(state, 'c1').jsonPending, true);
	state = reduce(state, { type: 'runFinished', columnId: 'c1', runIndex: 0, result: result({ output: '{"n": 1.5}' }) });
	assert.deepEqual(view(state, 'c1').json, { ok: true, pretty: '{\n  "n": 1.5\n}', fenced: false, schemaChecked: true, problems: [{ path: '$.n', message: 'expected integer, got number' }] });
	// A variant with its own text output overrides the prompt's JSON.
	const text = reduce(state, { type: 'schema', columnId: 'c1', format: 'text', jsonSchema: null });
	assert.equal(view(text, 'c1').json, undefined);
});

test('the state survives JSON (setState, the serializer) and restoreState checks every field', () => {
	let state = stateWith('a/x', 'b/y');
	state = finished(state, 'c1', { usage: { inputTokens: 10, outputTokens: 2 }, cost: 0.0001, toolCalls: [{ name: 'search', arguments: '{}' }] });
	state = apply(state, { type: 'vote', columnId: 'c1' }, { type: 'toggleRaw', columnId: 'c2', raw: true }, { type: 'notice', notice: { level: 'info', message: 'Saved.' } });
	const copy = JSON.parse(JSON.stringify(state));
	assert.deepEqual(restoreState(copy), state);
	assert.deepEqual(restoreState(structuredClone(state)), state);

	for (const bad of [undefined, null, 42, 'x', [], {}, { version: 2, prompt: { name: 'p' } }, { version: 1, prompt: {} }]) {
		assert.equal(restoreState(bad), undefined, JSON.stringify(bad));
	}
	const messy = restoreState({
		version: 1,
		prompt: { name: 'p', path: 7 },
		inputs: 'nope',
		columns: [
			{ id: 'c1', target: { model: 'a/x', variant: '' }, runs: [{ phase: 'ok', output: 'hi', retries: -3, result: { status: 'ok', output: 'hi', totalMs: 5, cost: -1, usage: { inputTokens: '3', outputTokens: 1 }, attempts: 'x' } }, { phase: 'weird', output: '' }] },
			{ id: 'c1', target: { model: 'dup/x' }, runs: [] },
			{ id: 'c2', target: {}, runs: [] },
			{ id: '', target: { model: 'm' } },
		],
		baseline: 'c9',
		vote: 'c1',
		ui: { raw: ['c1', 'c1', 'zz'], shownRun: { c1: 0, zz: 1, c2: -1 }, diff: { left: 'c1', right: 'zz' } },
	});
	assert.deepEqual(messy, {
		version: 1,
		prompt: { name: 'p' },
		inputs: {},
		columns: [{ id: 'c1', target: { model: 'a/x' }, runs: [{ phase: 'ok', output: 'hi', retries: 0, result: { status: 'ok', output: 'hi', startedAt: '', totalMs: 5, attempts: 1 } }] }],
		output: {},
		vote: 'c1',
		ui: { raw: ['c1'], shownRun: { c1: 0 } },
	});
});

test('init replaces the state; an init without view choices keeps the webview\'s own', () => {
	let state = apply(stateWith('a/x', 'b/y'), { type: 'toggleRaw', columnId: 'c2', raw: true });
	const incoming = { version: 1, prompt: { name: 'other' }, inputs: {}, columns: [{ id: 'c2', target: { model: 'b/y' }, runs: [] }], output: {} };
	state = reduce(state, { type: 'init', state: incoming as unknown as CompareState });
	assert.equal(state.prompt.name, 'other');
	assert.deepEqual(state.ui, { raw: ['c2'], shownRun: {} });
	// A malformed init is ignored.
	assert.equal(reduce(state, { type: 'init', state: { version: 9 } as unknown as CompareState }), state);
});

test('after a window reload, runs that were in flight are marked cancelled and keep their text', () => {
	const state = apply(stateWith('a/x'), { type: 'runStarted', columnId: 'c1', runIndex: 0 }, { type: 'runEvent', columnId: 'c1', runIndex: 0, event: { type: 'delta', text: 'half' } });
	const settled = settleInterrupted(state);
	assert.equal(settled.columns[0].runs[0].phase, 'cancelled');
	assert.equal(settled.columns[0].runs[0].output, 'half');
	assert.match(view(settled, 'c1').error ?? '', /window reloaded/);
});

test('Export Markdown: summary table, vote, metrics and each answer in a fence it cannot close', () => {
	let state = stateWith('base/m', 'pipe|model');
	state = finished(state, 'c1', { output: 'Use ```code``` here', cost: 0.001, totalMs: 1000 });
	state = finished(state, 'c2', { output: 'ok', cost: 0.002, totalMs: 500 });
	state = reduce(state, { type: 'vote', columnId: 'c2' });
	const md = compareMarkdown(state);
	assert.match(md, /^# Comparison: summarize\n/);
	assert.match(md, /\| base\/m \| \$0\.001 \| 1\.00 s \| baseline \| baseline, cheapest \|/);
	assert.match(md, /\| pipe\\\|model \| \$0\.002 \| 500 ms \| 2× the cost, 2× faster \| fastest, winner \|/);
	assert.match(md, /Winner \(voted\): pipe\|model/);
	assert.match(md, /- Latency: 1\.00 s/);
	assert.match(md, /````text\nUse ```code``` here\n````/);
	assert.match(md, /"topic": "tides"/);
});
