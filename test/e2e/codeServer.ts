// Typed access to scripts/codeServer.mjs (shared with `npm start`) plus the e2e harness's own helpers.
// The .mjs is loaded with a dynamic import() at run time (this file is compiled to CommonJS), so its
// API is declared here by hand: keep the two in step.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
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
