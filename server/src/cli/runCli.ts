// runCli: parses the command line, loads settings, runs the command, returns the exit code (kept free of process globals for tests).
import { VERSION } from '../version';
import { checkFiles, formatJson, formatText, summary, type CheckReport } from './check';
import { loadCliSettings, RC_FILE, type CliSettings } from './cliSettings';
import { countFile, type CountOptions } from './count';
import { collectPromptFiles, skippedList, skippedSummary, type SkippedFile } from './promptFiles';
import { repositoryUrl } from './repositoryUrl';
import { runFile, URL_KEY_ENV, type RunContext, type RunOptions } from './run';
import { migrateCommand } from './migrate';
import { parseMigrateArgs } from './migrateArgs';
import { testCommand } from './test';
import { exportCommand, parseExportArgs } from './export';
import { parseValue, splitOption } from './options';
import { parseTestArgs } from './testArgs';
import { loadUserConfig } from './userConfig';
import { formatSarif } from './sarif';

const USAGE = `Usage:
  prompt-lens check <files or folders…> [--format text|json|sarif] [--max-warnings <n>] [--config <file>] [--verbose]
      Checks Dotprompt (.prompt) files and prints each problem as
        file:line:col severity code message
      A folder means every .prompt (any case) file in it, recursively, as git sees them: what .gitignore
      or .git/info/exclude ignores is skipped, hidden folders are not, .git and node_modules always are.
      Skipped files are summed up on stderr (--verbose lists each, with the .gitignore rule); a folder
      with no prompt file to check is a usage error (exit 2). Files named explicitly are always checked.
      Files in another tool's format (e.g. Humanloop, Continue) get one note each and are counted apart.
      --format json     an array of problems with 1-based ranges and their quick fixes
      --format sarif    one SARIF 2.1.0 log, for GitHub code scanning and other CI tools; file paths are
                        relative to the current folder, so run it from the repository root
      --max-warnings n  also fail when there are more than n warnings (0: any warning fails)
      --config <file>   read settings from this file instead of searching for one
  prompt-lens count <file> [--model id] [--input key=value …] [--json] [--config <file>]
      Renders the prompt (input.default, then --input values) and prints its tokens per message and in
      total, whether the count is exact, cost per call and per 1,000 calls, and context-window use, for
      the file's model and each comparison target. Values of --input are JSON when they parse as JSON.
      What the runtime renders despite a problem (a stray }}, a frontmatter it does not read) is counted
      as the runtime sends it, with a warning saying why; what it cannot render is refused.
  prompt-lens run <file> [--model provider/id] [--input key=value …] [--provider-url <url>] [--json] [--config <file>]
                  [--allow-key-env NAME …]
      Renders the prompt as count does, sends it to the model's provider and streams the answer to stdout;
      tokens (the provider's and our estimate), cost, time to first token, latency, finish reason and
      retries go to stderr. A model without a provider/ prefix runs on the provider the catalog names.
      --json            print only one JSON object (the answer, usage, cost, timings, status, model,
                        provider, requestHash) on stdout, at the end
      --provider-url    send the request to this OpenAI-compatible endpoint instead (a local mock, Ollama,
                        a proxy), e.g. http://localhost:11434/v1
      Keys come only from environment variables. A built-in provider's variable (OPENAI_API_KEY,
      ANTHROPIC_API_KEY, GEMINI_API_KEY, OPENROUTER_API_KEY, GROQ_API_KEY, AZURE_OPENAI_API_KEY) goes only
      to that provider's own https host, whatever the settings say. A provider defined in the repository's
      settings gets its "apiKeyEnv" only when you allow it: --allow-key-env NAME for this command, or
      "allowKeyEnv": { "NAME": ["host"] } in your own ~/.config/prompt-lens/config.json (which may also
      define "providers" of your own); otherwise ${URL_KEY_ENV} if set, else no key. With --provider-url
      on any other host, ${URL_KEY_ENV} or no key. Redirects to another host are not followed. Each run is appended to history.path
      (default .prompt-lens/runs.jsonl; "history": { "enabled": false } turns it off); with
      "cache": { "enabled": true } a request answered before is answered from there, free.
      Ctrl-C stops the request and keeps what was printed.

  prompt-lens test [files or folders] [--model id …] [--repeat N] [--reporter text|json|junit] [--output file]
                   [--max-cost USD] [--no-cache] [--only-failed] [--baseline results.json|last] [--allow-key-env NAME …]
      Runs the tests of each prompt: \`name.test.yaml\` beside \`name.prompt\` (cases with vars and assertions, or
      datasets: .jsonl/.csv rows), on the prompt's model or each of --model / \`models:\`, \`repeat\` times.
      Before any request it prints the estimate and refuses to start above --max-cost (exit 3); during the run
      it stops starting requests at that budget. A repeated request's first run may be answered from the
      history (--no-cache: never); repeats always reach the model. Results go to .prompt-lens/test-results/.
      --baseline marks each case fixed, newly failing, still failing or unchanged against a results file (last:
      the newest before this run) and exits 1 only for newly failing cases.
      Exit 0 all passed, 1 any failed, 2 a usage or test-file problem, 3 over budget.

  prompt-lens migrate [files or folders] --to provider/model [--from provider/model] [--format md|json|html]
                      [--output file] [--run [--repeat N] [--max-cost USD] [--no-cache] [--allow-key-env NAME …]]
      What moving each prompt to another model changes, free and at once: input tokens with each model's own
      tokenizer, cost per call and per 1,000 calls and their ratio, context-window use, capabilities the new
      model lacks, retirement dates, request parameters it renames or drops; totals for the folder.
      --run   also measures: each prompt's tests (name.test.yaml), or its promptLens.samples / input.default,
              on both models — pass rate, judge score, latency p50/p95, real cost, a word diff of the answers.
              The estimate is printed first; above --max-cost nothing is sent (exit 3), and no request starts
              once the budget is spent. Exit 1 when a run failed (provider error, broken stream).
      --format html   one page with a chart (cost per 1,000 calls against pass rate); md is for pull requests.

  prompt-lens export <prompt> --to promptfoo|github-models [--output file] [--model provider/model …] [--config <file>]
      Writes the prompt and its tests (name.test.yaml) in another eval tool's format; nothing is sent.
      promptfoo:      a promptfooconfig.yaml: each case's messages rendered by Dotprompt, the models as OpenAI-compatible
                      providers (apiBaseUrl, request parameters), our assertions as promptfoo's with the same meaning.
      github-models:  a .prompt.yml for gh models eval, only for a template of plain {{variables}} and role markers;
                      otherwise it names each construct that has no equivalent, with its line, and exits 1.
      What has no equivalent is listed on stderr and as comments in the file. Exit 0 written, 1 refused, 2 usage.

  prompt-lens lsp [--stdio]
      Starts the language server (diagnostics, hover, completion, code actions…) for any LSP client; the same
      server as the bin prompt-lens-language-server.

  prompt-lens --version

Settings are the editor's promptLens.* settings without the prefix, read from ${RC_FILE} or the
"promptLens" key of package.json, in the current folder or the nearest folder above it that has either:
  { "lint": { "rules": { "unpinned-model": "off" } }, "partialPaths": ["prompts/partials"] }
Relative paths in them start at that file's folder.

Exit codes: 0 no problems; 1 errors, unreadable files, or more warnings than --max-warnings allows;
2 a usage error or unusable settings. run: 0 a complete answer; 1 a provider error, a broken stream
(the partial answer is printed), a missing key, or a file that cannot be rendered; 2 a usage error or
variables without a value; 130 stopped with Ctrl-C.`;

export interface CliIo {
	stdout: (text: string) => void;
	stderr: (text: string) => void;
	/** stdout without an added newline, for answers as they stream; without it `run` prints the answer at the end. */
	write?: (text: string) => void;
	/** Where relative paths and the settings search start; the process's current folder when absent. */
	cwd?: string;
	/** Where `run` reads keys; the process's environment when absent. */
	env?: Record<string, string | undefined>;
	/** Stops a `run` (Ctrl-C), keeping the partial answer. */
	signal?: AbortSignal;
	/** On a terminal: the one progress line of `test` (replaced in place). */
	progress?: (line: string) => void;
	/** Wraps the write of a run's record: a second Ctrl-C waits for it instead of leaving a torn or empty history. */
	critical?: <T>(work: () => Promise<T>) => Promise<T>;
	/** How `run` sends requests (tests route look-alike hosts to a local mock); the global fetch when absent. */
	fetch?: typeof fetch;
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
	if (command === 'run') return runRun(rest, io);
	if (command === 'test') return runTest(rest, io);
	if (command === 'migrate') return runMigrate(rest, io);
	if (command === 'export') return runExport(rest, io);
	if (command !== 'check') return usageError(io, command ? `unknown command: ${command}` : 'missing command');
	return runCheck(rest, io);
}

type Format = 'text' | 'json' | 'sarif';

interface CheckArgs {
	format: Format;
	paths: string[];
	maxWarnings?: number;
	config?: string;
	verbose?: boolean;
}

async function runCheck(args: string[], io: CliIo): Promise<number> {
	const parsed = parseCheckArgs(args);
	if (typeof parsed === 'string') return usageError(io, parsed);
	const cwd = io.cwd ?? process.cwd();
	const loaded = settingsFor(cwd, parsed.config, io);
	if (!loaded) return 2;
	const collected = collectPromptFiles(parsed.paths, cwd);
	if (!collected.ok) return usageError(io, collected.message);
	reportSkipped(collected, parsed.verbose === true, io);

	const report = await checkFiles(collected.files, loaded.settings, { cwd, root: loaded.root });
	for (const { file, reason } of report.unreadable) io.stderr(`prompt-lens: cannot read ${file}: ${reason}`);
	for (const note of report.notes ?? []) io.stderr(`prompt-lens: ${note}`);
	const output = parsed.format === 'sarif'
		? formatSarif(report, { cwd, informationUri: repositoryUrl(), configWarnings: loaded.warnings })
		: parsed.format === 'json' ? formatJson(report) : formatText(report);
	if (output) io.stdout(output);
	if (parsed.format === 'text') io.stderr(summary(report, collected.files.length));
	return checkExitCode(report, parsed.maxWarnings, io);
}

function parseCheckArgs(args: string[]): CheckArgs | string {
	const parsed: CheckArgs = { format: 'text', paths: [] };
	for (let i = 0; i < args.length; i++) {
		const [name, inline] = splitOption(args[i]);
		if (name === '--verbose') {
			parsed.verbose = true;
		} else if (name === '--format' || name === '--max-warnings' || name === '--config') {
			const value = inline ?? args[++i];
			if (value === undefined) return `${name} needs a value`;
			const problem = applyCheckOption(parsed, name, value);
			if (problem) return problem;
		} else if (name.startsWith('-') && name !== '-') {
			return `unknown option: ${args[i]}`;
		} else {
			parsed.paths.push(args[i]);
		}
	}
	return parsed.paths.length ? parsed : 'no files or folders given';
}

function applyCheckOption(parsed: CheckArgs, name: string, value: string): string | undefined {
	if (name === '--format') {
		if (value !== 'text' && value !== 'json' && value !== 'sarif') return `--format must be text, json or sarif, not "${value}"`;
		parsed.format = value;
	} else if (name === '--max-warnings') {
		if (!/^\d+$/.test(value)) return `--max-warnings needs a whole number of warnings (0 or more), not "${value}"`;
		parsed.maxWarnings = Number(value);
	} else {
		parsed.config = value;
	}
	return undefined;
}

/** What a folder scan left out: one line, or with --verbose one line per file. */
function reportSkipped(collected: { skipped: SkippedFile[]; countStopped: boolean }, verbose: boolean, io: CliIo): void {
	const line = skippedSummary(collected.skipped, collected.countStopped);
	if (!line) return;
	if (verbose) for (const skipped of skippedList(collected.skipped)) io.stderr(`prompt-lens: ${skipped}`);
	else io.stderr(`prompt-lens: ${line} (--verbose lists them)`);
}

/** ESLint's rule: errors (or files we could not read) fail; warnings fail only beyond --max-warnings. */
function checkExitCode(report: CheckReport, maxWarnings: number | undefined, io: CliIo): number {
	const warnings = report.diagnostics.filter((d) => d.severity === 'warning').length;
	if (maxWarnings !== undefined && warnings > maxWarnings) {
		io.stderr(`prompt-lens: failing because there ${warnings === 1 ? 'is 1 warning' : `are ${warnings} warnings`} and --max-warnings allows ${maxWarnings}`);
		return 1;
	}
	return report.unreadable.length > 0 || report.diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
}

/** Prints settings warnings; on an unusable settings file prints why and returns undefined (exit 2). */
function settingsFor(cwd: string, config: string | undefined, io: CliIo): CliSettings | undefined {
	const loaded = loadCliSettings(cwd, config);
	if (!loaded.ok) {
		io.stderr(`prompt-lens: ${loaded.message}`);
		return undefined;
	}
	for (const warning of loaded.value.warnings) io.stderr(`prompt-lens: warning: ${warning}`);
	return loaded.value;
}

async function runCount(args: string[], io: CliIo): Promise<number> {
	const options: CountOptions = { file: '', inputs: {}, json: false };
	let config: string | undefined;
	for (let i = 0; i < args.length; i++) {
		const [name, inline] = splitOption(args[i]);
		if (name === '--json') options.json = true;
		else if (name === '--model') options.model = inline ?? args[++i];
		else if (name === '--config') {
			config = inline ?? args[++i];
			if (config === undefined) return usageError(io, '--config needs a file');
		} else if (name === '--input') {
			const pair = inline ?? args[++i] ?? '';
			const eq = pair.indexOf('=');
			if (eq <= 0) return usageError(io, `--input needs key=value, not "${pair}"`);
			options.inputs[pair.slice(0, eq)] = parseValue(pair.slice(eq + 1));
		} else if (name.startsWith('-')) return usageError(io, `unknown option: ${args[i]}`);
		else if (options.file) return usageError(io, 'count takes one file');
		else options.file = args[i];
	}
	if (!options.file) return usageError(io, 'no file given');
	if (options.model === undefined && args.some((a) => splitOption(a)[0] === '--model')) return usageError(io, '--model needs a model id');
	const cwd = io.cwd ?? process.cwd();
	const loaded = settingsFor(cwd, config, io);
	if (!loaded) return 2;
	const result = await countFile(options, { settings: loaded.settings, cwd, root: loaded.root });
	if (!result.ok) {
		io.stderr(`prompt-lens: ${result.message}`);
		return 1;
	}
	io.stdout(result.text);
	return 0;
}

/** Settings, the user's own config and the I/O every command that sends requests shares; a number is the exit code. */
function runContextFor(io: CliIo, config: string | undefined, allowKeyEnv: string[]): RunContext | number {
	const cwd = io.cwd ?? process.cwd();
	const loaded = settingsFor(cwd, config, io);
	if (!loaded) return 2;
	const env = io.env ?? process.env;
	const user = loadUserConfig(env, cwd);
	if (!user.ok) {
		io.stderr(`prompt-lens: ${user.message}`);
		return 2;
	}
	for (const warning of user.value.warnings) io.stderr(`prompt-lens: warning: ${warning}`);
	return {
		settings: loaded.settings,
		cwd,
		root: loaded.root,
		settingsFile: loaded.file,
		env,
		userProviders: user.value.providers,
		allowKeyEnv: [...user.value.allowKeyEnv, ...allowKeyEnv.map((name) => ({ env: name }))],
		fetch: io.fetch,
		signal: io.signal,
		critical: io.critical,
		progress: io.progress,
		write: io.write ?? (() => undefined),
		stdout: io.stdout,
		stderr: io.stderr,
	};
}

async function runRun(args: string[], io: CliIo): Promise<number> {
	const parsed = parseRunArgs(args);
	if (typeof parsed === 'string') return usageError(io, parsed);
	const context = runContextFor(io, parsed.config, parsed.allowKeyEnv);
	if (typeof context === 'number') return context;
	// Without a raw writer (tests), the answer goes out whole at the end.
	let buffered = '';
	const code = await runFile(parsed.options, { ...context, write: io.write ?? ((text) => { buffered += text; }) });
	if (buffered) io.stdout(buffered.replace(/\n$/, ''));
	return code;
}

interface RunArgs {
	options: RunOptions;
	config?: string;
	allowKeyEnv: string[];
}

function parseRunArgs(args: string[]): RunArgs | string {
	const options: RunOptions = { file: '', inputs: {}, json: false };
	let config: string | undefined;
	const allowKeyEnv: string[] = [];
	for (let i = 0; i < args.length; i++) {
		const [name, inline] = splitOption(args[i]);
		if (name === '--json') {
			options.json = true;
			continue;
		}
		if (!name.startsWith('-') || name === '-') {
			if (options.file) return 'run takes one file';
			options.file = args[i];
			continue;
		}
		if (!RUN_OPTIONS.has(name)) return `unknown option: ${args[i]}`;
		const value = inline ?? args[++i];
		if (value === undefined || value === '') return `${name} needs a value`;
		if (name === '--model') options.model = value;
		else if (name === '--config') config = value;
		else if (name === '--allow-key-env') {
			if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(value)) return `--allow-key-env needs an environment variable's name, not "${value}"`;
			allowKeyEnv.push(value);
		}
		else if (name === '--provider-url') {
			if (!/^https?:\/\/[^/]/.test(value)) return `--provider-url needs an http:// or https:// address such as http://localhost:11434/v1, not "${value}"`;
			options.providerUrl = value.replace(/\/+$/, '');
		} else {
			const eq = value.indexOf('=');
			if (eq <= 0) return `--input needs key=value, not "${value}"`;
			options.inputs[value.slice(0, eq)] = parseValue(value.slice(eq + 1));
		}
	}
	return options.file ? { options, config, allowKeyEnv } : 'no file given';
}

const RUN_OPTIONS = new Set(['--model', '--input', '--provider-url', '--config', '--allow-key-env']);

async function runMigrate(args: string[], io: CliIo): Promise<number> {
	const parsed = parseMigrateArgs(args);
	if (typeof parsed === 'string') return usageError(io, parsed);
	const context = runContextFor(io, parsed.config, parsed.allowKeyEnv);
	return typeof context === 'number' ? context : migrateCommand(parsed.options, context);
}

async function runTest(args: string[], io: CliIo): Promise<number> {
	const parsed = parseTestArgs(args);
	if (typeof parsed === 'string') return usageError(io, parsed);
	const context = runContextFor(io, parsed.config, parsed.allowKeyEnv);
	return typeof context === 'number' ? context : testCommand(parsed.options, context);
}

async function runExport(args: string[], io: CliIo): Promise<number> {
	const parsed = parseExportArgs(args);
	if (typeof parsed === 'string') return usageError(io, parsed);
	const context = runContextFor(io, parsed.config, []);
	return typeof context === 'number' ? context : exportCommand(parsed.options, context);
}

function usageError(io: CliIo, message: string): number {
	io.stderr(`prompt-lens: ${message}\n\n${USAGE}`);
	return 2;
}
