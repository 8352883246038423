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
		// The lightbulb shows when the cursor is inside the diagnostic's range: click on the squiggle itself, once the
		// CodeLens line above it is in place (newer VS Code adds it after the squiggle and the text moves down).
		await page.locator(`${ACTIVE_EDITOR} .codelens-decoration`).first().waitFor({ timeout: 20_000 });
		const squiggle = await page.locator(`${ACTIVE_EDITOR} .squiggly-error`).first().boundingBox();
		if (!squiggle) throw new Error('no squiggle to click on');
		await page.mouse.click(squiggle.x + squiggle.width / 2, squiggle.y + squiggle.height / 2);
		const opened = await openLightbulb(page);
		const action = page.locator('.action-widget .monaco-list-row, .context-view .action-label', { hasText: 'Change to "model"' }).first();
		await action.waitFor({ timeout: 10_000 });
		// The action list keeps animating its rows, so Playwright never sees the row "stable" enough to click or hover;
		// the first fix is focused when the menu opens, so check that it is ours and press Enter, as keyboard users do.
		await page.waitForFunction(() => /^Change to "model"(,|$)/.test(document.querySelector('.action-widget .monaco-list-row.focused')?.getAttribute('aria-label') ?? ''), undefined, { timeout: 5_000 });
		await page.keyboard.press('Enter');
		const fixed = page.locator(`${ACTIVE_EDITOR} .view-line`, { hasText: '{{role "model"}}' }).first();
		await fixed.waitFor({ timeout: 10_000 });
		if ((await page.locator(`${ACTIVE_EDITOR} .view-lines`).innerText()).includes('"assistant"')) throw new Error('"assistant" is still in the editor');
		return `${opened}; line now reads: ${(await fixed.innerText()).replace(/\s+/g, ' ').trim()}`;
	});
}

/**
 * Clicks the lightbulb VS Code shows beside the line (in the glyph margin or as a content widget). Should its
 * markup change, Ctrl+. opens the same menu, and the report says which way was used.
 */
async function openLightbulb(page: Page): Promise<string> {
	const bulb = page.locator(`${ACTIVE_EDITOR} .lightBulbWidget [class*="codicon"]:visible, ${ACTIVE_EDITOR} .glyph-margin-widgets [class*="light"]:visible, ${ACTIVE_EDITOR} [class*="codicon-light"]:visible`).first();
	try {
		await bulb.waitFor({ state: 'visible', timeout: 10_000 });
		await bulb.click();
		return 'clicked the lightbulb';
	} catch {
		const margin = await page.locator(`${ACTIVE_EDITOR} .glyph-margin-widgets`).first().innerHTML().catch(() => '(none)');
		await page.keyboard.press('Control+.');
		return `lightbulb not found (glyph margin: ${margin.slice(0, 300)}), opened its menu with Ctrl+.`;
	}
}
