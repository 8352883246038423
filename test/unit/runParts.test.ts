// The run engine's pure parts: Retry-After and backoff, key redaction, tool-call assembly from stream chunks, cost of usage.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { costOf } from '../../server/src/core/run/engine';
import { backoffMs, retryAfterMs } from '../../server/src/core/run/retryPolicy';
import { redactSecrets } from '../../server/src/core/run/runErrors';
import type { RunEvent } from '../../server/src/core/run/runTypes';
import { emptyStreamState, readStream } from '../../server/src/core/run/streamReader';

const KEY = 'sk-test-Zq8wXv3LmN0pRt5yUi7oPa9s';

test('backoff without Retry-After stays between half and all of 0.5 s × 2^n, capped at 10 s', async () => {
	assert.deepEqual([1, 2, 3, 4, 5, 6, 7].map((n) => backoffMs(n, () => 0)), [250, 500, 1000, 2000, 4000, 5000, 5000]);
	assert.deepEqual([1, 2, 3].map((n) => backoffMs(n, () => 0.999999)), [500, 1000, 2000]);
});

test('retryAfterMs reads retry-after-ms, seconds and HTTP dates', () => {
	const h = (o: Record<string, string>) => ({ get: (n: string) => o[n] ?? null });
	assert.equal(retryAfterMs(h({ 'retry-after': '1.5' }), 0), 1500);
	assert.equal(retryAfterMs(h({ 'retry-after-ms': '250', 'retry-after': '9' }), 0), 250);
	assert.equal(retryAfterMs(h({ 'retry-after': 'Thu, 01 Jan 1970 00:00:05 GMT' }), 1000), 4000);
	assert.equal(retryAfterMs(h({ 'retry-after': 'Thu, 01 Jan 1970 00:00:05 GMT' }), 9000), 0);
	assert.equal(retryAfterMs(h({ 'retry-after': 'soon' }), 0), undefined);
	assert.equal(retryAfterMs(h({}), 0), undefined);
});

test('redactSecrets removes the key, fragments of it, and key-shaped words', () => {
	assert.equal(redactSecrets(`a ${KEY} b`, KEY), 'a [redacted] b');
	assert.equal(redactSecrets(`prefix "${KEY.slice(0, 12)}"`, KEY), 'prefix "[redacted]"');
	assert.equal(redactSecrets('leaked sk-proj-abcdefghijklmnop here', undefined), 'leaked [redacted] here');
	assert.equal(redactSecrets('a skeleton_keyboard_word stays', undefined), 'a skeleton_keyboard_word stays');
	assert.equal(redactSecrets('short words stay', 'k'), 'short words stay');
});

test('tool calls stream in pieces and are assembled; they count as output', async () => {
	const chunk = (delta: object, finish: string | null = null) => ({ id: 'c', object: 'chat.completion.chunk', created: 0, model: 'm', choices: [{ index: 0, delta, finish_reason: finish }] });
	async function* stream() {
		yield chunk({ role: 'assistant', tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'getWeather', arguments: '' } }] });
		yield chunk({ tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] });
		yield chunk({ tool_calls: [{ index: 0, function: { arguments: '"Paris"}' } }] });
		yield chunk({}, 'tool_calls');
	}
	const state = emptyStreamState();
	const events: RunEvent[] = [];
	await readStream(stream() as never, state, () => 42, (e) => events.push(e));
	assert.deepEqual(state.toolCalls, [{ name: 'getWeather', arguments: '{"city":"Paris"}' }]);
	assert.equal(state.finishReason, 'tool_calls');
	assert.equal(state.firstTokenMs, 42);
	assert.deepEqual(events, [{ type: 'first-token', ms: 42 }]);
});

test('costOf prices usage, cached input at its rate; undefined without a price', () => {
	assert.equal(costOf({ inputTokens: 1000, outputTokens: 100 }), undefined);
	assert.equal(costOf({ inputTokens: 1_000_000, outputTokens: 1_000_000 }, { inputPerMTok: 2, outputPerMTok: 8 }), 10);
	assert.equal(costOf({ inputTokens: 1_000_000, outputTokens: 0, cachedInputTokens: 500_000 }, { inputPerMTok: 2, outputPerMTok: 8, cachedInputPerMTok: 1 }), 1.5);
});
