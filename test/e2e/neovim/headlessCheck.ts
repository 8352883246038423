// Shared runner for the editor checks (Neovim here, Emacs in ../emacs): one headless editor
// process against dist/server.js, bounded in time, reported as "1 passed, 0 failed" or "0 passed, 1 failed".
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/** The whole run, editor start-up and server shutdown included, must finish within this. */
export const TOTAL_TIMEOUT_MS = 30_000;

export interface HeadlessCheck {
	/** Shown in the verdict, e.g. "Neovim LSP diagnostics". */
	title: string;
	/** The editor executable. */
	bin: string;
	/** Printed when `bin --version` cannot run. */
	installHint: string;
	/** Arguments for the check run. */
	args(root: string): string[];
	/** Extra environment; `home` is a fresh temporary folder, removed afterwards. */
	env(home: string, root: string): NodeJS.ProcessEnv;
	/** Files worth showing when the check fails (for example the editor's LSP log). */
	logs(home: string): string[];
}

/**
 * Runs the check with PROMPT_LENS_ROOT, PROMPT_LENS_SERVER and PROMPT_LENS_FIXTURE set, forwards its
 * output, prints the verdict as the last line, and returns the exit code for this process.
 * `fixtureArg` (a path) replaces the default broken fixture, to see the check fail.
 */
export async function runHeadlessCheck(check: HeadlessCheck, fixtureArg: string | undefined): Promise<number> {
	const started = Date.now();
	const root = findRepoRoot(__dirname) ?? findRepoRoot(process.cwd());
	if (!root) {
		return fail(`cannot find the prompt-lens package.json above ${__dirname} or ${process.cwd()}.`);
	}
	const version = spawnSync(check.bin, ['--version'], { encoding: 'utf8' });
	if (version.error || version.status !== 0) {
		return fail(`could not run \`${check.bin} --version\`: ${check.installHint}`);
	}
	console.log(`using ${version.stdout.split('\n')[0]}`);
	const server = resolve(process.env.PROMPT_LENS_SERVER ?? join(root, 'dist', 'server.js'));
	if (!existsSync(server)) {
		return fail(`${server} does not exist: run \`npm run build\` first.`);
	}
	const fixture = fixtureArg ? resolve(fixtureArg) : join(root, 'test', 'e2e', 'neovim', 'broken.prompt');
	if (!existsSync(fixture)) {
		return fail(`fixture ${fixture} does not exist.`);
	}

	// A private home for the editor's state and logs, so runs never read or touch the user's own.
	const home = mkdtempSync(join(tmpdir(), 'prompt-lens-editor-'));
	try {
		const args = check.args(root);
		console.log(`$ ${check.bin} ${args.map((a) => (/[\s'"]/.test(a) ? JSON.stringify(a) : a)).join(' ')}`);
		const result = await run(check.bin, args, {
			...process.env,
			...check.env(home, root),
			PROMPT_LENS_ROOT: root,
			PROMPT_LENS_SERVER: server,
			PROMPT_LENS_FIXTURE: fixture,
		});
		const seconds = ((Date.now() - started) / 1000).toFixed(1);
		if (result.timedOut) {
			printLogs(check.logs(home));
			return fail(`${check.bin} did not finish within ${TOTAL_TIMEOUT_MS / 1000} s and was killed (${seconds} s).`);
		}
		if (result.code !== 0) {
			printLogs(check.logs(home));
			return fail(`${check.title}: ${check.bin} exited with ${result.code ?? result.signal} (${seconds} s).`);
		}
		console.log(`${check.title}: ok (${seconds} s)`);
		console.log('1 passed, 0 failed');
		return 0;
	} finally {
		rmSync(home, { recursive: true, force: true });
	}
}

/** Runs `main` and sets the exit code, turning an unexpected exception into a reported failure. */
export function exitWith(main: () => Promise<number>): void {
	main().then(
		(code) => {
			process.exitCode = code;
		},
		(error: unknown) => {
			process.exitCode = fail(error instanceof Error ? (error.stack ?? error.message) : String(error));
		},
	);
}

interface RunResult {
	code: number | null;
	signal: NodeJS.Signals | null;
	timedOut: boolean;
}

function run(bin: string, args: string[], env: NodeJS.ProcessEnv): Promise<RunResult> {
	return new Promise((resolvePromise) => {
		const child = spawn(bin, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
		let timedOut = false;
		const timer = setTimeout(() => {
			timedOut = true;
			child.kill('SIGKILL');
		}, TOTAL_TIMEOUT_MS);
		forwardLines(child.stdout);
		forwardLines(child.stderr);
		child.on('error', (error) => {
			clearTimeout(timer);
			console.log(`  could not start ${bin}: ${error.message}`);
			resolvePromise({ code: null, signal: null, timedOut });
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			resolvePromise({ code, signal, timedOut });
		});
	});
}

/** Walks up from the compiled file (out/test/e2e/…) to the folder with our package.json. */
function findRepoRoot(start: string): string | undefined {
	for (let dir = start; ; dir = dirname(dir)) {
		const manifest = join(dir, 'package.json');
		if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'prompt-lens') {
			return dir;
		}
		if (dirname(dir) === dir) {
			return undefined;
		}
	}
}

/** Copies a child's output to ours line by line, indented, so chunk boundaries never split a line. */
function forwardLines(stream: NodeJS.ReadableStream): void {
	let pending = '';
	stream.setEncoding('utf8');
	stream.on('data', (chunk: string) => {
		const lines = (pending + chunk).split(/\r?\n/);
		pending = lines.pop() ?? '';
		for (const line of lines) {
			console.log(`  ${line}`);
		}
	});
	stream.on('end', () => {
		if (pending) {
			console.log(`  ${pending}`);
		}
	});
}

function printLogs(files: string[]): void {
	for (const file of files.filter((f) => existsSync(f))) {
		console.log(`--- last lines of ${file}:`);
		for (const line of readFileSync(file, 'utf8').trimEnd().split('\n').slice(-40)) {
			console.log(`  ${line}`);
		}
	}
}

function fail(message: string): number {
	console.log(`FAIL: ${message}`);
	console.log('0 passed, 1 failed');
	return 1;
}
