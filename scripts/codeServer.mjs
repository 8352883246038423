// Launching code-server (VS Code 1.100.3 in the browser) for `npm start`, and any installed version for the e2e tests.
// Plain ESM with JSDoc types: start.mjs imports it directly; the e2e harness (TypeScript, compiled to
// CJS by esbuild) loads it with a dynamic import() and types it with test/e2e/codeServerTypes.ts.
import { spawn, execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3';
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const EXTENSION_ID = 'prompt-lens.prompt-lens';

/** Cache folder outside the repo (same rule as scripts/install-code-server.sh). */
export function cacheRoot() {
	return (
		process.env.PROMPT_LENS_CACHE ||
		join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'prompt-lens')
	);
}

/** The code-server executable if the pinned version is installed (or $CODE_SERVER), else undefined. */
export function findCodeServer() {
	if (process.env.CODE_SERVER) return existsSync(process.env.CODE_SERVER) ? process.env.CODE_SERVER : undefined;
	const prefix = join(cacheRoot(), `code-server-${CODE_SERVER_VERSION}`);
	const bin = join(prefix, 'bin', 'code-server');
	return existsSync(bin) && existsSync(join(prefix, '.complete')) ? bin : undefined;
}

/** Runs scripts/install-code-server.sh (a no-op when installed) and returns the executable's path. */
export function ensureCodeServer() {
	return new Promise((resolvePath, reject) => {
		const child = spawn('bash', [join(REPO_ROOT, 'scripts', 'install-code-server.sh')], {
			stdio: ['ignore', 'pipe', 'inherit'],
		});
		let out = '';
		child.stdout.on('data', (d) => (out += d));
		child.on('error', reject);
		child.on('close', (code) => {
			const last = out.trim().split('\n').pop() ?? '';
			if (code === 0 && last && existsSync(last)) resolvePath(last);
			else reject(new Error(`scripts/install-code-server.sh failed (exit ${code})`));
		});
	});
}

/** User settings that keep a fresh profile quiet: no trust prompt, welcome page, telemetry or updates. */
export const QUIET_SETTINGS = {
	'security.workspace.trust.enabled': false,
	'security.workspace.trust.startupPrompt': 'never',
	'security.workspace.trust.banner': 'never',
	'security.workspace.trust.emptyWindow': true,
	'workbench.startupEditor': 'none',
	'workbench.welcomePage.walkthroughs.openOnInstall': false,
	'workbench.tips.enabled': false,
	'workbench.enableExperiments': false,
	'telemetry.telemetryLevel': 'off',
	'extensions.autoUpdate': false,
	'extensions.autoCheckUpdates': false,
	'extensions.ignoreRecommendations': true,
	'update.mode': 'none',
	'update.showReleaseNotes': false,
	'git.openRepositoryInParentFolders': 'never',
	'chat.commandCenter.enabled': false,
};

/**
 * Writes <userDataDir>/User/settings.json (code-server keeps user settings there).
 * With `keepExisting`, settings already in the file (a persistent profile the user changed) win.
 */
export function writeUserSettings(userDataDir, extra = {}, keepExisting = false) {
	const dir = join(userDataDir, 'User');
	const file = join(dir, 'settings.json');
	mkdirSync(dir, { recursive: true });
	let existing = {};
	if (keepExisting && existsSync(file)) {
		try {
			existing = JSON.parse(readFileSync(file, 'utf8'));
		} catch {
			return; // JSONC with comments or hand-edited: leave it alone
		}
	}
	writeFileSync(file, JSON.stringify({ ...QUIET_SETTINGS, ...extra, ...existing }, null, '\t') + '\n');
}

/**
 * An isolated profile under `root`: extensions, user data and XDG folders, quiet settings.
 * @returns {{ extensionsDir: string, userDataDir: string, configFile: string, env: NodeJS.ProcessEnv }}
 */
export function isolatedProfile(root, settings = {}, keepExistingSettings = false) {
	const extensionsDir = join(root, 'extensions');
	const userDataDir = join(root, 'user-data');
	const xdg = {
		XDG_CONFIG_HOME: join(root, 'xdg', 'config'),
		XDG_DATA_HOME: join(root, 'xdg', 'data'),
		XDG_CACHE_HOME: join(root, 'xdg', 'cache'),
		XDG_STATE_HOME: join(root, 'xdg', 'state'),
	};
	for (const d of [extensionsDir, userDataDir, ...Object.values(xdg)]) mkdirSync(d, { recursive: true });
	writeUserSettings(userDataDir, settings, keepExistingSettings);
	const configFile = join(root, 'config.yaml');
	writeFileSync(configFile, 'auth: none\ncert: false\n');
	const env = { ...process.env, ...xdg };
	// code-server lets $PORT override --bind-addr's port and reads $PASSWORD: keep both out.
	delete env.PORT;
	delete env.PASSWORD;
	delete env.HASHED_PASSWORD;
	return { extensionsDir, userDataDir, configFile, env };
}

/** Arguments every launch and CLI call shares. */
function profileArgs(profile) {
	return [
		'--config', profile.configFile,
		'--extensions-dir', profile.extensionsDir,
		'--user-data-dir', profile.userDataDir,
	];
}

/** Runs a code-server CLI command (install/list extensions) and resolves with its output. */
export function codeServerCli(bin, profile, args, timeoutMs = 120_000) {
	return new Promise((resolveRun) => {
		execFile(
			bin,
			[...profileArgs(profile), ...args],
			{ env: profile.env, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024, killSignal: 'SIGKILL' },
			(error, stdout, stderr) => {
				const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
				resolveRun({ code, stdout: String(stdout), stderr: String(stderr) });
			},
		);
	});
}

/** True when nothing listens on host:port. */
export function isPortFree(port, host = '127.0.0.1') {
	return new Promise((done) => {
		const server = createServer();
		server.once('error', () => done(false));
		server.listen(port, host, () => server.close(() => done(true)));
	});
}

/**
 * Starts code-server in its own process group and waits until it listens.
 * @param {object} o
 * @param {string} o.bin
 * @param {ReturnType<typeof isolatedProfile>} o.profile
 * @param {number} [o.port] 0 = let the OS pick
 * @param {string} [o.folder] folder to open by default
 * @param {string[]} [o.extraArgs]
 * @param {(line: string) => void} [o.onLog]
 * @param {'pipe' | 'inherit'} [o.stdio]
 * @param {number} [o.timeoutMs]
 * @returns {Promise<{ port: number, url: string, pid: number, output: () => string, stop: () => Promise<void>, exited: Promise<number | null> }>}
 */
export function startCodeServer(o) {
	const args = [
		...profileArgs(o.profile),
		'--auth', 'none',
		'--bind-addr', `127.0.0.1:${o.port ?? 0}`,
		'--disable-telemetry',
		'--disable-update-check',
		'--disable-workspace-trust',
		'--disable-getting-started-override',
		'--ignore-last-opened',
		...(o.extraArgs ?? []),
		...(o.folder ? [o.folder] : []),
	];
	const child = spawn(o.bin, args, {
		env: o.profile.env,
		detached: true, // own process group: stop() kills code-server, its extension hosts and language servers
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let output = '';
	let exitCode;
	const exited = new Promise((done) => child.on('exit', (code, signal) => done((exitCode = code ?? (signal ? 128 : null)))));
	const stop = () => killGroup(child.pid, exited);
	return new Promise((resolveStart, reject) => {
		const timer = setTimeout(() => {
			void stop();
			reject(new Error(`code-server did not start listening within ${o.timeoutMs ?? 60_000} ms:\n${output}`));
		}, o.timeoutMs ?? 60_000);
		let pending = '';
		const onData = (d) => {
			const text = String(d);
			output += text;
			if (o.stdio === 'inherit') process.stderr.write(text);
			pending += text;
			const lines = pending.split('\n');
			pending = lines.pop() ?? '';
			for (const line of lines) {
				o.onLog?.(line);
				const m = /HTTP server listening on https?:\/\/[^\s:]+:(\d+)/.exec(line);
				if (m) {
					clearTimeout(timer);
					const port = Number(m[1]);
					resolveStart({ port, url: `http://127.0.0.1:${port}`, pid: child.pid, output: () => output, stop, exited });
				}
			}
		};
		child.stdout.on('data', onData);
		child.stderr.on('data', onData);
		child.on('error', (e) => {
			clearTimeout(timer);
			reject(e);
		});
		void exited.then(() => {
			clearTimeout(timer);
			reject(new Error(`code-server exited (code ${exitCode}) before listening:\n${output}`));
		});
	});
}

/** SIGTERM the process group, SIGKILL it if it is still there after `graceMs`. */
export async function killGroup(pid, exited, graceMs = 3000) {
	if (!pid) return;
	const signal = (s) => {
		try {
			process.kill(-pid, s);
		} catch {
			/* already gone */
		}
	};
	signal('SIGTERM');
	let timer;
	await Promise.race([exited, new Promise((done) => (timer = setTimeout(done, graceMs)))]);
	clearTimeout(timer);
	// Children (extension host, language server) may outlive the main process: always sweep the group.
	signal('SIGKILL');
}

/** `http://127.0.0.1:PORT/?folder=...` */
export function folderUrl(base, folder, extraQuery = '') {
	return `${base}/?folder=${encodeURIComponent(folder).replace(/%2F/g, '/')}${extraQuery}`;
}
