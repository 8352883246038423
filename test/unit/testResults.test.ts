// Test results on disk: written without keys, read back for --only-failed and as each compare column's pass rate.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { columnView } from '../../media/shared/columnView';
import { restoreState } from '../../media/shared/restoreState';
import type { RunResult, TestCase } from '../../server/src/core';
import { lastFailures, resultKey, saveTestResults, testsByModel } from '../../server/src/host/testResults';
import type { CaseResult } from '../../server/src/host/testRunner';

const KEY = 'sk-results-TEST-0123456789abcdef';

function result(root: string, name: string, model: string, pass: boolean): CaseResult {
	const run: RunResult = {
		status: 'ok',
		output: `answer with ${KEY}`,
		startedAt: '',
		totalMs: 5,
		attempts: 1,
		cost: 0.001,
	};
	const testCase: TestCase = { name, vars: {}, assert: [], span: { start: 0, end: 0 } };
	return {
		testFile: join(root, 'p', 'about.test.yaml'),
		case: testCase,
		model,
		runs: [{ result: run, pass, assertions: pass ? [] : [{ type: 'icontains', pass: false, reason: 'no' }] }],
		passRate: pass ? 1 : 0,
		pass,
		skipped: 0,
		cost: 0.001,
		timeMs: 5,
	};
}

test("saved without keys; the newest file gives each model's pass rate and the failures", () => {
	const root = mkdtempSync(join(tmpdir(), 'prompt-lens-results-'));
	saveTestResults(root, [result(root, 'old', 'a/m', false)], [KEY], Date.parse('2026-12-01T00:00:00Z'));
	saveTestResults(
		root,
		[result(root, 'one', 'a/m', true), result(root, 'two', 'a/m', false), result(root, 'one', 'b/m', true)],
		[KEY],
		Date.parse('2026-12-04T00:00:00Z'),
	);
	const files = readdirSync(join(root, '.prompt-lens', 'test-results'));
	assert.equal(files.length, 2);
	for (const f of files) assert.ok(!readFileSync(join(root, '.prompt-lens', 'test-results', f), 'utf8').includes(KEY));
	const byModel = testsByModel(root, 'p/about.test.yaml');
	assert.deepEqual(byModel.get('a/m'), {
		passed: 1,
		total: 2,
		failing: ['two › icontains'],
		at: '2026-12-04T00:00:00.000Z',
	});
	assert.deepEqual(byModel.get('b/m'), { passed: 1, total: 1, failing: [], at: '2026-12-04T00:00:00.000Z' });
	assert.deepEqual([...lastFailures(root)], [resultKey('p/about.test.yaml', 'two', 'a/m')]);
});

test('a compare column shows its tests beside cost and latency; restore keeps only well-formed test results', () => {
	const tests = { passed: 3, total: 4, failing: ['wrong answer › equals'], at: '2026-12-04T10:00:00.000Z' };
	const raw = {
		version: 1,
		prompt: { name: 'p.prompt', path: 'p.prompt' },
		inputs: {},
		output: {},
		columns: [
			{ id: 'c1', target: { model: 'a/m' }, runs: [], tests },
			{ id: 'c2', target: { model: 'b/m' }, runs: [], tests: { passed: 5, total: 2, at: 'x' } },
		],
		ui: { raw: [], shownRun: {} },
	};
	const state = restoreState(raw);
	assert.ok(state);
	assert.deepEqual(state.columns[0].tests, tests);
	assert.equal(state.columns[1].tests, undefined, 'more passed than run is not a result');
	const view = columnView(state, state.columns[0], undefined);
	assert.deepEqual(
		view.metrics.filter((m) => m.label === 'Tests' || m.label === 'Failing'),
		[
			{ label: 'Tests', value: '3/4 passed (2026-12-04)' },
			{ label: 'Failing', value: 'wrong answer › equals' },
		],
	);
});
