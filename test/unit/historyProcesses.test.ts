// The run history across processes: parallel writers with large records, a writer killed mid-line, and `run` stopped by signals.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { appendRun, readHistory } from '../../server/src/host/runHistory';
import { startMockOpenAI, type MockOpenAI } from '../support/mockOpenAI';
import { DIST, REPO_ROOT } from '../support/paths';
import { writerOutput, writerRecord } from '../support/historyWriter';

const WRITER = join(REPO_ROOT, 'out', 'test', 'support', 'historyWriter.js');

function exited(child: ChildProcess): Promise<number | null> {
	return new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? -1 : null))));
}

function tempHistory(): string {
	return join(mkdtempSync(join(tmpdir(), 'prompt-lens-writers-')), 'runs.jsonl');
}

test(
	'8 processes appending 2 MB records at once: every record whole, each with its own text',
	{ timeout: 60_000 },
	async () => {
		const file = tempHistory();
		const ids = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
		const bytes = 2 * 1024 * 1024;
		const children = ids.map((id) =>
			spawn(process.execPath, [WRITER, file, id, String(bytes), '2'], { stdio: 'inherit' }),
		);
		assert.deepEqual(
			await Promise.all(children.map(exited)),
			ids.map(() => 0),
		);
		const { records, broken } = await readHistory(file);
		assert.deepEqual(broken, []);
		assert.equal(records.length, ids.length * 2);
		for (const record of records) {
			const [id, n] = record.id.split('-');
			assert.equal(
				record.result.output === writerOutput(id, Number(n), bytes),
				true,
				`record ${record.id} holds another writer's text`,
			);
		}
		assert.equal(existsSync(`${file}.lock`), false, 'the lock file is removed');
	},
);

test(
	'a writer killed (SIGKILL) during a large append: the next writer takes over its lock, earlier records stay whole, the torn line is reported',
	{ timeout: 60_000 },
	async () => {
		const file = tempHistory();
		await appendRun(file, writerRecord('first', 0, 100));
		const child = spawn(process.execPath, [WRITER, file, 'killed', String(48 * 1024 * 1024), 'forever'], {
			stdio: ['ignore', 'pipe', 'inherit'],
		});
		await new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
		// Somewhere inside the next 48 MB append, with its lock held.
		await new Promise((resolve) => setTimeout(resolve, 30));
		child.kill('SIGKILL');
		await exited(child);
		const started = Date.now();
		await appendRun(file, writerRecord('after', 0, 100));
		assert.ok(Date.now() - started < 5000, "a dead writer's lock is taken over at once");
		const { records, broken } = await readHistory(file);
		assert.deepEqual([records[0].id, records.at(-1)!.id], ['first-0', 'after-0']);
		assert.ok(
			records.every((r) =>
				r.id.startsWith('killed')
					? r.result.output === writerOutput('killed', Number(r.id.split('-')[1]), 48 * 1024 * 1024)
					: true,
			),
		);
		assert.ok(broken.length <= 1, `broken lines: ${broken.join(', ')}`);
	},
);

let mock: MockOpenAI;
before(async () => {
	mock = await startMockOpenAI();
});
after(() => mock.close());

/** `dist/cli.js run` on a prompt whose answer stalls after a few chunks, so a signal lands mid-stream. */
async function stalledRun(): Promise<{ dir: string; child: ChildProcess; output: () => string }> {
	const dir = mkdtempSync(join(tmpdir(), 'prompt-lens-signal-'));
	writeFileSync(
		join(dir, '.promptlensrc.json'),
		JSON.stringify({ providers: [{ id: 'mock', baseURL: mock.baseURL }] }),
	);
	writeFileSync(join(dir, 'hello.prompt'), '---\nmodel: mock/mock-small\n---\nSay hello to the whole wide world.\n');
	mock.fault({ kind: 'stall', afterChunks: 2, ms: 20_000 });
	const child = spawn(process.execPath, [join(DIST, 'cli.js'), 'run', 'hello.prompt'], {
		cwd: dir,
		env: { ...process.env, XDG_CONFIG_HOME: dir },
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let text = '';
	child.stderr!.on('data', (c) => (text += String(c)));
	await new Promise<void>((resolve) =>
		child.stdout!.on('data', (c) => {
			text += String(c);
			if (text.includes('Say')) resolve();
		}),
	);
	return { dir, child, output: () => text };
}

function savedRuns(dir: string) {
	return readFileSync(join(dir, '.prompt-lens', 'runs.jsonl'), 'utf8')
		.trim()
		.split('\n')
		.map((line) => JSON.parse(line));
}

test(
	'SIGTERM mid-stream: the partial answer is saved to the history, marked cancelled; exit 143',
	{ timeout: 30_000 },
	async () => {
		const { dir, child, output } = await stalledRun();
		child.kill('SIGTERM');
		assert.equal(await exited(child), 143, output());
		const runs = savedRuns(dir);
		assert.equal(runs.length, 1);
		assert.equal(runs[0].result.status, 'cancelled');
		assert.match(runs[0].result.output, /^Echo: Say/);
	},
);

test('Ctrl-C pressed again and again: the run is still saved whole; exit 130', { timeout: 30_000 }, async () => {
	const { dir, child, output } = await stalledRun();
	const timer = setInterval(() => child.kill('SIGINT'), 2);
	const code = await exited(child);
	clearInterval(timer);
	assert.equal(code, 130, output());
	const runs = savedRuns(dir);
	assert.equal(runs.length, 1, output());
	assert.match(runs[0].result.output, /^Echo: Say/);
});
