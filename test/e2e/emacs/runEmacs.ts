// Runs diagnostics.el in a batch-mode Emacs (28 + Debian elpa-eglot, or 29+) against dist/server.js.
//
// Usage, after `node esbuild.mjs --tests` (which also builds dist/server.js):
//   node out/test/e2e/emacs/runEmacs.js [fixture.prompt]
// Without an argument the check opens test/e2e/neovim/broken.prompt (shared with the Neovim check)
// and expects a `template-syntax` diagnostic; test/e2e/neovim/valid.prompt shows it failing.
// Environment: PROMPT_LENS_TIMEOUT_MS (how long Emacs waits for the diagnostic, default 15000),
// PROMPT_LENS_SERVER (the server bundle, default <repo>/dist/server.js), EMACS_BIN (default `emacs`),
// PROMPT_LENS_ELPA (where the elpa-* packages live, default /usr/share/emacs/site-lisp/elpa).
import { join } from 'node:path';
import { exitWith, runHeadlessCheck } from '../neovim/headlessCheck';

exitWith(() =>
	runHeadlessCheck(
		{
			title: 'Emacs Eglot diagnostics',
			bin: process.env.EMACS_BIN ?? 'emacs',
			installHint: 'Emacs is not installed. On Debian: apt-get install -y --no-install-recommends emacs-nox elpa-eglot.',
			args: (root) => ['--batch', '-Q', '-l', join(root, 'test', 'e2e', 'emacs', 'diagnostics.el')],
			// HOME keeps ~/.emacs.d (package state, caches) out of the user's folder.
			env: (home) => ({ HOME: home }),
			logs: () => [],
		},
		process.argv[2],
	),
);
