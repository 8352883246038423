// No prompt stalls or crashes the checker: hostile shapes (at sizes that took tens of seconds before) and mutated real
// prompts go through everything `check` and `count` do, each within a few seconds and without throwing.
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { test } from 'node:test';
import fc from 'fast-check';
import {
	analyzePrompt,
	createTokenizer,
	DEFAULT_SETTINGS,
	deferredDiagnostics,
	estimatePrompt,
	loadCatalog,
} from '../../server/src/core';
import { HOSTILE_SHAPES, hostilePrompt, mutatedSeed } from '../support/hostilePrompts';

const SETTINGS = { ...DEFAULT_SETTINGS, maxFileSize: 2_000_000 };
const CONTEXT = { catalog: loadCatalog([]), tokenizer: createTokenizer(), settings: SETTINGS, today: '2026-12-04' };
/** Each input's whole check + count; generous for a loaded CI machine, far below the 30–90 s these shapes took. */
const MAX_MS = 5000;

/** What `check` and `count` run on one file (partials aside); resolves with the time taken. */
async function checkAndCount(text: string): Promise<number> {
	const start = performance.now();
	const parsed = analyzePrompt(text, SETTINGS, CONTEXT);
	if (!parsed.skipped) {
		const estimate = await estimatePrompt(parsed.doc, CONTEXT);
		await deferredDiagnostics(parsed.doc, estimate, { ...CONTEXT, immediate: parsed.diagnostics });
	}
	return performance.now() - start;
}

for (const [shape, make] of Object.entries(HOSTILE_SHAPES)) {
	test(`${shape}, about 300 kB: checked and counted within ${MAX_MS / 1000} s`, async () => {
		const per = make(100).length / 100;
		const text = make(Math.round(300_000 / per));
		const ms = await checkAndCount(text);
		assert.ok(ms < MAX_MS, `${shape} (${text.length} chars) took ${Math.round(ms)} ms`);
	});
}

test('random hostile shapes and mutated real prompts: never throw, never take more than a few seconds', async () => {
	await fc.assert(
		fc.asyncProperty(fc.oneof(hostilePrompt(3000), mutatedSeed), async (text) => {
			const ms = await checkAndCount(text);
			assert.ok(ms < MAX_MS, `took ${Math.round(ms)} ms on ${JSON.stringify(text.slice(0, 200))}…`);
		}),
		{ numRuns: 150 },
	);
});
