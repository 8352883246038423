// `prompt-lens` command line entry: the same core as the editor, for scripts and CI; `prompt-lens lsp` is the server.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from './cli/runCli';
import { routeRuntimeWarnings } from './host/runtimeWarnings';

/**
 * `prompt-lens lsp --stdio`: the language server bundle beside this one (dist/ or the npm package) takes over the
 * process. Loaded by path so the CLI bundle does not carry a second copy of the server.
 */
function startLanguageServer(): void {
	const server = join(__dirname, 'server.js');
	if (!existsSync(server)) {
		process.stderr.write(`prompt-lens: the language server is not installed beside the CLI (${server})\n`);
		process.exitCode = 2;
		return;
	}
	process.argv.splice(2, 1);
	if (!process.argv.slice(2).some((a) => /^--(stdio|node-ipc|socket|pipe)/.test(a))) process.argv.push('--stdio');
	// eslint-disable-next-line @typescript-eslint/no-require-imports -- a path known only at run time, on purpose
	require(server);
}

// The libraries' warnings about a prompt (yaml, Handlebars) repeat what `check` reports in our own words.
routeRuntimeWarnings(() => undefined);

// During `run`, the first Ctrl-C (or SIGTERM, SIGHUP) stops the request, keeps its partial answer and saves the run,
// which takes milliseconds; a second one quits if that has not happened within a second, but never in the middle of
// writing the run's record (which would leave a torn or empty history). Other commands keep Node's defaults.
const EXIT_CODES: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };
const interrupt = new AbortController();
let first: NodeJS.Signals | undefined;
let writing = 0;
let quitWith: number | undefined;

const onSignal = (signal: NodeJS.Signals) => {
	if (!interrupt.signal.aborted) {
		first = signal;
		interrupt.abort();
		return;
	}
	quitWith = EXIT_CODES[signal] ?? 130;
	setTimeout(() => {
		if (writing === 0) process.exit(quitWith);
	}, 1000).unref();
};

async function critical<T>(work: () => Promise<T>): Promise<T> {
	writing++;
	try {
		return await work();
	} finally {
		writing--;
		if (writing === 0 && quitWith !== undefined) process.exit(quitWith);
	}
}

// `prompt-lens check … | head`: a reader that stops early is not an error of ours.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
	if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
	throw error;
});

function main(): void {
	const isRun = process.argv[2] === 'run';
	if (isRun) for (const signal of Object.keys(EXIT_CODES) as NodeJS.Signals[]) process.on(signal, onSignal);
	void runCli(process.argv.slice(2), {
		stdout: (text) => process.stdout.write(`${text}\n`),
		stderr: (text) => process.stderr.write(`${text}\n`),
		write: (text) => process.stdout.write(text),
		signal: interrupt.signal,
		critical,
		progress: process.stderr.isTTY ? (line) => process.stderr.write(`\r\u001b[2K${line}`) : undefined,
	}).then((code) => {
		if (isRun) for (const signal of Object.keys(EXIT_CODES) as NodeJS.Signals[]) process.off(signal, onSignal);
		// A run stopped by SIGTERM or SIGHUP exits as a process killed by that signal would (143, 129), not as Ctrl-C.
		process.exitCode = code === 130 && first ? EXIT_CODES[first] ?? code : code;
	});
}

if (process.argv[2] === 'lsp') startLanguageServer();
else main();
