// The run history file: append-only JSON lines, tolerant reading, the response cache lookup, and that no key is ever written.
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DEFAULT_SETTINGS } from '../../server/src/core';
import { requestHash } from '../../server/src/core/run/requestHash';
import type { ProviderConfig, RunPlan, RunResult } from '../../server/src/core/run/runTypes';
import { appendRun, brokenLinesNote, findCached, historyFile, readHistory, readRuns, recordRun } from '../../server/src/host/runHistory';

const KEY = 'sk-test-4f9a1c2b7d8e6f0a3b5c';

const PROVIDER: ProviderConfig = { id: 'openai', baseURL: 'https://api.openai.com/v1', apiKeyEnv: 'OPENAI_API_KEY', origin: 'preset' };

function plan(text = 'Hello', prompt = 'prompts/hello.prompt'): RunPlan {
	return {
		prompt,
		model: 'openai/gpt-4o-mini',
		provider: 'openai',
		request: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: text }], temperature: 0.2, max_tokens: 50 },
		inputs: { name: 'Ada' },
		missingVariables: [],
		notes: [],
	};
}

function result(output: string, status: RunResult['status'] = 'ok'): RunResult {
	return { status, output, startedAt: '2026-11-26T10:00:00.000Z', totalMs: 120, firstTokenMs: 40, attempts: 1, usage: { inputTokens: 8, outputTokens: 2 }, cost: 0.000002, finishReason: 'stop' };
}

function tempFile(): string {
	return join(mkdtempSync(join(tmpdir(), 'prompt-lens-history-')), 'nested', 'dir', 'runs.jsonl');
}

test('historyFile is history.path under the folder, and undefined when history is disabled', () => {
	assert.equal(historyFile('/work/ws', DEFAULT_SETTINGS), join('/work/ws', '.prompt-lens', 'runs.jsonl'));
	assert.equal(historyFile('/work/ws', { ...DEFAULT_SETTINGS, 'history.path': 'logs/r.jsonl' }), join('/work/ws', 'logs', 'r.jsonl'));
	assert.equal(historyFile('/work/ws', { ...DEFAULT_SETTINGS, 'history.path': '/abs/r.jsonl' }), '/abs/r.jsonl');
	assert.equal(historyFile('/work/ws', { ...DEFAULT_SETTINGS, 'history.enabled': false }), undefined);
});

test('recordRun keeps the parameters without messages or model, and hashes the request with the baseURL', () => {
	const record = recordRun(plan(), PROVIDER, result('Hi'));
	assert.equal(record.version, 1);
	assert.match(record.id, /^[0-9a-f-]{36}$/);
	assert.notEqual(recordRun(plan(), PROVIDER, result('Hi')).id, record.id);
	assert.deepEqual(record.parameters, { temperature: 0.2, max_tokens: 50 });
	assert.equal(record.requestHash, requestHash(plan().request, PROVIDER.baseURL));
	assert.notEqual(record.requestHash, recordRun(plan(), { ...PROVIDER, baseURL: 'http://localhost:8000/v1' }, result('Hi')).requestHash);
	assert.deepEqual({ prompt: record.prompt, model: record.model, provider: record.provider, inputs: record.inputs }, { prompt: 'prompts/hello.prompt', model: 'openai/gpt-4o-mini', provider: 'openai', inputs: { name: 'Ada' } });
});

test('appendRun creates the folders and appends one line per run, never rewriting earlier ones', async () => {
	const file = tempFile();
	await appendRun(file, recordRun(plan('one'), PROVIDER, result('1')));
	const first = readFileSync(file, 'utf8');
	await appendRun(file, recordRun(plan('two'), PROVIDER, result('2')));
	const text = readFileSync(file, 'utf8');
	assert.ok(text.startsWith(first));
	assert.equal(text.split('\n').length, 3);
	assert.ok(text.endsWith('\n'));
	assert.deepEqual((await readRuns(file)).map((r) => r.result.output), ['1', '2']);
});

test('readRuns skips broken and foreign lines, and a record after a torn line is still whole', async () => {
	const file = tempFile();
	await appendRun(file, recordRun(plan(), PROVIDER, result('first')));
	appendFileSync(file, 'not json\n{"version":2,"id":"x"}\n\n[1,2]\n{"version":1,"id":"half","prom');
	await appendRun(file, recordRun(plan(), PROVIDER, result('after the torn line')));
	assert.deepEqual((await readRuns(file)).map((r) => r.result.output), ['first', 'after the torn line']);
	const read = await readHistory(file);
	assert.deepEqual(read.broken, [2, 3, 5, 6]);
	assert.equal(brokenLinesNote('runs.jsonl', read.broken), 'lines 2, 3, 5, 6 of runs.jsonl are not run records (cut off by an interrupted write, or edited) and were skipped');
	assert.deepEqual((await findCached(file, 'no such hash')).broken, [2, 3, 5, 6]);
});

test('readRuns filters by prompt, and a missing file has no runs', async () => {
	const file = tempFile();
	await appendRun(file, recordRun(plan('a', 'a.prompt'), PROVIDER, result('A')));
	await appendRun(file, recordRun(plan('b', 'b.prompt'), PROVIDER, result('B')));
	assert.deepEqual((await readRuns(file, 'b.prompt')).map((r) => r.result.output), ['B']);
	assert.deepEqual(await readRuns(join(tmpdir(), 'prompt-lens-no-such-dir', 'runs.jsonl')), []);
});

test('findCached picks the latest ok run with that hash, never a failed or a different one', async () => {
	const file = tempFile();
	const hash = requestHash(plan().request, PROVIDER.baseURL);
	await appendRun(file, recordRun(plan(), PROVIDER, result('old answer')));
	await appendRun(file, recordRun(plan(), PROVIDER, result('new answer')));
	await appendRun(file, recordRun(plan(), PROVIDER, result('cut off', 'incomplete')));
	await appendRun(file, recordRun(plan(), PROVIDER, { ...result(''), status: 'error', error: { kind: 'server', message: 'HTTP 500' } }));
	await appendRun(file, recordRun(plan('other text'), PROVIDER, result('other')));
	assert.equal((await findCached(file, hash)).record?.result.output, 'new answer');
	assert.equal((await findCached(file, requestHash(plan('never sent').request, PROVIDER.baseURL))).record, undefined);
	assert.deepEqual(await findCached(join(tmpdir(), 'prompt-lens-no-such-dir', 'runs.jsonl'), hash), { broken: [] });
});

test('a record that would contain a key is stored with the key redacted, never refused', async () => {
	const file = tempFile();
	assert.deepEqual(await appendRun(file, recordRun(plan(), PROVIDER, result('fine')), [KEY]), { redacted: false });
	assert.deepEqual(await appendRun(file, recordRun(plan(), PROVIDER, result(`the key is ${KEY}`)), [undefined, KEY]), { redacted: true });
	await appendRun(file, recordRun({ ...plan(), inputs: { token: KEY } }, PROVIDER, result('x')), [KEY]);
	const text = readFileSync(file, 'utf8');
	assert.ok(!text.includes(KEY));
	const runs = await readRuns(file);
	assert.deepEqual(runs.map((r) => r.result.output), ['fine', 'the key is [redacted]', 'x']);
	assert.deepEqual(runs[2].inputs, { token: '[redacted]' });
});

test('a key with characters JSON escapes is still caught; short placeholder keys do not block history', async () => {
	const file = tempFile();
	const quoted = 'sk-"quoted\\key-123';
	assert.deepEqual(await appendRun(file, recordRun(plan(), PROVIDER, result(`echo ${quoted}`)), [quoted]), { redacted: true });
	await appendRun(file, recordRun(plan(), PROVIDER, result('running on ollama')), ['ollama']);
	assert.deepEqual((await readRuns(file)).map((r) => r.result.output), ['echo [redacted]', 'running on ollama']);
});
