// ESLint: typescript-eslint with type information for the rules that need it (floating promises), and the layer rules of
// ARCHITECTURE.md as import restrictions (test/unit/architecture.test.ts checks the same from the other side).
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'crypto', 'http', 'https', 'net', 'stream', 'url', 'util', 'worker_threads'];
/** Outside the core, only its public entry (server/src/core/index.ts); package.json's "sideEffects" lets each bundle drop what it does not use. */
const CORE_ENTRY = { regex: '(^|/)core/', message: 'Import the core through its public entry, server/src/core/index.ts.' };
const EDITOR_APIS = ['vscode', 'vscode-languageserver', 'vscode-languageserver/*', 'vscode-languageclient', 'vscode-languageclient/*', 'vscode-jsonrpc', 'vscode-jsonrpc/*'];

export default tseslint.config(
	{ ignores: ['dist/**', 'out/**', 'node_modules/**', 'test/fixtures/**', '**/*.mjs', '**/*.js'] },
	{
		files: ['**/*.ts'],
		extends: [tseslint.configs.base],
		languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
		rules: {
			// node:test's test() and describe() return promises the runner itself awaits.
			'@typescript-eslint/no-floating-promises': ['error', { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite', 'before', 'after'] }] }],
			'@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
			'@typescript-eslint/no-require-imports': 'error',
			'no-control-regex': 'error',
		},
	},
	{
		files: ['server/src/core/**/*.ts'],
		rules: {
			'no-restricted-imports': ['error', { patterns: [
				{ group: EDITOR_APIS, message: 'The core is a pure library: no editor or LSP APIs (ARCHITECTURE.md).' },
				{ group: ['node:fs', 'node:fs/*', 'fs', 'fs/*', 'node:child_process', 'child_process'], message: 'The core reads no files and starts no processes: the host passes what it needs.' },
				{ group: ['**/lsp/*', '**/host/*', '**/cli/*', '**/client/*'], message: 'The core depends on nothing outside it.' },
			] }],
		},
	},
	{
		files: ['media/src/**/*.ts', 'media/shared/**/*.ts'],
		rules: {
			'no-restricted-imports': ['error', { patterns: [
				{ group: [...NODE_BUILTINS, ...EDITOR_APIS], message: 'The webview runs in a browser: no node or editor APIs.' },
				{ group: ['**/server/src/lsp/**', '**/server/src/host/**', '**/server/src/cli/**', '**/client/src/**'], message: 'The webview imports no extension-host or server code.' },
				// The core's entry reaches node:crypto, which a browser bundle cannot resolve: only these browser-safe leaves.
				{ regex: 'server/src/core(?!/pricing$|/jsonSchemaCheck$|/run/runTypes$)(/|$)', message: 'The webview may use only core/pricing, core/jsonSchemaCheck and the run types (the core\'s entry is not browser-safe).' },
			] }],
		},
	},
	{
		files: ['server/src/**/*.ts'],
		ignores: ['server/src/core/**'],
		rules: {
			'no-restricted-imports': ['error', { patterns: [
				CORE_ENTRY,
				{ group: ['vscode', 'vscode-languageclient', 'vscode-languageclient/*'], message: 'The server and the CLI run without VS Code.' },
				{ group: ['**/client/src/**', '**/media/src/**'], message: 'The server depends on no client or webview code.' },
			] }],
		},
	},
	{
		files: ['client/src/**/*.ts'],
		rules: {
			'no-restricted-imports': ['error', { patterns: [
				CORE_ENTRY,
				{ group: ['**/media/src/**'], message: 'The extension host uses media/shared, never the webview\'s DOM code.' },
			] }],
		},
	},
);
