// One measurement for the scaling benchmark, in its own process (so a stalled case can be stopped):
// node scalingCase.js <shape> <n> → {"chars": …, "checkMs": …, "countMs": …} on stdout.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { checkFiles } from '../../server/src/cli/check';
import { countFile } from '../../server/src/cli/count';
import { DEFAULT_SETTINGS } from '../../server/src/core';
import { HOSTILE_SHAPES } from '../support/hostilePrompts';

/** The editor's default limit is lower; the checker must stay fast up to the sizes a CLI run accepts. */
const SETTINGS = { ...DEFAULT_SETTINGS, maxFileSize: 8_000_000 };

async function main(): Promise<void> {
	const [shape, size] = process.argv.slice(2);
	const text = HOSTILE_SHAPES[shape](Number(size));
	const dir = mkdtempSync(join(tmpdir(), 'prompt-lens-scaling-'));
	writeFileSync(join(dir, 'case.prompt'), text);
	const context = { cwd: dir, root: dir };
	// A tiny run first, so module loading and the tokenizer's first use are not measured.
	writeFileSync(join(dir, 'warm.prompt'), HOSTILE_SHAPES[shape](2));
	await checkFiles(['warm.prompt'], SETTINGS, context);
	await countFile({ file: 'warm.prompt', inputs: {}, json: true }, { ...context, settings: SETTINGS });
	let start = performance.now();
	const report = await checkFiles(['case.prompt'], SETTINGS, context);
	const checkMs = performance.now() - start;
	start = performance.now();
	const counted = await countFile({ file: 'case.prompt', inputs: {}, json: true }, { ...context, settings: SETTINGS });
	const countMs = performance.now() - start;
	process.stdout.write(
		`${JSON.stringify({ chars: text.length, checkMs, countMs, diagnostics: report.diagnostics.length, counted: counted.ok })}\n`,
	);
}

void main();
