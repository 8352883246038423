// `npm run bench`: every benchmark in turn (one that misses a goal does not stop the others), then a summary of the
// goals missed — read from each line a benchmark prints ("OVER GOAL", "below goal", …), not only from exit codes.
import { spawnSync } from 'node:child_process';

const BENCHES = ['parse', 'tokens', 'render', 'lsp', 'compare', 'tests', 'scaling'];
const MISSED = /OVER GOAL|OVER TARGET|below goal|not met/i;
const missed = [];
for (const name of BENCHES) {
	console.log(`\n== ${name}`);
	const ran = spawnSync(process.execPath, [`out/test/bench/${name}.bench.js`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 1024 * 1024 });
	process.stdout.write(ran.stdout);
	const lines = ran.stdout.split('\n').filter((line) => MISSED.test(line));
	if (ran.status !== 0 && lines.length === 0) lines.push(`${name} exited with ${ran.status ?? ran.signal}`);
	missed.push(...lines.map((line) => `${name}: ${line}`));
}
console.log(missed.length === 0 ? '\nevery goal met' : `\n${missed.length} goal(s) missed:\n${missed.map((m) => `  ${m}`).join('\n')}`);
process.exitCode = missed.length === 0 ? 0 : 1;
