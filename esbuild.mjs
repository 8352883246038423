// Builds the extension bundles (dist/client.js, dist/server.js, dist/cli.js) and, with --tests, the test tree into out/test.
import * as esbuild from 'esbuild';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

const args = new Set(process.argv.slice(2));
const production = args.has('--production');
const watch = args.has('--watch');

/** @type {esbuild.BuildOptions} */
const common = {
	bundle: true,
	platform: 'node',
	format: 'cjs',
	target: 'node20',
	sourcemap: !production,
	minify: production,
	logLevel: 'warning',
	define: { __SERVER_VERSION__: JSON.stringify(pkg.version) },
};

const bundles = [
	{ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
	{ ...common, entryPoints: ['server/src/main.ts'], outfile: 'dist/server.js' },
	{ ...common, entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
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
	// Tests load libraries from node_modules at run time; only our own sources are bundled in.
	packages: 'external',
};

const configs = args.has('--tests') ? [...bundles, tests] : bundles;

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
