// `prompt-lens` command line entry: the same core as the editor, for scripts and CI.
import { runCli } from './cli/runCli';

// During `run`, the first Ctrl-C stops the request and keeps its partial answer; a second one quits at once.
// Other commands keep Node's default (Ctrl-C quits).
const interrupt = new AbortController();
const onSigint = () => {
	if (interrupt.signal.aborted) process.exit(130);
	interrupt.abort();
};
const isRun = process.argv[2] === 'run';
if (isRun) process.on('SIGINT', onSigint);

void runCli(process.argv.slice(2), {
	stdout: (text) => process.stdout.write(`${text}\n`),
	stderr: (text) => process.stderr.write(`${text}\n`),
	write: (text) => process.stdout.write(text),
	signal: interrupt.signal,
}).then((code) => {
	if (isRun) process.off('SIGINT', onSigint);
	process.exitCode = code;
});
