// Bookkeeping for the webview checks: PASS/FAIL lines with elapsed time (as test/e2e/report.ts prints them) and screenshots.
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { errorText, record } from '../support/checkReport';
import { REPO_ROOT } from '../support/paths';

export const OUTPUT_DIR = resolve(REPO_ROOT, 'test-output', 'webview');

export { elapsed, errorText, record, results, type Result } from '../support/checkReport';

/** Runs one check: its return value is the PASS detail; a throw is a FAIL with the error's first lines. */
export async function check(name: string, fn: () => Promise<string | void>): Promise<boolean> {
	try {
		record(name, true, (await fn()) || undefined);
		return true;
	} catch (error) {
		record(name, false, errorText(error));
		return false;
	}
}

export async function screenshot(page: Page, shot: string): Promise<string> {
	const path = join(OUTPUT_DIR, `${shot}.png`);
	await page.screenshot({ path, fullPage: true, timeout: 10_000 });
	return `test-output/webview/${shot}.png`;
}

export function assert(condition: unknown, message: string): asserts condition {
	if (!condition) throw new Error(message);
}

export function assertEqual<T>(actual: T, expected: T, what: string): void {
	if (JSON.stringify(actual) !== JSON.stringify(expected)) throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}
