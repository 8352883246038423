// The server's code cache: the first start writes it, later starts use it, and a stale, corrupt or unwritable cache
// only costs the compile — the module always runs as `require` would run it.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { defaultCacheDir } from '../../server/src/host/loadWithCodeCache';

const PROBE = join(__dirname, '..', 'support', 'codeCacheProbe.js');
const work = mkdtempSync(join(tmpdir(), 'prompt-lens-code-cache-'));
after(() => rmSync(work, { recursive: true, force: true }));

/** A module that requires a neighbour and reports its own CommonJS bindings through a file. */
function writeModule(dir: string, greeting: string): string {
	mkdirSync(dir, { recursive: true });
	writeFileSync(join(dir, 'neighbour.js'), `module.exports = ${JSON.stringify(greeting)};\n`);
	const file = join(dir, 'bundle.js');
	const body = [
		"const { writeFileSync } = require('node:fs');",
		"const greeting = require('./neighbour.js');",
		'module.exports.loaded = true;',
		'const same = exports === module.exports;',
		"writeFileSync(__dirname + '/ran.json', JSON.stringify({ greeting, filename: __filename, same }));",
	];
	writeFileSync(file, `${body.join('\n')}\n`);
	return file;
}

/** Runs the probe without source maps (with them the cache is off): what it printed, what the module saw. */
function load(file: string, cacheDir: string): { use: string; ran: { greeting: string; filename: string; same: boolean } } {
	const use = execFileSync(process.execPath, [PROBE, file, cacheDir], { encoding: 'utf8' }).trim();
	return { use, ran: JSON.parse(readFileSync(join(file, '..', 'ran.json'), 'utf8')) };
}

test('the first load compiles and writes the cache; the next one uses it; the module runs the same both times', () => {
	const file = writeModule(join(work, 'a'), 'hello');
	const cache = join(work, 'a-cache');
	const first = load(file, cache);
	assert.equal(first.use, 'missing');
	assert.deepEqual(first.ran, { greeting: 'hello', filename: file, same: true });
	assert.equal(readdirSync(cache).length, 1);
	assert.deepEqual(load(file, cache), { ...first, use: 'used' });
});

test('a changed bundle gets a cache of its own, never the old one, which is removed', () => {
	const file = writeModule(join(work, 'b'), 'one');
	const cache = join(work, 'b-cache');
	load(file, cache);
	const [old] = readdirSync(cache);
	writeFileSync(join(cache, 'other-bundle-1234.bin'), 'another bundle\'s cache');
	writeModule(join(work, 'b'), 'two, longer');
	writeFileSync(file, `${readFileSync(file, 'utf8')}// changed\n`);
	const changed = load(file, cache);
	assert.equal(changed.use, 'missing');
	assert.equal(changed.ran.greeting, 'two, longer');
	const now = readdirSync(cache).sort();
	assert.equal(now.length, 2, now.join(', '));
	assert.ok(!now.includes(old) && now.includes('other-bundle-1234.bin'));
});

test('a corrupt cache is rejected by V8 and rewritten; the module still runs', () => {
	const file = writeModule(join(work, 'c'), 'hi');
	const cache = join(work, 'c-cache');
	load(file, cache);
	const [name] = readdirSync(cache);
	writeFileSync(join(cache, name), Buffer.alloc(4096, 7));
	const corrupt = load(file, cache);
	assert.equal(corrupt.use, 'rejected');
	assert.equal(corrupt.ran.greeting, 'hi');
	assert.equal(load(file, cache).use, 'used');
});

test('a cache folder that cannot be created leaves the module running, uncached', () => {
	const file = writeModule(join(work, 'd'), 'still here');
	const blocked = join(work, 'd-not-a-folder');
	writeFileSync(blocked, 'a file where the folder would go');
	assert.deepEqual(load(file, blocked).use, 'missing');
	assert.deepEqual(load(file, blocked).ran.greeting, 'still here');
});

test('the cache is per user: the client\'s storage, else the platform cache folder, never the temp folder', () => {
	assert.equal(defaultCacheDir({ PROMPT_LENS_CACHE_DIR: '/storage/prompt-lens' }), join('/storage/prompt-lens', 'code-cache'));
	if (process.platform === 'linux') {
		assert.equal(defaultCacheDir({ XDG_CACHE_HOME: '/xdg' }), join('/xdg', 'prompt-lens', 'code-cache'));
		assert.match(defaultCacheDir({}) ?? '', /\.cache\/prompt-lens\/code-cache$/);
	}
	assert.ok(!(defaultCacheDir({}) ?? '').startsWith(tmpdir()));
});
