// The run output tab's text (client/src/run/runReport.ts): header facts, partial output kept and marked, cached runs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runReport, viewOfPlan, viewOfRecord, type RunView } from '../../client/src/run/runReport';
import type { RunPlan, RunResult } from '../../server/src/core/run/runTypes';

const plan: RunPlan = {
	prompt: 'file:///w/hello.prompt',
	model: 'mock/mock-small',
	provider: 'mock',
	request: { model: 'mock-small', messages: [{ role: 'user', content: 'Say hi to Ada' }] },
	inputs: { name: 'Ada' },
	missingVariables: [],
	estimate: { inputTokens: 11, exact: false },
	price: { inputPerMTok: 1, outputPerMTok: 2 },
	notes: [],
};

const result = (over: Partial<RunResult>): RunResult => ({ status: 'ok', output: 'Echo: Say hi to Ada', startedAt: '2026-11-26T10:00:00.000Z', totalMs: 340, firstTokenMs: 120, attempts: 1, ...over });

function view(over: Partial<RunView> = {}): RunView {
	return { ...viewOfPlan('hello.prompt', plan, { id: 'mock', baseURL: 'http://127.0.0.1:9/v1' }, 'mock-small'), ...over };
}

test('a finished run: model, status, latencies, provider usage beside our estimate, cost with its price, finish reason', () => {
	const text = runReport(view({ result: result({ usage: { inputTokens: 12, outputTokens: 4 }, cost: 0.00002, finishReason: 'stop' }) }));
	assert.match(text, /^Prompt Lens run · hello\.prompt\n/);
	assert.match(text, /model {8}mock\/mock-small → mock-small at mock \(http:\/\/127\.0\.0\.1:9\/v1\)/);
	assert.match(text, /status {7}ok\n/);
	assert.match(text, /first token {2}120 ms/);
	assert.match(text, /latency {6}340 ms/);
	assert.match(text, /tokens {7}12 in \/ 4 out from the provider \(our estimate ≈ 11 in\)/);
	assert.match(text, /cost {9}\$0\.00002 \(at \$1\.00 in \/ \$2\.00 out per 1M tokens/);
	assert.match(text, /finish {7}stop/);
	assert.match(text, /retries {6}0/);
	assert.match(text, /inputs {7}name="Ada"/);
	assert.match(text, /─+\nEcho: Say hi to Ada\n$/);
});

test('while streaming: running, waiting for the first token, the output so far', () => {
	const text = runReport(view({ output: 'Echo: Sa' }));
	assert.match(text, /status {7}running…/);
	assert.match(text, /first token {2}waiting…/);
	assert.match(text, /Echo: Sa\n$/);
});

test('a stream that broke keeps its partial output under a clear INCOMPLETE marker', () => {
	const text = runReport(view({ result: result({ status: 'incomplete', output: 'Echo: Say', error: { kind: 'network', message: 'The connection closed mid-answer.' } }) }));
	assert.match(text, /status {7}INCOMPLETE — The connection closed mid-answer\./);
	assert.match(text, /Echo: Say\n─+\n■ INCOMPLETE: The connection closed mid-answer\. The output above is partial\.\n$/);
});

test('a failure names its kind and, for an unknown model, what the provider lists', () => {
	const text = runReport(view({ result: result({ status: 'error', output: '', firstTokenMs: undefined, error: { kind: 'not-found', status: 404, message: 'mock has no model mock-tiny.', availableModels: ['mock-small', 'mock-large'] } }) }));
	assert.match(text, /status {7}FAILED \(not-found\) — mock has no model mock-tiny\. Models this provider lists: mock-small, mock-large\./);
	assert.match(text, /■ FAILED \(not-found\)/);
	assert.match(text, /first token {2}—/);
});

test('a model list the message already gives is not repeated', () => {
	const message = 'mock has no model `mock-tiny` (HTTP 404). Did you mean `mock-small`? It lists: `mock-small`, `mock-large`.';
	const text = runReport(view({ result: result({ status: 'error', output: '', error: { kind: 'not-found', status: 404, message, availableModels: ['mock-small', 'mock-large'] } }) }));
	assert.ok(!text.includes('Models this provider lists'), text);
	assert.ok(text.includes(message));
});

test('retries are counted with the last reason and wait', () => {
	const text = runReport(view({ retries: [{ type: 'retry', attempt: 1, delayMs: 2000, reason: 'rate limited (429)' }], result: result({ attempts: 2 }) }));
	assert.match(text, /retries {6}1 \(last: rate limited \(429\), waited 2\.00 s\)/);
});

test('a cached answer says so and costs nothing now', () => {
	const text = runReport(view({ result: result({ cached: true, cost: 0, attempts: 0, usage: { inputTokens: 12, outputTokens: 4 } }) }));
	assert.match(text, /status {7}ok \(cached\)/);
	assert.match(text, /cost {9}\$0 \(cached: answered from the run history, nothing was sent\)/);
	assert.match(text, /cache {8}\(cached\)/);
});

test('a history record shows its cost without a plan\'s price', () => {
	const record = { version: 1 as const, id: 'r1', prompt: 'hello.prompt', requestHash: 'abcdef0123456789', model: 'mock/mock-small', provider: 'mock', parameters: {}, inputs: {}, result: result({ cost: 0.5, usage: { inputTokens: 1, outputTokens: 1 } }) };
	const text = runReport(viewOfRecord('hello.prompt', record));
	assert.match(text, /model {8}mock\/mock-small at mock\n/);
	assert.match(text, /cost {9}\$0\.50\n/);
	assert.match(text, /note {9}run r1 from the history \(request abcdef012345\)/);
});
