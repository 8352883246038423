// Driving the code-server workbench: starting instances and chromium, the command palette, the explorer.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, type CodeServerModule, type Profile, type RunningCodeServer } from './codeServer';
import { OUTPUT_DIR, onCleanUp } from './report';

/** The active editor group's editor (selectors below are scoped to it). */
export const ACTIVE_EDITOR = '.editor-group-container.active .monaco-editor';

export async function launchBrowser(profileDir: string): Promise<BrowserContext> {
	const context = await chromium.launchPersistentContext(profileDir, {
		executablePath: CHROMIUM,
		headless: true,
		args: CHROMIUM_ARGS,
		viewport: { width: 1400, height: 900 },
		timeout: 30_000,
	});
	onCleanUp(() => context.close());
	return context;
}

/** Starts code-server on `folder`; on clean-up stops it and saves its output to test-output/e2e/<logName>. */
export async function startInstance(
	cs: CodeServerModule,
	bin: string,
	profile: Profile,
	folder: string,
	logName: string,
): Promise<RunningCodeServer> {
	const server = await cs.startCodeServer({ bin, profile, folder, timeoutMs: 60_000 });
	onCleanUp(async () => {
		await server.stop();
		writeFileSync(join(OUTPUT_DIR, logName), server.output());
	});
	return server;
}

/** The first page of a fresh chromium profile. */
export async function firstPage(profileDir: string): Promise<Page> {
	const context = await launchBrowser(profileDir);
	await context.addInitScript(enableSmokeTestDriverForPayload);
	return context.pages()[0] ?? (await context.newPage());
}

/**
 * Runs in the page before the workbench: when the URL carries a `payload` (the extension-host phase's
 * extensionDevelopmentPath / extensionTestsPath), the web configuration code-server embeds in the page gets
 * `developmentOptions.enableSmokeTestDriver`. A built VS Code web workbench newer than 1.100 (seen in 1.139) honours
 * a payload only with that option (`if (this.payload && (!this.isBuilt || this.enableSmokeTestDriver))`); VS Code's own
 * server sets it for `--enable-smoke-test-driver`, an option code-server's command line rejects. Pages without a
 * payload (the UI phase) are left alone; on 1.100 it changes nothing the suite sees.
 */
function enableSmokeTestDriverForPayload(): void {
	if (!new URLSearchParams(location.search).has('payload')) return;
	const getAttribute = Element.prototype.getAttribute;
	Element.prototype.getAttribute = function (this: Element, name: string): string | null {
		const value = getAttribute.call(this, name);
		if (name !== 'data-settings' || this.id !== 'vscode-workbench-web-configuration' || !value) return value;
		const config = JSON.parse(value) as { developmentOptions?: Record<string, unknown> };
		config.developmentOptions = { ...config.developmentOptions, enableSmokeTestDriver: true };
		return JSON.stringify(config);
	};
}

/** Waits for the workbench to be up with the workspace's files in the explorer. */
export async function waitForWorkbench(page: Page): Promise<void> {
	await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
	await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'broken.prompt' }).waitFor({ timeout: 30_000 });
}

/** Runs a command through the command palette (F1), by its title as shown there. */
export async function runCommand(page: Page, title: string): Promise<void> {
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

/** Opens `file` by clicking it in the explorer; resolves when its tab is active and `firstText` is shown. */
export async function openFromExplorer(page: Page, file: string, firstText: string): Promise<void> {
	await runCommand(page, 'View: Show Explorer');
	await page.locator('.explorer-folders-view .monaco-list-row', { hasText: file }).click();
	await page.locator('.tabs-container .tab.active', { hasText: file }).waitFor({ timeout: 20_000 });
	await page.locator(`${ACTIVE_EDITOR} .view-lines`, { hasText: firstText }).waitFor();
}
