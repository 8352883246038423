// Builds the extension bundles (dist/client.js, dist/server.js, dist/cli.js, the webview in dist/media) and, with --tests, the test tree into out/test.
import * as esbuild from 'esbuild';
import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

const args = new Set(process.argv.slice(2));
const production = args.has('--production');
const watch = args.has('--watch');

/**
 * Large JSON data (the model catalog) as `JSON.parse("…")`: V8 parses a JSON string much faster than the
 * equivalent object literal, which cuts the language server's start-up by ~20 ms.
 */
const jsonAsParse = {
	name: 'json-as-parse',
	setup(build) {
		build.onLoad({ filter: /catalog\.json$/ }, (args) => ({
			contents: `module.exports = JSON.parse(${JSON.stringify(JSON.stringify(JSON.parse(readFileSync(args.path, 'utf8'))))});`,
			loader: 'js',
		}));
	},
};

/**
 * The BPE rank tables ship as separate files the tokenizer requires on first use (compiling them at start-up took
 * ~370 ms of the server's cold start). Each is one base64 string literal, not gpt-tokenizer's array of 200k strings:
 * for every rank in order, a byte holding the token's length, then its bytes. V8 scans an ASCII string literal without
 * escapes far faster than it builds a 200k-element array, so first use loads in tens of milliseconds.
 */
const RANKS = ['o200k_base', 'cl100k_base'];
const RANKS_SPECIFIER = /^prompt-lens-bpe-ranks\/(o200k_base|cl100k_base)$/;
/** `prompt-lens-bpe-ranks/<name>` → `<dir>/bpe-<name>.js`: relative for the shipped bundles, absolute for tests. */
const lazyRanks = (dir) => ({
	name: 'lazy-bpe-ranks',
	setup(build) {
		build.onResolve({ filter: RANKS_SPECIFIER }, (args) => ({
			path: `${dir}/bpe-${args.path.split('/').pop()}.js`,
			external: true,
		}));
	},
});

/** Token byte lengths and bytes, as described above; refuses a table the tokenizer could not hold exactly. */
function compactRanks(name) {
	const ranks = createRequire(import.meta.url)(`gpt-tokenizer/bpeRanks/${name}`).default;
	const utf8 = new TextEncoder();
	const seen = new Set();
	const parts = [];
	for (const token of ranks) {
		const bytes = typeof token === 'string' ? utf8.encode(token) : Uint8Array.from(token);
		const key = Array.from(bytes).join(',');
		if (bytes.length === 0 || bytes.length > 255 || seen.has(key)) throw new Error(`${name}: unexpected token ${key}`);
		seen.add(key);
		parts.push(Uint8Array.of(bytes.length), bytes);
	}
	const base64 = Buffer.concat(parts).toString('base64');
	return `// ${name} BPE ranks (see esbuild.mjs compactRanks)\nmodule.exports = '${base64}';\n`;
}

/** Writes the rank files into a folder (atomically: tests may be reading the previous copy). */
function writeRanks(dir) {
	mkdirSync(dir, { recursive: true });
	for (const name of RANKS) {
		const file = join(dir, `bpe-${name}.js`);
		writeFileSync(`${file}.tmp`, compactRanks(name));
		renameSync(`${file}.tmp`, file);
	}
}

/** @type {esbuild.BuildOptions} */
const common = {
	plugins: [jsonAsParse, lazyRanks('.')],
	bundle: true,
	platform: 'node',
	format: 'cjs',
	target: 'node20',
	sourcemap: !production,
	minify: production,
	logLevel: 'warning',
	define: { __SERVER_VERSION__: JSON.stringify(pkg.version) },
};

/** The compare webview (browser code): dist/media/compare.js and compare.css, loaded by the panel under a strict CSP. */
const webview = {
	bundle: true,
	platform: 'browser',
	format: 'iife',
	target: 'chrome120',
	sourcemap: !production,
	minify: production,
	logLevel: 'warning',
	entryPoints: { compare: 'media/src/main.ts' },
	outdir: 'dist/media',
};

const bundles = [
	{ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
	{ ...common, entryPoints: ['server/src/serverLoader.ts'], outfile: 'dist/server.js' },
	{ ...common, entryPoints: ['server/src/main.ts'], outfile: 'dist/languageServer.js' },
	{ ...common, entryPoints: ['server/src/analysisWorker.ts'], outfile: 'dist/analysisWorker.js' },
	{ ...common, entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
	webview,
];

/** Every .ts file under test/ that is a test or an entry point the harness loads by path. */
function testEntries(dir) {
	const out = [];
	for (const name of readdirSync(dir)) {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) {
			if (name !== 'fixtures') out.push(...testEntries(path));
		} else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) {
			out.push(path);
		}
	}
	return out;
}

const tests = {
	...common,
	sourcemap: true,
	minify: false,
	entryPoints: testEntries('test'),
	outdir: 'out/test',
	outbase: 'test',
	plugins: [jsonAsParse, lazyRanks(resolve('out/test'))],
	// Tests load libraries from node_modules at run time; only our own sources are bundled in.
	packages: 'external',
};

/**
 * --npm: the npm package's bundles (CLI and language server only, minified, no source maps) into out/npm, next to the
 * package.json that scripts/pack-npm.mjs writes; dist/ is left alone, since tests may be running its CLI meanwhile.
 */
const NPM_DIR = 'out/npm';
const npmBundles = [
	...bundles.filter((b) => /dist\/(server|languageServer|cli|analysisWorker)\.js$/.test(b.outfile ?? '')),
].map((b) => ({
	...b,
	outfile: b.outfile.replace(/^dist\//, `${NPM_DIR}/`),
	minify: true,
	sourcemap: false,
	// The package's bins, `prompt-lens` and `prompt-lens-language-server`; the bundles they load must not have one (the
	// code cache compiles languageServer.js inside a function, where `#!` is a syntax error).
	banner: /dist\/(server|cli)\.js$/.test(b.outfile) ? { js: '#!/usr/bin/env node' } : undefined,
}));

// --no-dist with --tests keeps the dist/ bundles as they are (e.g. the production build the benchmark measures).
const configs = args.has('--npm')
	? npmBundles
	: args.has('--tests')
		? [...(args.has('--no-dist') ? [] : bundles), tests]
		: bundles;

// The rank files are written, not bundled: next to the bundles that require them.
if (args.has('--npm')) writeRanks(NPM_DIR);
else {
	if (!args.has('--tests') || !args.has('--no-dist')) writeRanks('dist');
	if (args.has('--tests')) writeRanks('out/test');
}

if (watch) {
	for (const config of configs) {
		const ctx = await esbuild.context(config);
		await ctx.watch();
	}
	console.log('[watch] build started');
} else {
	const started = Date.now();
	await Promise.all(configs.map((config) => esbuild.build(config)));
	const what = configs.map((c) => c.outfile ?? relative('.', c.outdir)).join(', ');
	console.log(`built ${what} in ${Date.now() - started} ms`);
}
