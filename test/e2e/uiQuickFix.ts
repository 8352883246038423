// UI check f): a lint quick fix applied through the lightbulb, the way a user fixes `{{role "assistant"}}` in roles.prompt.
import type { Page } from 'playwright-core';
import { uiCheck } from './report';
import { ACTIVE_EDITOR, openFromExplorer } from './workbench';

export async function quickFixUiCheck(page: Page): Promise<void> {
	const opened = await uiCheck(page, 'f) roles.prompt opens with an invalid-role squiggle on "assistant"', 'f-invalid-role', async () => {
		await page.keyboard.press('Escape');
		await page.mouse.move(5, 5);
		await openFromExplorer(page, 'roles.prompt', 'assistant');
		await page.locator(`${ACTIVE_EDITOR} .squiggly-error`).first().waitFor({ state: 'attached', timeout: 30_000 });
	});
	if (!opened) return;
	await uiCheck(page, 'f) the lightbulb offers "Change to "model"" and applying it rewrites the role', 'f-quick-fix', async () => {
		await page.locator(`${ACTIVE_EDITOR} .view-line`, { hasText: 'assistant' }).first().click();
		const bulb = page.locator(`${ACTIVE_EDITOR} .lightBulbWidget, .lightBulbWidget`).first();
		await bulb.waitFor({ state: 'visible', timeout: 20_000 });
		await bulb.click();
		const action = page.locator('.action-widget .monaco-list-row, .context-view .action-label', { hasText: 'Change to "model"' }).first();
		await action.waitFor({ timeout: 10_000 });
		await action.click();
		const fixed = page.locator(`${ACTIVE_EDITOR} .view-line`, { hasText: '{{role "model"}}' }).first();
		await fixed.waitFor({ timeout: 10_000 });
		if ((await page.locator(`${ACTIVE_EDITOR} .view-lines`).innerText()).includes('"assistant"')) throw new Error('"assistant" is still in the editor');
		return `line now reads: ${(await fixed.innerText()).replace(/\s+/g, ' ').trim()}`;
	});
}
