// The compare webview bundle (dist/media/compare.js + .css) in headless Debian chromium through playwright-core, served
// by a local page with the panel's CSP and a fake acquireVsCodeApi.
// Prerequisites: a build (`node esbuild.mjs` or `node esbuild.mjs --tests`), /usr/bin/chromium (or CHROMIUM_PATH).
// Run: node out/test/webview/run.js   (one PASS/FAIL line per check, then `N passed, M failed`; exit 1 on any failure)
// Output: screenshots in test-output/webview/. Env: PROMPT_LENS_WEBVIEW_TIMEOUT_MS (default 120000).
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../e2e/codeServer';
import { checkActions, checkDiff, checkFrameBatching, checkHandshake, checkStreaming, checkSummary } from './webviewChecks';
import type { Session } from './webviewPage';
import { check, elapsed, errorText, OUTPUT_DIR, record, results } from './webviewReport';
import { checkCsp, checkXss } from './webviewSecurityChecks';
import { checkClickLink, checkKeyboard, checkRestore, checkThemes } from './webviewUiChecks';
import { BUNDLE_CSS, BUNDLE_JS, startWebviewServer } from './webviewServer';

const TIMEOUT_MS = Number(process.env.PROMPT_LENS_WEBVIEW_TIMEOUT_MS) || 120_000;

function missing(): string[] {
	const problems: string[] = [];
	for (const file of [BUNDLE_JS, BUNDLE_CSS]) if (!existsSync(file)) problems.push(`${file} is missing: run \`node esbuild.mjs\``);
	if (!existsSync(CHROMIUM)) problems.push(`${CHROMIUM} is missing: run scripts/ensure-test-deps.sh (Debian chromium) or set CHROMIUM_PATH`);
	return problems;
}

async function main(): Promise<void> {
	mkdirSync(OUTPUT_DIR, { recursive: true });
	const problems = missing();
	if (problems.length > 0) {
		record('webview prerequisites', false, problems.join('; '));
		return;
	}
	const server = await startWebviewServer();
	const profile = mkdtempSync(join(tmpdir(), 'prompt-lens-webview-'));
	let context: BrowserContext | undefined;
	try {
		context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1400, height: 900 }, timeout: 30_000 });
		const page = context.pages()[0] ?? (await context.newPage());
		const session: Session = { page, server, dialogs: [], pageErrors: [] };
		page.on('dialog', (dialog) => {
			session.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
			void dialog.dismiss();
		});
		page.on('pageerror', (error) => session.pageErrors.push(errorText(error)));
		await runChecks(session);
	} finally {
		await context?.close().catch(() => undefined);
		await server.close();
		rmSync(profile, { recursive: true, force: true });
	}
}

async function runChecks(s: Session): Promise<void> {
	const steps: Array<[string, () => Promise<string | void>]> = [
		['the page loads under the panel CSP and posts ready', () => checkHandshake(s)],
		['columns render and stream; a failing column shows its error', () => checkStreaming(s)],
		['streaming chunks re-render a column at most once per animation frame', () => checkFrameBatching(s)],
		['the summary marks cheapest and fastest and shows ratios to the baseline', () => checkSummary(s)],
		['the word diff shows two chosen columns', () => checkDiff(s)],
		['buttons post their messages; Cancel all and Repeat follow whether anything runs', () => checkActions(s)],
		['keyboard: tab order, Enter and Space on controls, ARIA names and live regions', () => checkKeyboard(s)],
		['a click on a link in the output posts openLink and never navigates', () => checkClickLink(s)],
		['the state survives a reload (setState / getState)', () => checkRestore(s)],
		['the CSP holds without unsafe-inline', () => checkCsp(s)],
		['XSS payloads in model output never execute (sanitizer alone, no CSP)', () => checkXss(s, 'none')],
		['XSS payloads in model output never execute (panel CSP)', () => checkXss(s, 'strict')],
		['a screenshot per theme', () => checkThemes(s)],
	];
	for (const [name, fn] of steps) await check(name, fn);
	record('no uncaught errors in the page', s.pageErrors.length === 0, s.pageErrors.join(' | ') || undefined);
}

let finished = false;
function finish(extra?: string): void {
	if (finished) return;
	finished = true;
	if (extra) record('webview run', false, extra);
	const passed = results.filter((r) => r.ok).length;
	const failed = results.length - passed;
	console.log(`webview checks finished in ${elapsed()}`);
	console.log(`${passed} passed, ${failed} failed`);
	process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
}

const timer = setTimeout(() => {
	finish(`timed out after ${TIMEOUT_MS} ms`);
	process.exit(1);
}, TIMEOUT_MS);
timer.unref();

main()
	.then(() => finish())
	.catch((error) => finish(errorText(error)))
	.finally(() => clearTimeout(timer));
