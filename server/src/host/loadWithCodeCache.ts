// Runs a CommonJS bundle through V8's code cache, so a start after the first skips compiling it (~30 ms of 1 MB).
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';

export interface CodeCacheOptions {
	/** Where cache files go; a folder only this user writes to (the cache holds code V8 runs). */
	readonly dir: string | undefined;
	/** Write the cache this long after the bundle ran, so the functions the start-up ran are in it too. */
	readonly writeAfterMs: number;
}

/** What happened to the cache, for tests and the log. */
export type CodeCacheUse = 'off' | 'used' | 'rejected' | 'missing';

/**
 * The per-user cache folder: `PROMPT_LENS_CACHE_DIR` (the VS Code client sets it to the extension's global storage),
 * else the platform's own cache folder. Never the shared temp folder: anyone could plant code there.
 */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
	if (env.PROMPT_LENS_CACHE_DIR) return join(env.PROMPT_LENS_CACHE_DIR, 'code-cache');
	const home = homedir();
	if (!home) return undefined;
	if (process.platform === 'win32') {
		return join(env.LOCALAPPDATA ?? join(home, 'AppData', 'Local'), 'prompt-lens', 'code-cache');
	}
	if (process.platform === 'darwin') return join(home, 'Library', 'Caches', 'prompt-lens', 'code-cache');
	return join(env.XDG_CACHE_HOME || join(home, '.cache'), 'prompt-lens', 'code-cache');
}

/**
 * V8 checks a cache against the source's length only, so the file name carries what else must match: the bundle's
 * path, size and modification time, and the V8 version and architecture that wrote it.
 */
function cacheFile(dir: string, file: string, size: number, mtimeMs: number): string {
	const key = [file, size, Math.round(mtimeMs), process.versions.v8, process.arch].join('\0');
	let hash = 0x811c9dc5;
	for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193) >>> 0;
	return join(dir, `${basename(file, '.js')}-${hash.toString(16)}.bin`);
}

function readCache(path: string): Buffer | undefined {
	try {
		return readFileSync(path);
	} catch {
		return undefined;
	}
}

function writeCache(path: string, script: Script, bundle: string): void {
	try {
		mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
		const temp = `${path}.${process.pid}.tmp`;
		writeFileSync(temp, script.createCachedData(), { mode: 0o600 });
		renameSync(temp, path);
		// The caches of earlier builds of this bundle (an update, a rebuild) would pile up: keep the newest only.
		const prefix = `${basename(bundle, '.js')}-`;
		for (const name of readdirSync(dirname(path))) {
			const stale = name.startsWith(prefix) && name.endsWith('.bin') && name !== basename(path);
			if (stale) rmSync(join(dirname(path), name), { force: true });
		}
	} catch {
		// A read-only or full disk only costs the next start its compile.
	}
}

/** Loads `file` as the module it would be under `require`, with the code cache when there is a folder for it. */
export function loadWithCodeCache(file: string, options: CodeCacheOptions): CodeCacheUse {
	// Source maps (tests, debugging) map only what `require` compiles: keep stack traces readable there.
	const moduleRequire = createRequire(file);
	if (!options.dir || process.sourceMapsEnabled) {
		moduleRequire(file);
		return 'off';
	}
	const source = readFileSync(file, 'utf8');
	const stat = statSync(file);
	const path = cacheFile(options.dir, file, stat.size, stat.mtimeMs);
	const cachedData = readCache(path);
	const script = new Script(Module.wrap(source), { filename: file, cachedData });
	const use: CodeCacheUse = cachedData === undefined ? 'missing' : script.cachedDataRejected ? 'rejected' : 'used';
	const module = new Module(file);
	module.filename = file;
	if (use !== 'used') setTimeout(() => writeCache(path, script, file), options.writeAfterMs).unref();
	(script.runInThisContext() as (...args: unknown[]) => void).call(
		module.exports, module.exports, moduleRequire, module, file, dirname(file),
	);
	return use;
}
