// Process entry of the language server (`node dist/server.js --stdio` or `--node-ipc`): runs the server bundle,
// dist/languageServer.js, through V8's code cache; it is kept this small so nothing here needs compiling.
import { join } from 'node:path';
import { defaultCacheDir, loadWithCodeCache } from './host/loadWithCodeCache';

// Two seconds in, the first diagnostics are out: the functions they ran are compiled, and go into the cache with the rest.
loadWithCodeCache(join(__dirname, 'languageServer.js'), { dir: defaultCacheDir(), writeAfterMs: 2000 });
