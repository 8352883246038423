// `npm start`: build and package Prompt Lens, then run it in a real VS Code (code-server 4.100.3) in the
// browser, opened on examples/. Stays in the foreground until Ctrl-C.
// Env: PORT (default 8080; the next free port is used when it is taken), PROMPT_LENS_CACHE.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
	cacheRoot,
	codeServerCli,
	ensureCodeServer,
	EXTENSION_ID,
	folderUrl,
	isolatedProfile,
	isPortFree,
	REPO_ROOT,
	startCodeServer,
} from './codeServer.mjs';

function step(title, command, args) {
	console.error(`\n> ${title}`);
	const started = Date.now();
	const result = spawnSync(command, args, { cwd: REPO_ROOT, stdio: 'inherit' });
	if (result.status !== 0) {
		console.error(`\n${title} failed (exit ${result.status ?? result.signal})`);
		process.exit(1);
	}
	console.error(`  (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

async function pickPort(wanted) {
	for (let port = wanted; port < wanted + 20; port++) {
		if (await isPortFree(port)) return port;
	}
	return 0; // let the OS choose
}

async function main() {
	const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
	step('npm run build', npm, ['run', 'build']);
	step('npm run package', npm, ['run', 'package']);
	const vsix = join(REPO_ROOT, 'prompt-lens.vsix');
	if (!existsSync(vsix)) throw new Error(`npm run package did not produce ${vsix}`);

	console.error('\n> code-server');
	const bin = await ensureCodeServer();

	// One persistent profile per checkout, outside the repo: settings and state survive restarts.
	const key = createHash('sha256').update(REPO_ROOT).digest('hex').slice(0, 12);
	const profile = isolatedProfile(join(cacheRoot(), 'start', key), {}, true);
	const install = await codeServerCli(bin, profile, ['--install-extension', vsix, '--force']);
	if (install.code !== 0) throw new Error(`installing ${vsix} failed:\n${install.stderr || install.stdout}`);
	console.error(`  installed ${EXTENSION_ID} from prompt-lens.vsix into ${profile.extensionsDir}`);

	let folder = join(REPO_ROOT, 'examples');
	if (!existsSync(folder)) {
		console.error(`  ${folder} does not exist; opening the repository instead`);
		folder = REPO_ROOT;
	}
	const wanted = Number(process.env.PORT) || 8080;
	const port = await pickPort(wanted);
	if (port !== wanted) console.error(`  port ${wanted} is busy; using ${port || 'a free port'}`);

	const server = await startCodeServer({ bin, profile, port, folder, stdio: 'inherit', timeoutMs: 60_000 });
	const url = folderUrl(server.url, folder);
	const bar = '='.repeat(Math.min(100, url.length + 4));
	console.log(`\n${bar}\n  Prompt Lens is running in code-server. Open:\n\n  ${url}\n\n  (Ctrl-C to stop)\n${bar}\n`);

	let stopping = false;
	const stop = async (code) => {
		if (stopping) return;
		stopping = true;
		await server.stop();
		process.exit(code);
	};
	process.on('SIGINT', () => void stop(0));
	process.on('SIGTERM', () => void stop(0));
	process.on('SIGHUP', () => void stop(0));
	const code = await server.exited;
	if (!stopping) {
		console.error(`code-server exited (code ${code})`);
		await stop(code === 0 ? 0 : 1);
	}
}

main().catch((error) => {
	console.error(`npm start: ${error instanceof Error ? error.message : String(error)}`);
	process.exit(1);
});
