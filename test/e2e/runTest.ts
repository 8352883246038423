// Real-VS-Code end-to-end tests: code-server 4.100.3 driven by Debian's chromium through playwright-core.
//   Phase 1 (UI): the built prompt-lens.vsix installed into a fresh code-server; checks what a user sees.
//   Phase 2 (API): test/e2e/suite/index.ts run inside code-server's extension host, with the extension
//   loaded from the repository (extensionDevelopmentPath) in a second, separate code-server instance.
// Prerequisites: scripts/ensure-test-deps.sh; `npm run build`, `npm run package`, `node esbuild.mjs --tests`.
// Run: node out/test/e2e/runTest.js   (prints one PASS/FAIL line per check, then `N passed, M failed`)
// Env: PROMPT_LENS_E2E_TIMEOUT_MS (default 240000), PROMPT_LENS_VSIX, CODE_SERVER, CHROMIUM_PATH,
//      PROMPT_LENS_E2E_KEEP=1 keeps the temp folder.
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import {
	CHROMIUM,
	CHROMIUM_ARGS,
	type CodeServerModule,
	loadCodeServerModule,
	missingPrerequisites,
	REPO_ROOT,
	type RunningCodeServer,
} from './codeServer';

const EXTENSION_ID = 'prompt-lens.prompt-lens';
const TOTAL_TIMEOUT_MS = Number(process.env.PROMPT_LENS_E2E_TIMEOUT_MS) || 240_000;
const OUTPUT_DIR = resolve(REPO_ROOT, 'test-output', 'e2e');
const VSIX = resolve(process.env.PROMPT_LENS_VSIX || join(REPO_ROOT, 'prompt-lens.vsix'));
const SUITE = resolve(REPO_ROOT, 'out', 'test', 'e2e', 'suite', 'index.js');
const FIXTURE_WORKSPACE = resolve(REPO_ROOT, 'test', 'fixtures', 'workspace');
const CHECK_PREFIX = '[e2e-check]';

interface Result {
	name: string;
	ok: boolean;
	detail?: string;
}

const results: Result[] = [];
const started = Date.now();

function elapsed(): string {
	return `${((Date.now() - started) / 1000).toFixed(1)} s`;
}

function record(name: string, ok: boolean, detail?: string): void {
	results.push({ name, ok, detail });
	console.log(`${ok ? 'PASS' : 'FAIL'} ${name}${detail ? ` — ${detail}` : ''}  [${elapsed()}]`);
}

function errorText(error: unknown): string {
	return error instanceof Error ? error.message.split('\n').slice(0, 6).join(' / ') : String(error);
}

/** Runs one UI check: records PASS/FAIL, takes a screenshot either way. */
async function uiCheck(page: Page | undefined, name: string, shot: string, fn: () => Promise<string | void>): Promise<boolean> {
	let ok = false;
	let detail: string | undefined;
	try {
		const info = await fn();
		ok = true;
		detail = info || undefined;
	} catch (error) {
		detail = errorText(error);
	}
	if (page) {
		try {
			const file = join(OUTPUT_DIR, `${shot}.png`);
			await page.screenshot({ path: file, timeout: 10_000 });
			detail = `${detail ? `${detail}; ` : ''}screenshot test-output/e2e/${shot}.png`;
		} catch (error) {
			detail = `${detail ? `${detail}; ` : ''}no screenshot (${errorText(error)})`;
		}
	}
	record(name, ok, detail);
	return ok;
}

/** Things to close at the end, whatever happens (LIFO). */
const cleanups: Array<() => Promise<void>> = [];

async function cleanUp(): Promise<void> {
	while (cleanups.length > 0) {
		const fn = cleanups.pop();
		try {
			await Promise.race([fn?.(), new Promise((r) => setTimeout(r, 10_000))]);
		} catch {
			/* best effort */
		}
	}
}

async function launchBrowser(profileDir: string): Promise<BrowserContext> {
	const context = await chromium.launchPersistentContext(profileDir, {
		executablePath: CHROMIUM,
		headless: true,
		args: CHROMIUM_ARGS,
		viewport: { width: 1400, height: 900 },
		timeout: 30_000,
	});
	cleanups.push(() => context.close());
	return context;
}

async function startInstance(
	cs: CodeServerModule,
	bin: string,
	root: string,
	folder: string,
	logName: string,
): Promise<RunningCodeServer> {
	const profile = cs.isolatedProfile(root);
	const server = await cs.startCodeServer({ bin, profile, folder, timeoutMs: 60_000 });
	cleanups.push(async () => {
		await server.stop();
		writeFileSync(join(OUTPUT_DIR, logName), server.output());
	});
	return server;
}

/** Waits for the workbench to be up with the workspace's files in the explorer. */
async function waitForWorkbench(page: Page): Promise<void> {
	await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
	await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'broken.prompt' }).waitFor({ timeout: 30_000 });
}

/** Runs a command through the command palette (F1), by its title as shown there. */
async function runCommand(page: Page, title: string): Promise<void> {
	await page.keyboard.press('F1');
	const input = page.locator('.quick-input-widget input');
	await input.waitFor({ state: 'visible', timeout: 10_000 });
	await input.fill(`>${title}`);
	// The row whose label is exactly `title` (fuzzy matching may rank another command first).
	const escaped = title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	const exact = new RegExp(`^\\s*${escaped}\\s*$`);
	const row = page
		.locator('.quick-input-widget .monaco-list-row')
		.filter({ has: page.locator('.label-name', { hasText: exact }) })
		.first();
	await row.waitFor({ timeout: 10_000 });
	await row.click();
	await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 });
}

async function phaseUi(cs: CodeServerModule, bin: string, tmp: string): Promise<void> {
	const root = join(tmp, 'ui');
	const workspace = join(tmp, 'ui-workspace');
	cpSync(FIXTURE_WORKSPACE, workspace, { recursive: true });
	const profile = cs.isolatedProfile(join(root, 'code-server'));

	// a) install the .vsix with code-server's CLI, then list it.
	let installed = false;
	await uiCheck(undefined, 'a) prompt-lens.vsix installs and code-server --list-extensions shows it', '', async () => {
		const install = await cs.codeServerCli(bin, profile, ['--install-extension', VSIX, '--force']);
		if (install.code !== 0) throw new Error(`--install-extension exited ${install.code}: ${install.stderr || install.stdout}`);
		const list = await cs.codeServerCli(bin, profile, ['--list-extensions', '--show-versions']);
		const line = list.stdout.split('\n').find((l) => l.toLowerCase().startsWith(`${EXTENSION_ID}@`));
		if (list.code !== 0 || !line) throw new Error(`not listed (exit ${list.code}): ${JSON.stringify(list.stdout.trim())}`);
		installed = true;
		return line.trim();
	});
	if (!installed) return;

	const server = await cs.startCodeServer({ bin, profile, folder: workspace, timeoutMs: 60_000 });
	cleanups.push(async () => {
		await server.stop();
		writeFileSync(join(OUTPUT_DIR, 'code-server-ui.log'), server.output());
	});
	const context = await launchBrowser(join(root, 'chromium'));
	const page = context.pages()[0] ?? (await context.newPage());
	page.setDefaultTimeout(20_000);
	await page.goto(cs.folderUrl(server.url, workspace), { timeout: 60_000 });
	await waitForWorkbench(page);
	console.log(`e2e: workbench ready (UI phase)  [${elapsed()}]`);

	// Screenshot of a): the Extensions view (its "Installed" section works offline).
	await uiCheck(page, 'a) the Extensions view lists Prompt Lens as installed', 'a-installed', async () => {
		await page.keyboard.press('Control+Shift+X');
		const row = page.locator('.extensions-viewlet .monaco-list-row', { hasText: 'Prompt Lens' }).first();
		await row.waitFor({ timeout: 20_000 });
		return (await row.innerText()).replace(/\s+/g, ' ').trim().slice(0, 100);
	});

	// Open broken.prompt from the explorer.
	await runCommand(page, 'View: Show Explorer');
	await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'broken.prompt' }).click();
	await page.locator('.tabs-container .tab.active', { hasText: 'broken.prompt' }).waitFor({ timeout: 20_000 });
	await page.locator('.editor-group-container.active .monaco-editor .view-lines', { hasText: '{{#if name}}' }).waitFor();

	// b) activation by opening the file (no Prompt Lens command has run yet, and commands would activate
	// it too): the extension's "Prompt Lens" Output channel, created in activate(), is in the Output view.
	await uiCheck(page, 'b) opening a .prompt file activates the extension ("Prompt Lens" Output channel)', 'b-activated', async () => {
		await runCommand(page, 'View: Toggle Output');
		await page.waitForFunction(
			() =>
				Array.from(document.querySelectorAll('.part.panel select option')).some(
					(o) => o.textContent?.trim() === 'Prompt Lens',
				),
			undefined,
			{ timeout: 20_000 },
		);
		const picker = page.locator('.part.panel select', { has: page.locator('option', { hasText: 'Prompt Lens' }) }).first();
		await picker.selectOption({ label: 'Prompt Lens' });
		const line = page.locator('.part.panel .monaco-editor .view-line', { hasText: /\S/ }).first();
		await line.waitFor({ timeout: 10_000 });
		return `channel "Prompt Lens": ${(await line.innerText()).trim().slice(0, 80)}`;
	});

	// c) language mode in the status bar.
	await uiCheck(page, 'c) status bar language mode shows "Dotprompt"', 'c-language-mode', async () => {
		const mode = page.locator('[id="status.editor.mode"]');
		await mode.filter({ hasText: /^\s*Dotprompt\s*$/ }).waitFor({ timeout: 20_000 });
		return `status bar: ${(await mode.innerText()).trim()}`;
	});

	// d) squiggle in the editor.
	await uiCheck(page, 'd) the unclosed {{#if}} gets an error squiggle in the editor', 'd-squiggle', async () => {
		const squiggle = page.locator('.editor-group-container.active .monaco-editor .squiggly-error').first();
		await squiggle.waitFor({ state: 'attached', timeout: 30_000 });
		// Hover it, so the screenshot shows the message too (best effort).
		const box = await squiggle.boundingBox();
		if (box) {
			await page.mouse.move(box.x + Math.min(box.width / 2, 20), box.y + box.height / 2);
			await page.locator('.monaco-hover', { hasText: 'template-syntax' }).first().waitFor({ timeout: 10_000 }).catch(() => undefined);
		}
	});

	// d) the Problems panel (Ctrl+Shift+M) lists it.
	await uiCheck(page, 'd) the Problems panel lists the template-syntax error', 'd-problems', async () => {
		await page.mouse.move(5, 5);
		await page.locator('.editor-group-container.active .monaco-editor textarea').focus();
		await page.keyboard.press('Control+Shift+M');
		const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'template-syntax' }).first();
		try {
			await row.waitFor({ timeout: 5_000 });
		} catch {
			await runCommand(page, 'View: Focus Problems');
			await row.waitFor({ timeout: 15_000 });
		}
		const text = (await row.innerText()).replace(/\s+/g, ' ').trim();
		if (!/never closed/.test(text)) throw new Error(`unexpected problem text: ${text}`);
		return text;
	});

}

async function phaseApi(cs: CodeServerModule, bin: string, tmp: string): Promise<void> {
	const root = join(tmp, 'api');
	const workspace = join(tmp, 'api-workspace');
	cpSync(FIXTURE_WORKSPACE, workspace, { recursive: true });
	const server = await startInstance(cs, bin, join(root, 'code-server'), workspace, 'code-server-api.log');
	const context = await launchBrowser(join(root, 'chromium'));
	const page = context.pages()[0] ?? (await context.newPage());

	const remote = (path: string): string => `vscode-remote://127.0.0.1:${server.port}${path}`;
	const payload = JSON.stringify([
		['extensionDevelopmentPath', remote(REPO_ROOT)],
		['extensionTestsPath', remote(SUITE)],
	]);
	const log: string[] = [];
	let suiteChecks = 0;
	let suiteFailures = 0;
	let resolveExit: (code: number) => void = () => undefined;
	const exit = new Promise<number>((r) => (resolveExit = r));
	const shots: Promise<void>[] = [];
	// Best effort: the suite keeps going (restart, edits) while this runs, so only shoot when the squiggle
	// is on screen; the UI phase's screenshots are the ones that are checked.
	const shootDiagnostics = async (): Promise<void> => {
		const seen = await page
			.locator('.editor-group-container.active .monaco-editor .squiggly-error')
			.first()
			.waitFor({ state: 'attached', timeout: 5_000 })
			.then(() => true)
			.catch(() => false);
		if (seen) await page.screenshot({ path: join(OUTPUT_DIR, 'api-diagnostics.png'), timeout: 10_000 }).catch(() => undefined);
	};
	await page.exposeFunction('codeAutomationLog', (type: unknown, args: unknown) => {
		const parts = Array.isArray(args) ? args : [args];
		const text = parts.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
		for (const line of text.split('\n')) {
			log.push(`[${String(type)}] ${line}`);
			const at = line.indexOf(CHECK_PREFIX);
			if (at < 0) continue;
			const m = /^(PASS|FAIL) (.*?)(?: :: (.*))?$/.exec(line.slice(at + CHECK_PREFIX.length).trim());
			if (m) {
				suiteChecks++;
				if (m[1] !== 'PASS') suiteFailures++;
				// Picture the editor while the suite is still running (after it exits, the extension host
				// is gone and so are its diagnostics).
				if (m[1] === 'PASS' && m[2].startsWith('template-syntax error')) shots.push(shootDiagnostics());
				record(`extension host: ${m[2]}`, m[1] === 'PASS', m[3]);
			}
		}
	});
	await page.exposeFunction('codeAutomationExit', (code: unknown) => resolveExit(Number(code)));

	const url = cs.folderUrl(server.url, workspace, `&payload=${encodeURIComponent(payload)}`);
	await page.goto(url, { timeout: 60_000 });
	const budget = Math.max(30_000, TOTAL_TIMEOUT_MS - (Date.now() - started) - 15_000);
	let timer: ReturnType<typeof setTimeout> | undefined;
	const code = await Promise.race([
		exit,
		new Promise<number>((r) => (timer = setTimeout(() => r(-1), budget))),
		server.exited.then(() => -2),
	]);
	clearTimeout(timer);
	writeFileSync(join(OUTPUT_DIR, 'extension-host-suite.log'), log.join('\n') + '\n');
	await Promise.all(shots);
	const why =
		code === -1 ? `no exit from the suite within ${budget} ms` : code === -2 ? 'code-server exited' : `exit code ${code}`;
	const clean = code === 0;
	// A non-zero exit is already counted when the suite reported a failing check; otherwise count it here.
	if (suiteChecks === 0 || (!clean && suiteFailures === 0)) {
		const tail = log.slice(-15).join('\n    ');
		record('extension host: suite finished with exit code 0', false, `${why}, ${suiteChecks} checks reported; last output:\n    ${tail || '(none)'}`);
	} else {
		console.log(`extension-host suite: ${why}, ${suiteChecks} checks (log: test-output/e2e/extension-host-suite.log)`);
	}
}

async function main(): Promise<number> {
	mkdirSync(OUTPUT_DIR, { recursive: true });
	const cs = await loadCodeServerModule();
	const missing = missingPrerequisites(cs);
	for (const [file, how] of [
		[VSIX, 'npm run build && npm run package'],
		[join(REPO_ROOT, 'dist', 'client.js'), 'npm run build'],
		[SUITE, 'node esbuild.mjs --tests'],
	] as const) {
		if (!existsSync(file)) missing.push(`${file} is missing: run \`${how}\``);
	}
	if (missing.length > 0) {
		for (const m of missing) console.error(`e2e: ${m}`);
		record('e2e prerequisites', false, missing.join('; '));
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

const overall = setTimeout(() => {
	finish(`total time limit of ${TOTAL_TIMEOUT_MS} ms reached`);
	void cleanUp().finally(() => {
		removeTemp();
		process.exit(1);
	});
}, TOTAL_TIMEOUT_MS);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
	process.on(signal, () => {
		finish(`interrupted by ${signal}`);
		void cleanUp().finally(() => {
		removeTemp();
		process.exit(1);
	});
	});
}

main()
	.then(() => finish())
	.catch((error: unknown) => finish(`harness error: ${errorText(error)}`))
	.finally(() => {
		clearTimeout(overall);
		void cleanUp().finally(() => {
			removeTemp();
			process.exit(process.exitCode ?? 1);
		});
	});
