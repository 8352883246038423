// Child process for codeCache.test.ts: loads argv[2] through the code cache in argv[3] and prints what happened.
import { loadWithCodeCache } from '../../server/src/host/loadWithCodeCache';

const use = loadWithCodeCache(process.argv[2], { dir: process.argv[3], writeAfterMs: 0 });
process.stdout.write(`${use}\n`);
// The cache is written on a timer that does not keep a process alive: this one waits for it.
setTimeout(() => undefined, 200);
