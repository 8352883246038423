// Runs diagnostics.lua in a headless Neovim (0.7+) against dist/server.js: one check, one verdict line.
//
// Usage, after `node esbuild.mjs --tests` (which also builds dist/server.js):
//   node out/test/e2e/neovim/runNeovim.js [fixture.prompt]
// Without an argument the check opens broken.prompt and expects a `template-syntax` diagnostic.
// Passing test/e2e/neovim/valid.prompt shows the check failing when that diagnostic never arrives.
// Environment: PROMPT_LENS_TIMEOUT_MS (how long Neovim waits for the diagnostic, default 15000),
// PROMPT_LENS_SERVER (the server bundle, default <repo>/dist/server.js), NVIM_BIN (the executable,
// default `nvim`; not `NVIM`, which Neovim itself sets for its child processes).
import { join } from 'node:path';
import { exitWith, runHeadlessCheck } from './headlessCheck';

exitWith(() =>
	runHeadlessCheck(
		{
			title: 'Neovim LSP diagnostics',
			bin: process.env.NVIM_BIN ?? 'nvim',
			installHint: 'Neovim is not installed. On Debian: apt-get install -y neovim (0.7 or newer).',
			// `-l` (run a Lua script) only exists from 0.9 on; dofile() works in 0.7.
			args: () => ['--headless', '--clean', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `lua dofile(os.getenv('PROMPT_LENS_NVIM_SCRIPT'))`],
			env: (home, root) => ({
				PROMPT_LENS_NVIM_SCRIPT: join(root, 'test', 'e2e', 'neovim', 'diagnostics.lua'),
				XDG_CACHE_HOME: join(home, 'cache'),
				XDG_STATE_HOME: join(home, 'state'),
				XDG_DATA_HOME: join(home, 'data'),
				XDG_CONFIG_HOME: join(home, 'config'),
			}),
			// Neovim's LSP client writes the server's stderr there (cache in 0.7, state from 0.8 on).
			logs: (home) => [join(home, 'cache', 'nvim', 'lsp.log'), join(home, 'state', 'nvim', 'lsp.log')],
		},
		process.argv[2],
	),
);
