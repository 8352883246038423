// A separate process appending run records to a history file, for the tests of parallel and killed writers.
// Usage: node historyWriter.js <file> <writer id> <output bytes> <records, or "forever">
import { appendRun } from '../../server/src/host/runHistory';
import type { RunRecord } from '../../server/src/core/run/runTypes';

/** The output of record `n` of writer `id`: its own label, padded to `bytes`, so a mixed-up record is visible. */
export function writerOutput(id: string, n: number, bytes: number): string {
	const label = `writer ${id} record ${n}:`;
	return label + id.slice(0, 1).repeat(Math.max(0, bytes - label.length));
}

export function writerRecord(id: string, n: number, bytes: number): RunRecord {
	return {
		version: 1,
		id: `${id}-${n}`,
		prompt: 'load.prompt',
		requestHash: 'f'.repeat(64),
		model: 'mock/mock-small',
		provider: 'mock',
		parameters: {},
		inputs: {},
		result: {
			status: 'ok',
			output: writerOutput(id, n, bytes),
			startedAt: '2026-12-04T00:00:00.000Z',
			totalMs: 1,
			attempts: 1,
		},
	};
}

async function main(): Promise<void> {
	const [file, id, bytes, count] = process.argv.slice(2);
	const forever = count === 'forever';
	for (let n = 0; forever || n < Number(count); n++) {
		await appendRun(file, writerRecord(id, n, Number(bytes)));
		if (forever) process.stdout.write(`${n}\n`);
	}
}

if (require.main === module) {
	main().catch((error) => {
		process.stderr.write(`${String(error)}\n`);
		process.exit(1);
	});
}
