// `npm run bench`: parse speed as a ratio to the floor any checker pays (Handlebars' parser + yaml), measured in the same run.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Handlebars from 'handlebars';
import { parseDocument } from 'yaml';
import { analyzePrompt, DEFAULT_SETTINGS } from '../../server/src/core';
import { FIXTURES, REPO_ROOT } from '../support/paths';

/**
 * Target: the full analysis (positions of every key and node, role sections, shape and brace checks) costs at
 * most this many times the bare parsers. Measured 2.4–3.8× on small files and ~1× on a 200 kB prompt (2 cores, idle).
 */
const TARGET_RATIO = 4;

function corpus(): { name: string; texts: string[] }[] {
	const read = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.prompt')).map((f) => readFileSync(join(dir, f), 'utf8'));
	const examples = [...read(join(REPO_ROOT, 'examples')), ...read(join(FIXTURES, 'dotprompt-examples'))].filter((t) => analyzePrompt(t, DEFAULT_SETTINGS).diagnostics.length === 0);
	const section = examples.map((t) => t.replace(/^---[\s\S]*?\n---\n/, '')).join('\n');
	const big = `---\nmodel: openai/gpt-4o\n---\n${section.repeat(Math.ceil(200_000 / section.length))}`;
	return [{ name: `examples (${examples.length} files)`, texts: examples }, { name: `one ${Math.round(big.length / 1000)} kB prompt`, texts: [big] }];
}

/** The bare minimum: split the frontmatter, parse it with yaml, parse the body with Handlebars. */
function peer(text: string): void {
	const match = /^---\s*\n([\s\S]*?)\n---\s*\n([\s\S]*)$/.exec(text);
	if (match) parseDocument(match[1]);
	Handlebars.parseWithoutProcessing(match ? match[2] : text);
}

function timePerRun(fn: () => void, minMs = 1000): number {
	// Warm up until the JIT has settled, so neither side is measured cold.
	const warm = performance.now();
	while (performance.now() - warm < minMs / 2) fn();
	let runs = 0;
	const start = performance.now();
	while (performance.now() - start < minMs) {
		fn();
		runs++;
	}
	return (performance.now() - start) / runs;
}

let failed = false;
for (const { name, texts } of corpus()) {
	const ours = timePerRun(() => texts.forEach((t) => analyzePrompt(t, DEFAULT_SETTINGS)));
	const floor = timePerRun(() => texts.forEach(peer));
	const ratio = ours / floor;
	const ok = ratio <= TARGET_RATIO;
	failed ||= !ok;
	console.log(`${name}: analyzePrompt ${ours.toFixed(3)} ms, handlebars+yaml ${floor.toFixed(3)} ms → ${ratio.toFixed(2)}× (target ≤ ${TARGET_RATIO}×) ${ok ? 'ok' : 'OVER TARGET'}`);
}
process.exitCode = failed ? 1 : 0;
