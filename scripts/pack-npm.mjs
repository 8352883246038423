// Builds the npm package `prompt-lens` (the CLI and the language server, nothing of the VS Code client or webview)
// into out/npm: minified bundles from `node esbuild.mjs --npm`, a package.json derived from the extension's, the
// package README (server/npm/README.md) and the licence. With --pack it also runs `npm pack` there and prints the
// tarball's path and packed size on the last stdout line (as JSON), which the release workflow and the test use.
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, rmSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const OUT = 'out/npm';
const root = JSON.parse(readFileSync('package.json', 'utf8'));

rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
execFileSync(process.execPath, ['esbuild.mjs', '--npm'], { stdio: ['ignore', 'ignore', 'inherit'] });

const manifest = {
	name: 'prompt-lens',
	version: root.version,
	description:
		'Check, count, run and test Dotprompt (.prompt) files from the command line and CI, and a language server for ' +
		'Neovim, Emacs and any LSP editor.',
	keywords: ['dotprompt', 'prompt', 'llm', 'genkit', 'lint', 'language-server', 'lsp', 'tokens', 'eval'],
	license: root.license,
	repository: root.repository,
	homepage: root.homepage,
	bugs: root.bugs,
	engines: { node: '>=20' },
	bin: { 'prompt-lens': 'cli.js', 'prompt-lens-language-server': 'server.js' },
	files: ['cli.js', 'server.js', 'languageServer.js', 'analysisWorker.js', 'bpe-o200k_base.js', 'bpe-cl100k_base.js'],
};
for (const key of Object.keys(manifest)) if (manifest[key] === undefined) delete manifest[key];
writeFileSync(join(OUT, 'package.json'), `${JSON.stringify(manifest, null, '\t')}\n`);
copyFileSync('server/npm/README.md', join(OUT, 'README.md'));
copyFileSync('LICENSE', join(OUT, 'LICENSE'));

if (process.argv.includes('--pack')) {
	const out = execFileSync('npm', ['pack', '--json', '--pack-destination', '..'], { cwd: OUT, encoding: 'utf8' });
	const [packed] = JSON.parse(out);
	const tarball = join('out', packed.filename);
	process.stderr.write(
		`packed ${tarball}: ${(packed.size / 1e6).toFixed(2)} MB (${(packed.unpackedSize / 1e6).toFixed(2)} MB ` +
			`unpacked, ${packed.entryCount} files)\n`,
	);
	process.stdout.write(`${JSON.stringify({ tarball, size: packed.size, unpackedSize: packed.unpackedSize })}\n`);
}
