// e2e bookkeeping: PASS/FAIL lines with elapsed time, UI checks with screenshots, and LIFO clean-ups.
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { REPO_ROOT } from './codeServer';
import { errorText, record } from '../support/checkReport';

export const OUTPUT_DIR = resolve(REPO_ROOT, 'test-output', 'e2e');
// Per pass (one per VS Code version); a loaded 2-core machine has needed ~200 s for the newest.
export const TOTAL_TIMEOUT_MS = Number(process.env.PROMPT_LENS_E2E_TIMEOUT_MS) || 360_000;

export { elapsed, errorText, record, results, started, type Result } from '../support/checkReport';

/** Screenshot to test-output/e2e/<shot>.png; returns the text to append to a check's detail. */
export async function screenshot(page: Page, shot: string): Promise<string> {
	try {
		await page.screenshot({ path: join(OUTPUT_DIR, `${shot}.png`), timeout: 10_000 });
		return `screenshot test-output/e2e/${shot}.png`;
	} catch (error) {
		return `no screenshot (${errorText(error)})`;
	}
}

/** Runs one UI check: records PASS/FAIL, takes a screenshot either way (when there is a page). */
export async function uiCheck(page: Page | undefined, name: string, shot: string, fn: () => Promise<string | void>): Promise<boolean> {
	let ok = false;
	let detail: string | undefined;
	try {
		detail = (await fn()) || undefined;
		ok = true;
	} catch (error) {
		detail = errorText(error);
	}
	if (page) {
		const note = await screenshot(page, shot);
		detail = detail ? `${detail}; ${note}` : note;
	}
	record(name, ok, detail);
	return ok;
}

/** Things to close at the end of a phase, whatever happens (LIFO). */
const cleanups: Array<() => Promise<void>> = [];

export function onCleanUp(fn: () => Promise<void>): void {
	cleanups.push(fn);
}

export async function cleanUp(): Promise<void> {
	while (cleanups.length > 0) {
		const fn = cleanups.pop();
		try {
			await Promise.race([fn?.(), new Promise((r) => setTimeout(r, 10_000))]);
		} catch {
			/* best effort */
		}
	}
}
