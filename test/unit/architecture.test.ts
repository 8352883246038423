// Architecture invariants: the core stays a pure library; positions live only in the LSP adapters; the client never reaches into the server.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from '../support/paths';

const IMPORT = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function sources(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return sources(path);
		return name.endsWith('.ts') ? [path] : [];
	});
}

function imports(file: string): string[] {
	return [...readFileSync(file, 'utf8').matchAll(IMPORT)].map((m) => m[1] ?? m[2] ?? m[3]);
}

function violations(dir: string, forbidden: (specifier: string) => boolean): string[] {
	return sources(join(REPO_ROOT, dir)).flatMap((file) =>
		imports(file).filter(forbidden).map((specifier) => `${relative(REPO_ROOT, file)} imports ${specifier}`));
}

test('the scan finds imports (so the checks below can fail)', () => {
	assert.ok(imports(join(REPO_ROOT, 'server/src/server.ts')).includes('vscode-languageserver'));
});

test('server/src/core imports no vscode or LSP package', () => {
	assert.deepEqual(violations('server/src/core', (s) => /^(vscode|vscode-languageserver.*|vscode-languageclient.*|vscode-jsonrpc)$/.test(s)), []);
});

test('server/src/core does not read the environment or the process', () => {
	const offenders = sources(join(REPO_ROOT, 'server/src/core')).filter((file) => /\bprocess\.(env|argv|cwd|exit)\b/.test(readFileSync(file, 'utf8')));
	assert.deepEqual(offenders.map((f) => relative(REPO_ROOT, f)), []);
});

test('only server/src/lsp/convert.ts builds LSP positions and ranges', () => {
	const offenders = sources(join(REPO_ROOT, 'server/src'))
		.filter((file) => !file.endsWith(join('lsp', 'convert.ts')))
		.filter((file) => /\.positionAt\(|\.offsetAt\(\s*\{|Range\.create\(|Position\.create\(/.test(readFileSync(file, 'utf8')));
	assert.deepEqual(offenders.map((f) => relative(REPO_ROOT, f)), []);
});

test('the client imports from the server only the core (the run engine included), the shared protocol, and the node-side host modules it runs prompts and tests with', () => {
	// The run engine is core code the client runs itself, so keys never reach the server process; the executor and the
	// history are the node-only host modules the client and the CLI both run prompts with; the migration modules build
	// the same report for the workspace command as for prompt-lens migrate.
	assert.deepEqual(violations('client/src', (s) => s.includes('server/src') && !/server\/src\/(core(\/[\w]+){0,2}|protocol|host\/(runHistory|runExecutor|providerLimiter|testRunner|testResults|graders|migration|migrationMeasure))$/.test(s)), []);
});

test('the webview code (media/src, and media/shared that the extension host uses too) imports no vscode or Node module: it runs in a browser sandbox', () => {
	for (const dir of ['media/src', 'media/shared']) assert.deepEqual(violations(dir, (s) => /^(vscode.*|node:.*|fs|path|child_process)$/.test(s)), []);
});

test('outside the core, product code imports it only through its public entry (the webview: only the browser-safe pricing and run types)', () => {
	// One deliberate exception: the compare view loads the YAML reader lazily with require() on first use; a require of
	// the entry would bundle the whole core into the client.
	const deep = (s: string) => /(^|\/)core\//.test(s) && !s.endsWith('server/src/core/frontmatter');
	const outside = ['server/src/lsp', 'server/src/cli', 'server/src/host', 'client/src'].flatMap((dir) => violations(dir, deep));
	const top = sources(join(REPO_ROOT, 'server/src')).filter((f) => relative(join(REPO_ROOT, 'server/src'), f).indexOf('/') < 0)
		.flatMap((file) => imports(file).filter(deep).map((s) => `${relative(REPO_ROOT, file)} imports ${s}`));
	const webview = ['media/src', 'media/shared'].flatMap((dir) => violations(dir, (s) => /server\/src\/core(?!\/pricing$|\/jsonSchemaCheck$|\/run\/runTypes$)(\/|$)/.test(s)));
	assert.deepEqual([...outside, ...top, ...webview], []);
});

test('the client uses only media/shared from the webview side, never its DOM code', () => {
	assert.deepEqual(violations('client/src', (s) => s.includes('media/src')), []);
});
