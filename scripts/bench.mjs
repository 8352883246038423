// `npm run bench`: every benchmark in turn (one that misses its goal does not stop the others), then a summary;
// exits 1 when any goal was missed.
import { spawnSync } from 'node:child_process';

const BENCHES = ['parse', 'tokens', 'lsp', 'compare', 'scaling'];
const missed = [];
for (const name of BENCHES) {
	console.log(`\n== ${name}`);
	const ran = spawnSync(process.execPath, [`out/test/bench/${name}.bench.js`], { stdio: 'inherit' });
	if (ran.status !== 0) missed.push(name);
}
console.log(`\n${missed.length === 0 ? 'every goal met' : `goals missed in: ${missed.join(', ')}`}`);
process.exitCode = missed.length === 0 ? 0 : 1;
