// Real-VS-Code end-to-end tests: code-server 4.100.3 driven by Debian's chromium through playwright-core.
//   Phase 1 (UI, phaseUi.ts + uiTokens.ts): the built prompt-lens.vsix installed into a fresh code-server;
//   checks what a user sees.
//   Phase 2 (API, phaseApi.ts): test/e2e/suite/index.ts run inside code-server's extension host, with the
//   extension loaded from the repository (extensionDevelopmentPath) in a second, separate code-server instance.
// Prerequisites: scripts/ensure-test-deps.sh; `npm run build`, `npm run package`, `node esbuild.mjs --tests`.
// Run: node out/test/e2e/runTest.js   (prints one PASS/FAIL line per check, then `N passed, M failed`)
// Env: PROMPT_LENS_E2E_TIMEOUT_MS (default 240000), PROMPT_LENS_VSIX, CODE_SERVER, CHROMIUM_PATH,
//      PROMPT_LENS_E2E_KEEP=1 keeps the temp folder.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM, type CodeServerModule, loadCodeServerModule, missingPrerequisites, REPO_ROOT } from './codeServer';
import { phaseApi, SUITE } from './phaseApi';
import { phaseUi, VSIX } from './phaseUi';
import { cleanUp, elapsed, errorText, OUTPUT_DIR, record, results, TOTAL_TIMEOUT_MS } from './report';


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
	console.log(`e2e: code-server ${bin}, chromium ${CHROMIUM}, temp ${tmp}`);
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
