// Phase 1 (UI): prompt-lens.vsix installed into a fresh code-server, checked through chromium like a user would.
import { cpSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { type CodeServerModule, type Profile, REPO_ROOT } from './codeServer';
import { elapsed, uiCheck } from './report';
import { quickFixUiCheck } from './uiQuickFix';
import { tokenUiChecks } from './uiTokens';
import { ACTIVE_EDITOR, firstPage, openFromExplorer, runCommand, startInstance, waitForWorkbench } from './workbench';

const EXTENSION_ID = 'prompt-lens.prompt-lens';
export const VSIX = resolve(process.env.PROMPT_LENS_VSIX || join(REPO_ROOT, 'prompt-lens.vsix'));
export const FIXTURE_WORKSPACE = resolve(REPO_ROOT, 'test', 'fixtures', 'workspace');

export async function phaseUi(cs: CodeServerModule, bin: string, tmp: string): Promise<void> {
	const root = join(tmp, 'ui');
	const workspace = join(tmp, 'ui-workspace');
	cpSync(FIXTURE_WORKSPACE, workspace, { recursive: true });
	const profile = cs.isolatedProfile(join(root, 'code-server'));
	if (!(await installVsix(cs, bin, profile))) return;

	const server = await startInstance(cs, bin, profile, workspace, 'code-server-ui.log');
	const page = await firstPage(join(root, 'chromium'));
	page.setDefaultTimeout(20_000);
	await page.goto(cs.folderUrl(server.url, workspace), { timeout: 60_000 });
	await waitForWorkbench(page);
	console.log(`e2e: workbench ready (UI phase)  [${elapsed()}]`);

	await checkInstalled(page);
	await openFromExplorer(page, 'broken.prompt', '{{#if name}}');
	await checkActivation(page);
	await checkLanguageMode(page);
	await checkSquiggle(page);
	await checkProblems(page);
	await tokenUiChecks(page);
	await quickFixUiCheck(page);
}

/** a) install the .vsix with code-server's CLI, then list it. */
async function installVsix(cs: CodeServerModule, bin: string, profile: Profile): Promise<boolean> {
	return uiCheck(undefined, 'a) prompt-lens.vsix installs and code-server --list-extensions shows it', '', async () => {
		const install = await cs.codeServerCli(bin, profile, ['--install-extension', VSIX, '--force']);
		if (install.code !== 0) throw new Error(`--install-extension exited ${install.code}: ${install.stderr || install.stdout}`);
		const list = await cs.codeServerCli(bin, profile, ['--list-extensions', '--show-versions']);
		const line = list.stdout.split('\n').find((l) => l.toLowerCase().startsWith(`${EXTENSION_ID}@`));
		if (list.code !== 0 || !line) throw new Error(`not listed (exit ${list.code}): ${JSON.stringify(list.stdout.trim())}`);
		return line.trim();
	});
}

/** Screenshot of a): the Extensions view (its "Installed" section works offline). */
async function checkInstalled(page: Page): Promise<void> {
	await uiCheck(page, 'a) the Extensions view lists Prompt Lens as installed', 'a-installed', async () => {
		await page.keyboard.press('Control+Shift+X');
		const row = page.locator('.extensions-viewlet .monaco-list-row', { hasText: 'Prompt Lens' }).first();
		await row.waitFor({ timeout: 20_000 });
		return (await row.innerText()).replace(/\s+/g, ' ').trim().slice(0, 100);
	});
}

/**
 * b) activation by opening the file (no Prompt Lens command has run yet, and commands would activate it
 * too): the extension's "Prompt Lens" Output channel, created in activate(), is in the Output view.
 */
async function checkActivation(page: Page): Promise<void> {
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
}

/** c) language mode in the status bar. */
async function checkLanguageMode(page: Page): Promise<void> {
	await uiCheck(page, 'c) status bar language mode shows "Dotprompt"', 'c-language-mode', async () => {
		const mode = page.locator('[id="status.editor.mode"]');
		await mode.filter({ hasText: /^\s*Dotprompt\s*$/ }).waitFor({ timeout: 20_000 });
		return `status bar: ${(await mode.innerText()).trim()}`;
	});
}

/** d) squiggle in the editor. */
async function checkSquiggle(page: Page): Promise<void> {
	await uiCheck(page, 'd) the unclosed {{#if}} gets an error squiggle in the editor', 'd-squiggle', async () => {
		const squiggle = page.locator(`${ACTIVE_EDITOR} .squiggly-error`).first();
		await squiggle.waitFor({ state: 'attached', timeout: 30_000 });
		// Hover it, so the screenshot shows the message too (best effort).
		const box = await squiggle.boundingBox();
		if (box) {
			await page.mouse.move(box.x + Math.min(box.width / 2, 20), box.y + box.height / 2);
			await page.locator('.monaco-hover', { hasText: 'template-syntax' }).first().waitFor({ timeout: 10_000 }).catch(() => undefined);
		}
	});
}

/** d) the Problems panel (Ctrl+Shift+M) lists it. */
async function checkProblems(page: Page): Promise<void> {
	await uiCheck(page, 'd) the Problems panel lists the template-syntax error', 'd-problems', async () => {
		await page.mouse.move(5, 5);
		await page.locator(`${ACTIVE_EDITOR} textarea`).focus();
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
