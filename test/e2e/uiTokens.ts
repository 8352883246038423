// UI checks e) for the token/cost features on tokens.prompt (openai/gpt-4o-mini): the CodeLens and the language status.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { OUTPUT_DIR, uiCheck } from './report';
import { ACTIVE_EDITOR, openFromExplorer } from './workbench';

/** `24 tokens · $0.000157/call · 0.2% of 128k` (optionally with `≈ ` and thousands separators). */
export const SUMMARY = /\d+ tokens · \$[\d.]+\/call · [\d.]+% of 128k/;
/** The status item: `24 tokens · $0.000157/call`, with `0.2% of 128k · gpt-4o-mini · …` as its detail. */
const STATUS = /\d+ tokens · \$[\d.]+\/call[\s\S]*[\d.]+% of 128k/;

/** Inner text with non-breaking spaces and runs of whitespace folded to single spaces. */
function flat(text: string): string {
	return text.replace(/\s+/g, ' ').trim();
}

export async function tokenUiChecks(page: Page): Promise<void> {
	const opened = await uiCheck(page, 'e) tokens.prompt (openai/gpt-4o-mini) opens in the editor', 'e-tokens-open', async () => {
		await page.keyboard.press('Escape');
		await page.mouse.move(5, 5);
		await openFromExplorer(page, 'tokens.prompt', 'openai/gpt-4o-mini');
	});
	if (!opened) return;
	await checkCodeLens(page);
	await checkLanguageStatus(page);
}

/** The CodeLens at line 0 shows the token / cost / window summary; inlay hints are reported, not checked. */
async function checkCodeLens(page: Page): Promise<void> {
	await uiCheck(page, 'e) the CodeLens above line 1 shows "N tokens · $…/call · …% of 128k"', 'e-codelens', async () => {
		const lens = page.locator(`${ACTIVE_EDITOR} .codelens-decoration`, { hasText: SUMMARY }).first();
		await lens.waitFor({ timeout: 30_000 });
		const text = flat(await lens.innerText());
		if (!SUMMARY.test(text)) throw new Error(`CodeLens text does not match ${SUMMARY}: ${JSON.stringify(text)}`);
		return `CodeLens "${text}"; inlay hints seen: ${await inlayHintTexts(page)}`;
	});
}

/** Best effort, for the report: the `N tokens` inlay hints rendered in the editor's lines. */
async function inlayHintTexts(page: Page): Promise<string> {
	await page.waitForTimeout(500);
	const lines = flat(await page.locator(`${ACTIVE_EDITOR} .view-lines`).innerText());
	const hints = lines.match(/(?:≈ ?)?[\d,]+ tokens/g) ?? [];
	return hints.length > 0 ? hints.map((h) => `"${h}"`).join(', ') : '(none)';
}

/**
 * The language status: VS Code 1.100 folds language status items into the `{}` entry next to the language
 * mode (`#status.languageStatus`); clicking it opens a hover with one `.hover-language-status` per item.
 */
async function checkLanguageStatus(page: Page): Promise<void> {
	await uiCheck(page, 'e) the language status ({} next to "Dotprompt") shows the summary', 'e-language-status', async () => {
		const indicator = page.locator('[id="status.languageStatus"]');
		await indicator.waitFor({ state: 'visible', timeout: 20_000 });
		const item = page.locator('.hover-language-status', { hasText: STATUS }).first();
		// The item starts as "Prompt Lens" and is updated after a debounce; the hover re-renders with it.
		await indicator.click();
		try {
			await item.waitFor({ state: 'visible', timeout: 10_000 });
		} catch {
			await page.keyboard.press('Escape');
			await indicator.hover();
			await item.waitFor({ state: 'visible', timeout: 10_000 });
		}
		await page.waitForTimeout(500); // let the hover settle before the screenshot
		return `language status "${flat(await item.innerText())}"; ${await hoverBox(page)}`;
	});
}

/**
 * Where the language status hover sits and whether its text fits, for the report; saves a close-up of it
 * as test-output/e2e/e-language-status-hover.png.
 */
async function hoverBox(page: Page): Promise<string> {
	const hover = page.locator('.workbench-hover, .monaco-hover', { has: page.locator('.hover-language-status') }).last();
	const box = await hover.boundingBox();
	if (!box) return 'hover box unknown';
	const clip = { x: Math.max(0, box.x - 20), y: Math.max(0, box.y - 20), width: Math.min(box.width + 40, 1400 - Math.max(0, box.x - 20)), height: box.height + 60 };
	await page.screenshot({ path: join(OUTPUT_DIR, 'e-language-status-hover.png'), clip }).catch(() => undefined);
	const clipped = await hover.evaluate((el) =>
		Array.from(el.querySelectorAll<HTMLElement>('.hover-language-status, .hover-language-status *')).some((e) => e.scrollWidth > e.clientWidth + 1),
	);
	const width = page.viewportSize()?.width ?? 0;
	return `hover x ${Math.round(box.x)}–${Math.round(box.x + box.width)} of ${width}${clipped ? ', its text overflows (cut off)' : ''}`;
}
