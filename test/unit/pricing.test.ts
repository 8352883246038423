// Cost arithmetic and the number formats users read.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { estimateCost, formatCost, formatCount, formatPercent, formatRatio, formatTokens, formatWindow } from '../../server/src/core';

const close = (actual: number, expected: number) => assert.ok(Math.abs(actual - expected) < 1e-12, `${actual} ≠ ${expected}`);

test('cost per call is input and output at their per-million rates', () => {
	const cost = estimateCost({ inputTokens: 1000, outputTokens: 500 }, { inputPerMTok: 2.5, outputPerMTok: 10 });
	close(cost.input, 0.0025);
	close(cost.output, 0.005);
	close(cost.total, 0.0075);
	assert.equal(cost.tierAbove, undefined);
});

test('cached input tokens are billed at the cached rate, never more than the input', () => {
	const price = { inputPerMTok: 2.5, outputPerMTok: 10, cachedInputPerMTok: 1.25 };
	close(estimateCost({ inputTokens: 1000, outputTokens: 0, cachedInputTokens: 400 }, price).input, (600 * 2.5 + 400 * 1.25) / 1e6);
	close(estimateCost({ inputTokens: 1000, outputTokens: 0, cachedInputTokens: 5000 }, price).input, (1000 * 1.25) / 1e6);
	close(estimateCost({ inputTokens: 1000, outputTokens: 0, cachedInputTokens: 400 }, { inputPerMTok: 2, outputPerMTok: 8 }).input, 0.002);
});

test('a tier applies to the whole request once input exceeds its threshold', () => {
	const price = { inputPerMTok: 1.25, outputPerMTok: 10, tiers: [{ aboveInputTokens: 200_000, inputPerMTok: 2.5, outputPerMTok: 15 }] };
	const below = estimateCost({ inputTokens: 200_000, outputTokens: 1000 }, price);
	close(below.total, (200_000 * 1.25 + 1000 * 10) / 1e6);
	const above = estimateCost({ inputTokens: 200_001, outputTokens: 1000 }, price);
	close(above.total, (200_001 * 2.5 + 1000 * 15) / 1e6);
	assert.equal(above.tierAbove, 200_000);
});

test('the highest matching tier wins', () => {
	const price = { inputPerMTok: 1, outputPerMTok: 1, tiers: [{ aboveInputTokens: 10, inputPerMTok: 2, outputPerMTok: 2 }, { aboveInputTokens: 100, inputPerMTok: 3, outputPerMTok: 3 }] };
	assert.equal(estimateCost({ inputTokens: 500, outputTokens: 0 }, price).tierAbove, 100);
});

test('costs are formatted with three significant digits, small or large', () => {
	assert.equal(formatCost(0), '$0');
	assert.equal(formatCost(0.000123), '$0.000123');
	assert.equal(formatCost(0.0031), '$0.0031');
	assert.equal(formatCost(0.0075), '$0.0075');
	assert.equal(formatCost(0.05), '$0.05');
	assert.equal(formatCost(0.5), '$0.50');
	assert.equal(formatCost(1.234), '$1.23');
	assert.equal(formatCost(1234.5), '$1,235');
	assert.equal(formatCost(Number.NaN), '—');
});

test('counts in messages read as toLocaleString(\'en-US\') writes them, without loading ICU', () => {
	const samples = [0, 7, 999, 1000, 12_345, 1_000_000, 50_000_000, 2.5, 0.25, 1234.5678, 10_000.001, 987_654_321];
	for (const n of samples) assert.equal(formatCount(n), n.toLocaleString('en-US'), String(n));
});

test('tokens, windows, percentages and ratios read naturally', () => {
	assert.equal(formatTokens(1234), '1,234');
	assert.equal(formatWindow(128_000), '128k');
	assert.equal(formatWindow(131_072), '128k');
	assert.equal(formatWindow(16_385), '16k');
	assert.equal(formatWindow(1_048_576), '1M');
	assert.equal(formatWindow(2_000_000), '2M');
	assert.equal(formatWindow(200_000), '200k');
	assert.equal(formatPercent(0.01), '1.0%');
	assert.equal(formatPercent(0.0005), '0.05%');
	assert.equal(formatPercent(1.12), '112%');
	assert.equal(formatRatio(5), '5×');
	assert.equal(formatRatio(20 / 3), '6.7×');
	assert.equal(formatRatio(0.25), '0.25×');
	assert.equal(formatRatio(16.7), '17×');
});
