// Real-VS-Code end-to-end tests: code-server driven by Debian's chromium through playwright-core, once per pinned
// code-server (scripts/install-code-server.sh --pinned: the oldest VS Code we support, 1.100 on Node 20, and the
// newest verified one on its own Node 24). Each version is one pass, in a child process of this one:
//   Phase 1 (UI, phaseUi.ts + uiTokens.ts): the built prompt-lens.vsix installed into a fresh code-server;
//   checks what a user sees.
//   Phase 2 (API, phaseApi.ts): test/e2e/suite/index.ts run inside code-server's extension host, with the
//   extension loaded from the repository (extensionDevelopmentPath) in a second, separate code-server instance.
// Prerequisites: scripts/ensure-test-deps.sh; `npm run build`, `npm run package`, `node esbuild.mjs --tests`.
// Run: node out/test/e2e/runTest.js   (each pass prints one PASS/FAIL line per check and `N passed, M failed`;
//      then one summary line per code-server; exit 1 if any pass failed or a pinned code-server is missing)
// Env: PROMPT_LENS_E2E_TIMEOUT_MS (default 240000, per pass), PROMPT_LENS_VSIX, CHROMIUM_PATH,
//      PROMPT_LENS_E2E_VERSIONS=4.139.1 (comma-separated: only these pinned or installed versions),
//      CODE_SERVER=/path/to/code-server (one pass on that executable instead), PROMPT_LENS_E2E_KEEP=1 keeps the temp folder.
// Outputs (screenshots, logs) of each pass end up in test-output/e2e/code-server-<version>/.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import {
	CHROMIUM,
	codeServerLabel,
	type CodeServerModule,
	describeCodeServer,
	installedCodeServer,
	installHint,
	loadCodeServerModule,
	missingPrerequisites,
	pinnedCodeServerVersions,
	REPO_ROOT,
} from './codeServer';
import { phaseApi, SUITE } from './phaseApi';
import { phaseUi, VSIX } from './phaseUi';
import { cleanUp, elapsed, errorText, OUTPUT_DIR, record, results, TOTAL_TIMEOUT_MS } from './report';

/** Set (to the pass's label) in the child process that runs one pass. */
const PASS_ENV = 'PROMPT_LENS_E2E_ONE_PASS';

// ---------------------------------------------------------------------------------------------------------------
// One pass: both phases on the code-server in $CODE_SERVER.

/** Missing code-server, chromium or build outputs, as messages that say how to get them. */
function missing(cs: CodeServerModule): string[] {
	const problems = missingPrerequisites(cs);
	for (const [file, how] of [
		[VSIX, 'npm run build && npm run package'],
		[join(REPO_ROOT, 'dist', 'client.js'), 'npm run build'],
		[SUITE, 'node esbuild.mjs --tests'],
	] as const) {
		if (!existsSync(file)) problems.push(`${file} is missing: run \`${how}\``);
	}
	return problems;
}

async function main(): Promise<number> {
	mkdirSync(OUTPUT_DIR, { recursive: true });
	const cs = await loadCodeServerModule();
	const problems = missing(cs);
	if (problems.length > 0) {
		for (const m of problems) console.error(`e2e: ${m}`);
		record('e2e prerequisites', false, problems.join('; '));
		return 1;
	}
	const bin = cs.findCodeServer() as string;
	const tmp = mkdtempSync(join(tmpdir(), 'prompt-lens-e2e-'));
	tempDir = tmp;
	console.log(`e2e: ${process.env[PASS_ENV] || 'code-server'} at ${bin}, chromium ${CHROMIUM}, temp ${tmp}`);
	for (const [name, phase] of [
		['UI', phaseUi],
		['extension host', phaseApi],
	] as const) {
		try {
			await phase(cs, bin, tmp);
		} catch (error) {
			record(`${name} phase ran to the end`, false, errorText(error));
		} finally {
			await cleanUp();
		}
	}
	return 0;
}

let tempDir: string | undefined;
function removeTemp(): void {
	if (tempDir && process.env.PROMPT_LENS_E2E_KEEP !== '1') rmSync(tempDir, { recursive: true, force: true });
}

let finished = false;
function finish(extra?: string): void {
	if (finished) return;
	finished = true;
	if (extra) record('e2e run', false, extra);
	const passed = results.filter((r) => r.ok).length;
	const failed = results.length - passed;
	console.log(`e2e finished in ${elapsed()}`);
	console.log(`${passed} passed, ${failed} failed`);
	process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
}

/** Clean up, remove the temp folder and exit. */
function exitAfterCleanUp(code: number): void {
	void cleanUp().finally(() => {
		removeTemp();
		process.exit(code);
	});
}

function runOnePass(): void {
	const overall = setTimeout(() => {
		finish(`total time limit of ${TOTAL_TIMEOUT_MS} ms reached`);
		exitAfterCleanUp(1);
	}, TOTAL_TIMEOUT_MS);

	for (const signal of ['SIGINT', 'SIGTERM'] as const) {
		process.on(signal, () => {
			finish(`interrupted by ${signal}`);
			exitAfterCleanUp(1);
		});
	}

	main()
		.then(() => finish())
		.catch((error: unknown) => finish(`harness error: ${errorText(error)}`))
		.finally(() => {
			clearTimeout(overall);
			exitAfterCleanUp(Number(process.exitCode ?? 1));
		});
}

// ---------------------------------------------------------------------------------------------------------------
// All passes: one child process per code-server, one after the other, then a summary.

interface Target {
	/** what the pass is called before it has run (the version asked for, or $CODE_SERVER) */
	name: string;
	bin?: string;
	/** why there is no executable */
	why?: string;
}

interface PassResult {
	label: string;
	ok: boolean;
	detail: string;
}

function targets(cs: CodeServerModule): Target[] {
	if (process.env.CODE_SERVER) {
		const bin = cs.findCodeServer();
		return [{ name: process.env.CODE_SERVER, bin, why: bin ? undefined : `$CODE_SERVER=${process.env.CODE_SERVER} does not exist` }];
	}
	const pinned = pinnedCodeServerVersions();
	const asked = (process.env.PROMPT_LENS_E2E_VERSIONS ?? '').split(',').map((v) => v.trim()).filter(Boolean);
	return (asked.length > 0 ? asked : pinned).map((version) => {
		const bin = installedCodeServer(cs, version);
		const why = bin ? undefined : `code-server ${version} is not installed in ${cs.cacheRoot()}: run ${installHint(version, pinned)}`;
		return { name: `code-server ${version}`, bin, why };
	});
}

/** Files (screenshots, logs) directly in test-output/e2e/, i.e. those of the pass that wrote them last. */
function looseOutputs(): string[] {
	if (!existsSync(OUTPUT_DIR)) return [];
	return readdirSync(OUTPUT_DIR)
		.map((name) => join(OUTPUT_DIR, name))
		.filter((path) => statSync(path).isFile());
}

/** Moves the pass's outputs into test-output/e2e/code-server-<version>/; returns that folder. */
function keepOutputs(version: string): string {
	const dir = join(OUTPUT_DIR, `code-server-${version}`);
	rmSync(dir, { recursive: true, force: true });
	mkdirSync(dir, { recursive: true });
	for (const file of looseOutputs()) renameSync(file, join(dir, relative(OUTPUT_DIR, file)));
	return dir;
}

let child: ReturnType<typeof spawn> | undefined;

/** Runs this file again with $CODE_SERVER = bin; shows its output as it comes and resolves with its counts. */
function runChild(bin: string, label: string): Promise<{ code: number; counts?: string }> {
	return new Promise((resolveRun) => {
		child = spawn(process.execPath, [__filename], {
			env: { ...process.env, CODE_SERVER: bin, [PASS_ENV]: label },
			stdio: ['ignore', 'pipe', 'inherit'],
		});
		let out = '';
		child.stdout?.on('data', (d: Buffer) => {
			out += String(d);
			process.stdout.write(d);
		});
		// The pass stops itself at its own time limit; this is the backstop should it hang in its clean-up.
		const backstop = setTimeout(() => child?.kill('SIGKILL'), TOTAL_TIMEOUT_MS + 60_000);
		child.on('close', (code, signal) => {
			clearTimeout(backstop);
			child = undefined;
			const counts = /^(\d+ passed, \d+ failed)$/m.exec(out)?.[1];
			resolveRun({ code: code ?? (signal ? 128 : 1), counts });
		});
	});
}

async function runAllPasses(): Promise<number> {
	const cs = await loadCodeServerModule();
	const list = targets(cs);
	const summary: PassResult[] = [];
	for (const [i, target] of list.entries()) {
		const head = `=== e2e pass ${i + 1}/${list.length}:`;
		if (!target.bin) {
			console.log(`\n${head} ${target.name} ===\nFAIL ${target.why}`);
			summary.push({ label: target.name, ok: false, detail: target.why ?? 'not installed' });
			continue;
		}
		let label = target.name;
		let version = target.name;
		try {
			const info = describeCodeServer(target.bin);
			label = codeServerLabel(info);
			version = info.codeServer;
		} catch (error) {
			const why = `${target.bin} --version failed: ${errorText(error)}`;
			console.log(`\n${head} ${target.name} ===\nFAIL ${why}`);
			summary.push({ label, ok: false, detail: why });
			continue;
		}
		console.log(`\n${head} ${label} ===`);
		for (const file of looseOutputs()) rmSync(file, { force: true });
		const begun = Date.now();
		const { code, counts } = await runChild(target.bin, label);
		const seconds = ((Date.now() - begun) / 1000).toFixed(1);
		const dir = relative(REPO_ROOT, keepOutputs(version));
		console.log(`=== ${label}: ${counts ?? `exit code ${code}`} in ${seconds} s; screenshots and logs in ${dir}/ ===`);
		summary.push({ label, ok: code === 0, detail: `${counts ?? `no result (exit code ${code})`} in ${seconds} s` });
		if (interrupted) break;
	}
	console.log('\ne2e summary:');
	for (const r of summary) console.log(`  ${r.ok ? 'PASS' : 'FAIL'} ${r.label}: ${r.detail}`);
	const failed = summary.filter((r) => !r.ok).length;
	console.log(failed === 0 ? `all ${summary.length} passes passed` : `${failed} of ${summary.length} passes failed`);
	if (interrupted) console.log(`interrupted: ${list.length - summary.length} of ${list.length} passes did not run`);
	return failed === 0 && summary.length > 0 && !interrupted ? 0 : 1;
}

let interrupted = false;

function runAll(): void {
	for (const signal of ['SIGINT', 'SIGTERM'] as const) {
		process.on(signal, () => {
			// The pass cleans up (code-server, chromium, temp folder) on its own signal; then the summary says so.
			interrupted = true;
			child?.kill(signal);
		});
	}
	runAllPasses()
		.then((code) => process.exit(code))
		.catch((error: unknown) => {
			console.error(`e2e: harness error: ${errorText(error)}`);
			process.exit(1);
		});
}

if (process.env[PASS_ENV]) runOnePass();
else runAll();
