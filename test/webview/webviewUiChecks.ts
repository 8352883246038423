// Keyboard use, state restore after a reload, and one screenshot per theme (light, dark, high contrast).
import { ANSWERS, init, JSON_ANSWER, JSON_SCHEMA, wholeRun } from './compareFixtures';
import { THEMES } from './themes';
import { standardRuns } from './webviewChecks';
import { applyTheme, clearPosted, column, openFresh, posted, send, text, waitReady, type Session } from './webviewPage';
import { assert, assertEqual, screenshot } from './webviewReport';

/** What has focus, as `tag:action:column` or `tag:class`. */
async function focused(s: Session): Promise<string> {
	return s.page.evaluate(() => {
		const el = document.activeElement;
		if (!el || el === document.body) return 'body';
		const action = el.getAttribute('data-action');
		if (action) return `${action}:${el.getAttribute('data-column') ?? ''}`;
		const column = el.closest('article.column')?.getAttribute('data-column') ?? '';
		return `${el.tagName.toLowerCase()}.${el.getAttribute('class') ?? ''}${column ? `:${column}` : ''}${el.getAttribute('data-diff') ? `:${el.getAttribute('data-diff')}` : ''}`;
	});
}

export async function checkKeyboard(s: Session): Promise<string> {
	const { page } = s;
	// Clicking the (unfocusable) title moves the sequential focus starting point to the top of the page.
	await page.click('h1');
	const order: string[] = [];
	for (let i = 0; i < 60; i++) {
		await page.keyboard.press('Tab');
		const now = await focused(s);
		if (order.includes(now)) break;
		order.push(now);
	}
	const expected = ['vscode-textfield.repeat-count', 'repeat:', 'save:', 'exportMarkdown:', 'summary.', 'rerun:c1', 'setBaseline:c1', 'vote:c1', 'toggleRaw:c1', 'div.output:c1', 'a.output-link:c1', 'rerun:c2', 'div.output:c2', 'rerun:c4', 'div.output:c4', 'vscode-single-select.:left', 'vscode-single-select.:right', 'div.diff-output'];
	const positions = expected.map((e) => order.indexOf(e));
	assert(positions.every((p, i) => p >= 0 && (i === 0 || p > positions[i - 1])), `tab order ${JSON.stringify(order)} lacks or misorders ${JSON.stringify(expected.filter((_, i) => positions[i] < 0 || (i > 0 && positions[i] <= positions[i - 1])))}`);
	assert(!order.includes('cancelAll:'), 'the disabled Cancel all button is in the tab order');

	await clearPosted(page);
	await page.locator(`${column('c2')} vscode-button[data-action="vote"]`).focus();
	await page.keyboard.press('Enter');
	await page.evaluate(() => window.__frames(2));
	assertEqual(await posted(page), [{ type: 'vote', columnId: 'c2' }], 'Enter on Vote');
	assertEqual(await page.getAttribute(`${column('c2')} vscode-button[data-action="vote"]`, 'aria-pressed'), 'true', 'Vote pressed');
	await page.locator(`${column('c1')} vscode-button[data-action="toggleRaw"]`).focus();
	await page.keyboard.press(' ');
	await page.evaluate(() => window.__frames(2));
	assert((await text(page, `${column('c1')} .output pre.raw`)).includes('**rise and fall**'), 'Space on Raw text shows the raw answer');
	await page.keyboard.press(' ');
	await page.evaluate(() => window.__frames(2));
	await page.locator(`${column('c1')} .output-link`).focus();
	await page.keyboard.press('Enter');
	const last = (await posted(page)).at(-1);
	assertEqual(last, { type: 'openLink', url: 'https://oceanservice.noaa.gov/facts/tides.html' }, 'Enter on an output link');

	const unnamed = await page.evaluate(() => Array.from(document.querySelectorAll('vscode-button')).filter((b) => !(b.getAttribute('aria-label') || b.textContent?.trim())).length);
	assertEqual(unnamed, 0, 'buttons without an accessible name');
	const live = await page.locator('[role="status"]').count();
	assert(live >= 5, `live regions: ${live}`);
	return `${order.length} tab stops in reading order; Enter votes, Space toggles raw text, Enter opens a link; ${live} live regions`;
}

export async function checkRestore(s: Session): Promise<string> {
	const { page } = s;
	await page.reload();
	await waitReady(page);
	const restored = await page.evaluate(() => ({
		columns: document.querySelectorAll('article.column').length,
		winner: document.querySelector('article[data-column="c2"] vscode-button[data-action="vote"]')?.getAttribute('aria-pressed'),
		output: document.querySelector('article[data-column="c3"] .output')?.textContent?.trim(),
		posted: window.__posted,
	}));
	assertEqual(restored, { columns: 4, winner: 'true', output: ANSWERS.cheap, posted: [{ type: 'ready' }] }, 'after reload, before any init');
	return 'columns, outputs and the vote come back from getState() before the extension answers ready';
}

export async function checkClickLink(s: Session): Promise<string> {
	const { page } = s;
	const url = page.url();
	await clearPosted(page);
	await page.locator(`${column('c1')} .output-link`).click();
	await page.evaluate(() => window.__frames(1));
	assertEqual(await posted(page), [{ type: 'openLink', url: 'https://oceanservice.noaa.gov/facts/tides.html' }], 'posted on click');
	assertEqual(page.url(), url, 'page URL after the click');
	assertEqual(page.context().pages().length, 1, 'pages open');
	return 'a click posts openLink with the checked URL; the page does not navigate and opens nothing';
}

export async function checkThemes(s: Session): Promise<string> {
	const shots: string[] = [];
	for (const theme of THEMES) {
		await openFresh(s, 'strict');
		await applyTheme(s.page, theme);
		await send(s.page,
			init([{ model: 'openai/gpt-4o-mini' }, { model: 'openai/gpt-4o' }, { model: 'openai/gpt-4.1-nano', variant: 'json' }, { model: 'anthropic/claude-sonnet-4-5' }], { vote: 'c2' }),
			{ type: 'schema', columnId: 'c3', format: 'json', jsonSchema: JSON_SCHEMA },
			...standardRuns().filter((m) => m.columnId !== 'c3'),
			{ type: 'batchStarted', columnId: 'c3', runs: 3 },
			...[0, 1, 2].flatMap((i) => wholeRun('c3', { output: JSON_ANSWER, cost: 0.0002 + i * 0.00001, totalMs: 700 + i * 40 }, i)));
		const background = await s.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
		const expected = hexToRgb(theme.vars['--vscode-editor-background']);
		assertEqual(background, expected, `${theme.name} body background`);
		assert((await text(s.page, `${column('c3')} .schema-problems`)).includes('$.confidence'), 'the JSON column lists its schema problems');
		shots.push(await screenshot(s.page, `compare-${theme.name}`));
	}
	return shots.join(', ');
}

function hexToRgb(hex: string): string {
	const n = Number.parseInt(hex.slice(1, 7), 16);
	return `rgb(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255})`;
}
