// `npm run bench`: no prompt stalls the checker. Each hostile shape at n, 2n and 4n (4n ≈ 1 MB), `check` and `count`
// each in a fresh process: time per doubling ≤ 2.5× (linear or n·log n) and ≤ 2 s at 1 MB. A case still running
// after 20 s is stopped and reported as over the goal.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { HOSTILE_SHAPES } from '../support/hostilePrompts';
import { REPO_ROOT } from '../support/paths';

const MAX_RATIO = 2.5;
const MAX_MS_AT_1MB = 2000;
const STOP_AFTER_MS = 20_000;
/** Below this, a time is timer and GC noise: ratios are taken with it as the floor. */
const NOISE_FLOOR_MS = 50;
/** Each size is measured this many times in fresh processes; the fastest counts (the others met other load). */
const REPEATS = 2;
const CASE = join(REPO_ROOT, 'out', 'test', 'bench', 'scalingCase.js');

interface Measured {
	chars: number;
	checkMs: number;
	countMs: number;
}

function measureOnce(shape: string, n: number): Measured | undefined {
	const ran = spawnSync(process.execPath, [CASE, shape, String(n)], { encoding: 'utf8', timeout: STOP_AFTER_MS });
	try {
		return JSON.parse(ran.stdout) as Measured;
	} catch {
		return undefined;
	}
}

function measure(shape: string, n: number): Measured | undefined {
	const first = measureOnce(shape, n);
	if (!first) return undefined;
	const runs = [first, ...Array.from({ length: REPEATS - 1 }, () => measureOnce(shape, n))].filter(
		(r): r is Measured => r !== undefined,
	);
	return {
		chars: first.chars,
		checkMs: Math.min(...runs.map((r) => r.checkMs)),
		countMs: Math.min(...runs.map((r) => r.countMs)),
	};
}

/** The n at which the shape's text is about 1 MB. */
function sizeFor1MB(shape: string): number {
	const per = HOSTILE_SHAPES[shape](1000).length / 1000;
	return Math.max(4, Math.round(1_000_000 / per));
}

function verdict(times: (number | undefined)[]): { text: string; ok: boolean } {
	if (times.some((t) => t === undefined))
		return {
			text: `${times.map((t) => (t === undefined ? `> ${STOP_AFTER_MS / 1000} s` : `${Math.round(t)} ms`)).join(' → ')}`,
			ok: false,
		};
	const [a, b, c] = times as number[];
	const floor = (t: number) => Math.max(t, NOISE_FLOOR_MS);
	const ratio = Math.max(floor(b) / floor(a), floor(c) / floor(b));
	const ok = ratio <= MAX_RATIO && c <= MAX_MS_AT_1MB;
	return {
		text: `${Math.round(a)} → ${Math.round(b)} → ${Math.round(c)} ms, ×${ratio.toFixed(1)} per doubling (times under ${NOISE_FLOOR_MS} ms count as ${NOISE_FLOOR_MS})`,
		ok,
	};
}

let failed = false;
const only = process.env.SHAPES?.split(',');
for (const shape of Object.keys(HOSTILE_SHAPES).filter((s) => !only || only.includes(s))) {
	const top = sizeFor1MB(shape);
	const runs = [Math.round(top / 4), Math.round(top / 2), top].map((n) => measure(shape, n));
	for (const phase of ['check', 'count'] as const) {
		const { text, ok } = verdict(runs.map((r) => (r ? r[`${phase}Ms`] : undefined)));
		failed ||= !ok;
		console.log(
			`scaling ${shape} (${phase}, ${Math.round((runs[2]?.chars ?? 1e6) / 1000)} kB at 4n): ${text} (goal ≤ ${MAX_RATIO}× per doubling, ≤ ${MAX_MS_AT_1MB / 1000} s at 1 MB) ${ok ? 'ok' : 'OVER GOAL'}`,
		);
	}
}
process.exitCode = failed ? 1 : 0;
