// The slow analysis off the request path: the shipped worker gives what the in-process runner gives, drops superseded
// jobs, survives its own death and falls back to the main thread when it cannot start.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { DEFAULT_SETTINGS, type CoreDiagnostic } from '../../server/src/core';
import type { AnalysisJob } from '../../server/src/host/analysisJob';
import { InProcessRunner, WorkerRunner } from '../../server/src/lsp/analysisRunner';
import { DIST } from '../support/paths';

const WORKER = join(DIST, 'analysisWorker.js');
const TEXT = '---\nmodel: openai/gpt-4o-mini\nconfig:\n  maxOutputTokens: 10000000\ninput:\n  default:\n    name: Ada\n---\nHello {{name}}, {{missing}}!\n';

function job(version: number, uri = 'untitled:a.prompt', text = TEXT): AnalysisJob {
	return { uri, version, text, settings: DEFAULT_SETTINGS, roots: [] };
}

const runners: WorkerRunner[] = [];
after(() => runners.forEach((r) => r.dispose()));

/** A runner ended after the tests (its worker's stdout pipe keeps a process alive). */
function workerRunner(script: string, log: (m: string) => void = () => undefined): WorkerRunner {
	const runner = new WorkerRunner(script, log, () => undefined);
	runners.push(runner);
	return runner;
}

function logger(): { lines: string[]; log: (m: string) => void } {
	const lines: string[] = [];
	return { lines, log: (m) => lines.push(m) };
}

/** A worker script of our own, for the ways a worker can fail. */
function fakeWorker(body: string): string {
	const file = join(mkdtempSync(join(tmpdir(), 'pl-worker-')), 'worker.js');
	writeFileSync(file, `const { parentPort } = require('node:worker_threads');\n${body}\n`);
	return file;
}

test('the worker renders, counts and lints exactly as the in-process runner does', async () => {
	const { log, lines } = logger();
	const runner = workerRunner(WORKER, log);
	const [viaWorker, inProcess] = await Promise.all([runner.run(job(1)), new InProcessRunner().run(job(1))]);
	assert.ok(viaWorker !== 'superseded' && viaWorker.estimate?.ok, JSON.stringify(viaWorker));
	assert.deepEqual(viaWorker, inProcess);
	assert.ok(viaWorker.estimate.primary.inputTokens > 5);
	assert.deepEqual(viaWorker.deferred.map((d) => d.code), ['max-output-exceeds-model', 'context-overflow']);
	assert.deepEqual(lines, []);
});

test('a job not yet sent is superseded by the newer version of its document; other documents keep theirs', async () => {
	const runner = workerRunner(WORKER);
	const results = await Promise.all([runner.run(job(1)), runner.run(job(1, 'untitled:b.prompt')), runner.run(job(2)), runner.run(job(3))]);
	// The first job was sent at once: rendered, or dropped if version 3 began before the worker rendered it.
	assert.ok(results[0] === 'superseded' || results[0].estimate?.ok, JSON.stringify(results[0]));
	assert.ok(results[1] && results[1] !== 'superseded');
	assert.equal(results[2], 'superseded');
	assert.ok(results[3] !== 'superseded' && results[3].estimate?.ok);
});

test('a file the server does not analyze (over promptLens.maxFileSize) has no estimate', async () => {
	const runner = workerRunner(WORKER);
	const big = { ...job(1), settings: { ...DEFAULT_SETTINGS, maxFileSize: 10 } };
	assert.deepEqual(await runner.run(big), { deferred: [], immediate: undefined });
});

test('a large document (a parse job): immediate diagnostics come back, its structure only when asked for', async () => {
	const runner = workerRunner(WORKER);
	const broken = `${TEXT}{{/nope}}\n`;
	const outcome = await runner.run({ ...job(4, 'untitled:big.prompt', broken), parse: true });
	assert.ok(outcome !== 'superseded');
	assert.ok(outcome.immediate?.some((d) => d.code === 'template-syntax'), JSON.stringify(outcome.immediate));
	const structure = await runner.structure('untitled:big.prompt', 4);
	assert.deepEqual(structure, await inProcessStructure({ ...job(4, 'untitled:big.prompt', broken), parse: true }));
	assert.equal(structure?.light.doc.text, '', 'the text stays on the main thread');
	assert.deepEqual(structure?.light.doc.nodes, []);
	assert.equal(await runner.structure('untitled:big.prompt', 3), undefined, 'not the version it kept');
	runner.drop('untitled:big.prompt');
	assert.equal(await runner.structure('untitled:big.prompt', 4), undefined, 'forgotten once the document closed');
});

async function inProcessStructure(parseJob: AnalysisJob) {
	const runner = new InProcessRunner();
	await runner.run(parseJob);
	return runner.structure(parseJob.uri, parseJob.version);
}

test('a parse job sends its immediate diagnostics ahead of the render; after a text edit, the last ones moved', async () => {
	const runner = workerRunner(WORKER);
	const uri = 'untitled:early.prompt';
	const text = `${TEXT}Some text.\n{{role "assistant"}}\n`;
	const edited = text.replace('Some text', 'Some more text');
	const events: string[] = [];
	const run = async (version: number, text: string) => {
		let early: CoreDiagnostic[] | undefined;
		const outcome = await runner.run({ ...job(version, uri, text), parse: true }, (found) => {
			events.push(`early ${version}`);
			early = found;
		});
		events.push(`done ${version}`);
		assert.ok(outcome !== 'superseded');
		assert.deepEqual(early, outcome.immediate);
		return early!;
	};
	const before = await run(1, text);
	const after = await run(2, edited);
	assert.deepEqual(events, ['early 1', 'done 1', 'early 2', 'done 2']);
	const role = (found: CoreDiagnostic[]) => found.find((d) => d.code === 'invalid-role')!;
	assert.equal(role(after).span.start, role(before).span.start + ' more'.length);
	assert.deepEqual(role(after).fixes![0].edits[0].span, role(after).span);
	const fresh = await new InProcessRunner().run({ ...job(2, uri, edited), parse: true });
	assert.deepEqual(after, fresh !== 'superseded' && fresh.immediate);
});

test('a document in pieces: the next job sends only the pieces that changed, and is analyzed as the whole text', async () => {
	const runner = workerRunner(WORKER);
	const uri = 'untitled:pieces.prompt';
	const pieces = [TEXT, 'Some text.\n', '{{role "assistant"}}\n', 'More text.\n'];
	const posted: unknown[] = [];
	const post = (runner as unknown as { post(request: unknown): void }).post.bind(runner);
	(runner as unknown as { post(request: unknown): void }).post = (request) => {
		posted.push(request);
		post(request);
	};
	await runner.run({ ...job(1, uri), text: pieces, parse: true });
	const edited = [pieces[0], 'Some other text.\n', pieces[2], pieces[3]];
	const outcome = await runner.run({ ...job(2, uri), text: edited, parse: true });
	const sent = posted.filter((r) => (r as { kind: string }).kind === 'analyze').map((r) => (r as { job: { text: unknown } }).job.text);
	assert.deepEqual(sent, [pieces, { head: 1, middle: ['Some other text.\n'], tail: 2 }]);
	const whole = await new InProcessRunner().run({ ...job(2, uri), text: edited.join(''), parse: true });
	assert.deepEqual(outcome, whole);
	assert.ok(outcome !== 'superseded' && outcome.immediate?.some((d) => d.code === 'invalid-role'));
});

test('a worker that dies in a job: that job reports it, the next job gets a new worker', async () => {
	const { log, lines } = logger();
	const script = fakeWorker(`parentPort.postMessage({ kind: 'ready' });
parentPort.on('message', (m) => { if (m.kind === 'analyze') process.exit(7); });`);
	const runner = workerRunner(script, log);
	for (const version of [1, 2]) {
		const outcome = await runner.run(job(version));
		assert.ok(outcome !== 'superseded' && outcome.estimate && !outcome.estimate.ok);
		assert.match(outcome.estimate.message, /stopped \(exit code 7\)/);
		assert.deepEqual(outcome.deferred.map((d) => [d.code, d.message]), [['render-failed', outcome.estimate.message]]);
	}
	assert.equal(lines.filter((l) => /restarted for the next edit/.test(l)).length, 2, lines.join('\n'));
});

test('a worker that dies and then cannot start again: the main thread takes every job, once', async () => {
	const { log, lines } = logger();
	// Begins nothing; dies 100 ms after its first job.
	const dying = fakeWorker("parentPort.postMessage({ kind: 'ready' });\nparentPort.on('message', () => setTimeout(() => process.exit(3), 100));");
	const runner = workerRunner(dying, log);
	const jobs = [job(1, 'untitled:a.prompt'), job(1, 'untitled:b.prompt'), job(2, 'untitled:a.prompt'), job(2, 'untitled:b.prompt')];
	const results = jobs.map((each) => runner.run({ ...each, parse: true }));
	await new Promise((resolve) => setTimeout(resolve, 30));
	// A restart now throws at once (no such script), from inside the loop that sends the waiting jobs.
	(runner as unknown as { script: string }).script = 'no-such-worker.js';
	const outcomes = await Promise.all(results);
	assert.equal(lines.filter((line) => line.includes('could not start')).length, 1, lines.join('\n'));
	assert.ok(outcomes.slice(2).every((o) => o !== 'superseded' && o.estimate?.ok), JSON.stringify(outcomes.slice(2)));
	assert.ok(await runner.structure('untitled:a.prompt', 2), 'the fallback keeps the newest parse of each document');
	assert.ok(await runner.structure('untitled:b.prompt', 2));
});

test('a worker that cannot start: every job runs on the main thread instead, and the log says so', async () => {
	const { log, lines } = logger();
	const runner = workerRunner(fakeWorker('throw new Error("no worker today");'), log);
	const outcome = await runner.run(job(1));
	assert.deepEqual(outcome, await new InProcessRunner().run(job(1)));
	assert.match(lines.join('\n'), /could not start .*no worker today.*main thread/s);
	assert.deepEqual(await runner.run(job(2)), outcome, 'later jobs too');
});
