// runCli: parses the command line, runs the command, returns the exit code (kept free of process globals for tests).
import { DEFAULT_SETTINGS } from '../core';
import { VERSION } from '../version';
import { checkFiles, formatJson, formatText, summary } from './check';
import { countFile, type CountOptions } from './count';
import { collectPromptFiles } from './promptFiles';

const USAGE = `Usage:
  prompt-lens check <files or folders…> [--format text|json]
      Checks Dotprompt (.prompt) files and prints each problem as
        file:line:col severity code message
      Exit code: 0 when there are no errors, 1 when there are, 2 on usage errors.
  prompt-lens count <file> [--model id] [--input key=value …] [--json]
      Renders the prompt (input.default, then --input values) and prints its tokens per message and in
      total, whether the count is exact, cost per call and per 1,000 calls, and context-window use, for
      the file's model and each comparison target. Values of --input are JSON when they parse as JSON.`;

export interface CliIo {
	stdout: (text: string) => void;
	stderr: (text: string) => void;
}

/** Returns the exit code; exported so tests can run the CLI in-process. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
	const [command, ...rest] = argv;
	if (command === '--help' || command === '-h' || command === 'help') {
		io.stdout(USAGE);
		return 0;
	}
	if (command === '--version' || command === '-v') {
		io.stdout(VERSION);
		return 0;
	}
	if (command === 'count') return runCount(rest, io);
	if (command !== 'check') return usageError(io, command ? `unknown command: ${command}` : 'missing command');
	return runCheck(rest, io);
}

async function runCheck(args: string[], io: CliIo): Promise<number> {
	let format = 'text';
	const paths: string[] = [];
	for (let i = 0; i < args.length; i++) {
		const arg = args[i];
		if (arg === '--format' || arg.startsWith('--format=')) {
			format = arg.includes('=') ? arg.slice('--format='.length) : (args[++i] ?? '');
			if (format !== 'text' && format !== 'json') return usageError(io, `--format must be text or json, not "${format}"`);
		} else if (arg.startsWith('-') && arg !== '-') {
			return usageError(io, `unknown option: ${arg}`);
		} else {
			paths.push(arg);
		}
	}
	if (paths.length === 0) return usageError(io, 'no files or folders given');
	const collected = collectPromptFiles(paths);
	if (!collected.ok) return usageError(io, collected.message);

	const report = await checkFiles(collected.files, DEFAULT_SETTINGS);
	for (const { file, reason } of report.unreadable) io.stderr(`prompt-lens: cannot read ${file}: ${reason}`);
	const output = format === 'json' ? formatJson(report) : formatText(report);
	if (output) io.stdout(output);
	if (format === 'text') io.stderr(summary(report, collected.files.length));
	const failed = report.unreadable.length > 0 || report.diagnostics.some((d) => d.severity === 'error');
	return failed ? 1 : 0;
}

async function runCount(args: string[], io: CliIo): Promise<number> {
	const options: CountOptions = { file: '', inputs: {}, json: false };
	for (let i = 0; i < args.length; i++) {
		const arg = args[i];
		if (arg === '--json') options.json = true;
		else if (arg === '--model') options.model = args[++i];
		else if (arg === '--input') {
			const pair = args[++i] ?? '';
			const eq = pair.indexOf('=');
			if (eq <= 0) return usageError(io, `--input needs key=value, not "${pair}"`);
			options.inputs[pair.slice(0, eq)] = parseValue(pair.slice(eq + 1));
		} else if (arg.startsWith('-')) return usageError(io, `unknown option: ${arg}`);
		else if (options.file) return usageError(io, 'count takes one file');
		else options.file = arg;
	}
	if (!options.file) return usageError(io, 'no file given');
	if (options.model === undefined && args.includes('--model')) return usageError(io, '--model needs a model id');
	const result = await countFile(options);
	if (!result.ok) {
		io.stderr(`prompt-lens: ${result.message}`);
		return 1;
	}
	io.stdout(result.text);
	return 0;
}

function parseValue(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}

function usageError(io: CliIo, message: string): number {
	io.stderr(`prompt-lens: ${message}\n\n${USAGE}`);
	return 2;
}

