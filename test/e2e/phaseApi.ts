// Phase 2 (API): test/e2e/suite/index.ts run in a second code-server's extension host, its checks read from the page.
import { cpSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { type CodeServerModule, REPO_ROOT } from './codeServer';
import { FIXTURE_WORKSPACE } from './phaseUi';
import { OUTPUT_DIR, record, started, TOTAL_TIMEOUT_MS } from './report';
import { ACTIVE_EDITOR, firstPage, startInstance } from './workbench';

export const SUITE = resolve(REPO_ROOT, 'out', 'test', 'e2e', 'suite', 'index.js');
const CHECK_PREFIX = '[e2e-check]';

/**
 * Suite checks whose PASS triggers a screenshot while the extension host is still alive (the suite holds
 * still for a moment after those): name prefix → [screenshot, what to wait for in the active editor].
 */
const SHOTS: Array<[string, string, string]> = [
	['template-syntax error', 'api-diagnostics', '.squiggly-error'],
	['tokens.prompt: CodeLens', 'api-codelens', '.codelens-decoration'],
	['tokens.prompt: inlay hints', 'api-inlay-hints', '.view-lines'],
	['tokens.prompt: hover', 'api-model-hover', '.monaco-hover'],
	['context-overflow', 'api-context-overflow', '.squiggly-error'],
	['run.prompt: promptLens.run streams', 'api-run-output', '.codelens-decoration'],
	// The check holds the panel on screen for a moment: its columns, metrics and summary row are in the webview's iframe.
	['compare: the panel\'s webview said ready', 'api-compare', 'iframe.webview.ready'],
];

export async function phaseApi(cs: CodeServerModule, bin: string, tmp: string): Promise<void> {
	const root = join(tmp, 'api');
	const workspace = join(tmp, 'api-workspace');
	cpSync(FIXTURE_WORKSPACE, workspace, { recursive: true });
	const profile = cs.isolatedProfile(join(root, 'code-server'));
	const server = await startInstance(cs, bin, profile, workspace, 'code-server-api.log');
	const page = await firstPage(join(root, 'chromium'));
	const remote = (path: string): string => `vscode-remote://127.0.0.1:${server.port}${path}`;
	const payload = JSON.stringify([
		['extensionDevelopmentPath', remote(REPO_ROOT)],
		['extensionTestsPath', remote(SUITE)],
	]);
	const suite = new SuiteLog(page);
	const { exit } = await suite.listen();
	await page.goto(cs.folderUrl(server.url, workspace, `&payload=${encodeURIComponent(payload)}`), { timeout: 60_000 });
	const budget = Math.max(30_000, TOTAL_TIMEOUT_MS - (Date.now() - started) - 15_000);
	let timer: ReturnType<typeof setTimeout> | undefined;
	const code = await Promise.race([
		exit,
		new Promise<number>((r) => (timer = setTimeout(() => r(-1), budget))),
		server.exited.then(() => -2),
	]);
	clearTimeout(timer);
	await suite.finish(code, budget);
}

/** The suite's console output (through `codeAutomationLog`), its [e2e-check] lines and its exit code. */
class SuiteLog {
	private readonly log: string[] = [];
	private readonly shots: Promise<void>[] = [];
	private checks = 0;
	private failures = 0;

	constructor(private readonly page: Page) {}

	/** Exposes the automation hooks; `exit` resolves with the suite's exit code (boxed: a bare promise would be awaited). */
	async listen(): Promise<{ exit: Promise<number> }> {
		let resolveExit: (code: number) => void = () => undefined;
		const exit = new Promise<number>((r) => (resolveExit = r));
		await this.page.exposeFunction('codeAutomationLog', (type: unknown, args: unknown) => {
			const parts = Array.isArray(args) ? args : [args];
			const text = parts.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
			for (const line of text.split('\n')) this.line(String(type), line);
		});
		await this.page.exposeFunction('codeAutomationExit', (code: unknown) => resolveExit(Number(code)));
		return { exit };
	}

	private line(type: string, line: string): void {
		this.log.push(`[${type}] ${line}`);
		const at = line.indexOf(CHECK_PREFIX);
		if (at < 0) return;
		const m = /^(PASS|FAIL) (.*?)(?: :: (.*))?$/.exec(line.slice(at + CHECK_PREFIX.length).trim());
		if (!m) return;
		this.checks++;
		if (m[1] !== 'PASS') this.failures++;
		// Picture the editor while the suite is still running (after it exits, the extension host is gone
		// and so are its diagnostics).
		const shot = SHOTS.find(([prefix]) => m[2].startsWith(prefix));
		if (m[1] === 'PASS' && shot) this.shots.push(this.shoot(shot[1], shot[2]));
		record(`extension host: ${m[2]}`, m[1] === 'PASS', m[3]);
	}

	/**
	 * Best effort: the suite keeps going (restart, edits) while this runs, so only shoot when `selector` is
	 * on screen; the UI phase's screenshots are the ones that are checked.
	 */
	private async shoot(shot: string, selector: string): Promise<void> {
		// Hovers and webview iframes live outside the editor's DOM.
		const scope = selector === '.monaco-hover' || selector.startsWith('iframe') ? '' : `${ACTIVE_EDITOR} `;
		const seen = await this.page
			.locator(`${scope}${selector}`)
			.first()
			.waitFor({ state: 'attached', timeout: 5_000 })
			.then(() => true)
			.catch(() => false);
		if (seen) await this.page.screenshot({ path: join(OUTPUT_DIR, `${shot}.png`), timeout: 10_000 }).catch(() => undefined);
	}

	/** Saves the log; counts a bad exit as a failure unless a failing check already did. */
	async finish(code: number, budget: number): Promise<void> {
		writeFileSync(join(OUTPUT_DIR, 'extension-host-suite.log'), this.log.join('\n') + '\n');
		await Promise.all(this.shots);
		const why =
			code === -1 ? `no exit from the suite within ${budget} ms` : code === -2 ? 'code-server exited' : `exit code ${code}`;
		if (this.checks === 0 || (code !== 0 && this.failures === 0)) {
			const tail = this.log.slice(-15).join('\n    ');
			const detail = `${why}, ${this.checks} checks reported; last output:\n    ${tail || '(none)'}`;
			record('extension host: suite finished with exit code 0', false, detail);
		} else {
			console.log(`extension-host suite: ${why}, ${this.checks} checks (log: test-output/e2e/extension-host-suite.log)`);
		}
	}
}
