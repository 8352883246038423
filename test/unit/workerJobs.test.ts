// The worker begins every job as it arrives and renders one at a time: a job whose document has a newer one by the
// time its turn comes is dropped, not rendered.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_SETTINGS } from '../../server/src/core';
import { AnalysisState, type AnalysisJob, type WorkerReply } from '../../server/src/host/analysisJob';
import { WorkerJobs } from '../../server/src/host/workerJobs';

function job(uri: string, version: number): AnalysisJob {
	const text = `---\nmodel: openai/gpt-5.4-mini-2026-03-17\n---\nHello {{role "assistant"}} v${version}\n`;
	return { uri, version, text, settings: DEFAULT_SETTINGS, roots: [], parse: true };
}

/** Runs `send` on a fresh WorkerJobs, then waits until `count` replies came; each reply as `kind id`. */
async function replies(count: number, send: (jobs: WorkerJobs) => void): Promise<{ seen: string[]; all: WorkerReply[] }> {
	const all: WorkerReply[] = [];
	let done: () => void = () => undefined;
	const enough = new Promise<void>((resolve) => (done = resolve));
	const jobs = new WorkerJobs(new AnalysisState(), (reply) => {
		all.push(reply);
		if (all.length === count) done();
	});
	send(jobs);
	await enough;
	return { seen: all.map((r) => `${r.kind} ${'id' in r ? r.id : ''}`), all };
}

test('every job is begun on arrival (diagnostics out); an older version waiting to render is dropped', async () => {
	const { seen, all } = await replies(6, (jobs) => {
		jobs.analyze(1, job('untitled:a.prompt', 1));
		jobs.analyze(2, job('untitled:b.prompt', 1));
		jobs.analyze(3, job('untitled:a.prompt', 2));
	});
	assert.deepEqual(seen, ['begun 1', 'begun 2', 'begun 3', 'superseded 1', 'done 2', 'done 3']);
	const first = all[0] as Extract<WorkerReply, { kind: 'begun' }>;
	assert.deepEqual(first.immediate?.map((d) => d.code), ['invalid-role']);
	const last = all[5] as Extract<WorkerReply, { kind: 'done' }>;
	assert.ok(last.outcome.estimate?.ok, 'the newest version is rendered and counted');
});

test('a document closed before its job rendered: the job is dropped', async () => {
	const { seen } = await replies(2, (jobs) => {
		jobs.analyze(7, job('untitled:c.prompt', 1));
		jobs.forget('untitled:c.prompt');
	});
	assert.deepEqual(seen, ['begun 7', 'superseded 7']);
});

test('in process too, a text edit\'s deferred parse yields to a newer version begun meanwhile', async () => {
	const state = new AnalysisState();
	const uri = 'untitled:k.prompt';
	const first = job(uri, 1);
	await state.run(first);
	const text = first.text as string;
	// A text edit: its diagnostics move, its parse waits for typing to pause; a tag added meanwhile is parsed at once.
	const edited = state.run({ ...first, version: 2, text: text.replace('Hello', 'Hello there') });
	const tagged = await state.run({ ...first, version: 3, text: `${text}{{name}}\n` });
	assert.equal(await edited, undefined, 'version 2 was superseded before its parse');
	assert.ok(tagged?.estimate?.ok);
	assert.ok(state.structure(uri, 3), 'the newest version stays the kept one');
});
