// `prompt-lens` command line entry: the same core as the editor, for scripts and CI.
import { runCli } from './cli/runCli';

void runCli(process.argv.slice(2), {
	stdout: (text) => process.stdout.write(`${text}\n`),
	stderr: (text) => process.stderr.write(`${text}\n`),
}).then((code) => {
	process.exitCode = code;
});
