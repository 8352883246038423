// The compare webview in Chromium: handshake, streaming columns, per-frame batching, summary ratios, diff, keyboard, links, restore, CSP.
import { ANSWERS, finished, init, started, wholeRun, type Message } from './compareFixtures';
import { clearPosted, column, openFresh, posted, send, text, type Session } from './webviewPage';
import { assert, assertEqual } from './webviewReport';

const MODELS = [
	{ model: 'openai/gpt-4o-mini' },
	{ model: 'openai/gpt-4o', provider: 'openai' },
	{ model: 'groq/llama-3.1-8b-instant', variant: 'short' },
	{ model: 'anthropic/claude-sonnet-4-5' },
];

/** The comparison most checks start from: base, pricey (4.8× the cost, 1.9× slower), cheap (0.5×, 1.2× faster), failing. */
export function standardRuns(): Message[] {
	return [
		...wholeRun('c1', { output: ANSWERS.base, cost: 0.001, totalMs: 1000 }),
		...wholeRun('c2', { output: ANSWERS.pricey, cost: 0.0048, totalMs: 1900 }),
		...wholeRun('c3', { output: ANSWERS.cheap, cost: 0.0005, totalMs: 830 }),
		started('c4'),
		finished('c4', { output: '', status: 'error', totalMs: 120, error: { kind: 'auth', message: 'anthropic rejected the API key (401). Set it with "Prompt Lens: Set API Key".' } }),
	];
}

export async function checkHandshake(s: Session): Promise<string> {
	await openFresh(s, 'strict');
	const messages = await posted(s.page);
	assertEqual(messages, [{ type: 'ready' }], 'posted on load');
	const defined = await s.page.evaluate(() => ['vscode-button', 'vscode-badge', 'vscode-single-select', 'vscode-textfield'].every((n) => customElements.get(n) !== undefined));
	assert(defined, 'the @vscode-elements components are not registered');
	assert((await text(s.page, '.columns')).includes('No models to compare yet'), 'the empty state is not shown');
	return 'posted [{"type":"ready"}] once; elements registered; empty state shown';
}

export async function checkStreaming(s: Session): Promise<string> {
	const { page } = s;
	await send(page, init(MODELS), started('c1'), { type: 'runEvent', columnId: 'c1', runIndex: 0, event: { type: 'delta', text: 'Tides are the **rise' } });
	assertEqual(await page.locator('article.column').count(), 4, 'columns');
	const streaming = await page.evaluate((sel) => ({
		output: document.querySelector(`${sel} .output`)?.textContent?.trim(),
		busy: document.querySelector(`${sel} .output`)?.getAttribute('aria-busy'),
		live: document.querySelector(`${sel} [role="status"]`)?.textContent,
		activity: document.querySelector('.activity')?.textContent,
	}), column('c1'));
	assertEqual(streaming, { output: 'Tides are the **rise', busy: 'true', live: 'openai/gpt-4o-mini: streaming', activity: 'Running: 1 of 4 columns' }, 'while streaming');
	await send(page, ...standardRuns());
	const done = await page.evaluate(() => ({
		strong: document.querySelector('article[data-column="c1"] .output strong')?.textContent,
		link: document.querySelector('article[data-column="c1"] .output .output-link')?.getAttribute('data-href'),
		alignedCell: document.querySelector('article[data-column="c2"] .output td.align-right')?.textContent,
		error: document.querySelector('article[data-column="c4"] .error')?.textContent,
		c1Metrics: Array.from(document.querySelectorAll('article[data-column="c1"] .metrics dd')).map((d) => d.textContent),
		activity: document.querySelector('.activity')?.textContent,
	}));
	assertEqual(done.strong, 'rise and fall', 'Markdown bold');
	assertEqual(done.link, 'https://oceanservice.noaa.gov/facts/tides.html', 'linkified link');
	assertEqual(done.alignedCell, '2.2', 'right-aligned table cell (class, not style)');
	assert(done.error?.includes('rejected the API key'), `error in its column: ${done.error}`);
	assertEqual(done.c1Metrics, ['200 ms', '1.00 s', '412', `${Math.round(ANSWERS.base.length / 4)}`, '$0.001', 'stop'], 'c1 metrics');
	assertEqual(done.activity, 'All columns finished.', 'activity line');
	return '4 columns; Markdown, link and table rendered; the failing column shows its error; metrics filled';
}

/** Chunks arriving faster than frames: each column renders at most once per animation frame. */
export async function checkFrameBatching(s: Session): Promise<string> {
	const { page } = s;
	await send(page, { type: 'batchStarted', columnId: 'c1', runs: 1 }, started('c1'));
	const burst = await page.evaluate(async () => {
		const before = Number(document.querySelector('article[data-column="c1"]')?.getAttribute('data-renders'));
		for (let i = 0; i < 500; i++) window.__send({ type: 'runEvent', columnId: 'c1', runIndex: 0, event: { type: 'delta', text: `w${i} ` } });
		await window.__frames(2);
		return Number(document.querySelector('article[data-column="c1"]')?.getAttribute('data-renders')) - before;
	});
	assertEqual(burst, 1, 'renders after 500 chunks sent in one task');
	const spread = await page.evaluate(async () => {
		const el = document.querySelector('article[data-column="c1"]');
		const before = Number(el?.getAttribute('data-renders'));
		let frames = 0;
		let chunks = 0;
		let running = true;
		const count = () => {
			frames++;
			if (running) requestAnimationFrame(count);
		};
		requestAnimationFrame(count);
		await new Promise<void>((resolve) => {
			const timer = setInterval(() => {
				for (let i = 0; i < 4; i++, chunks++) window.__send({ type: 'runEvent', columnId: 'c1', runIndex: 0, event: { type: 'delta', text: 'x ' } });
				if (chunks >= 1200) {
					clearInterval(timer);
					resolve();
				}
			}, 1);
		});
		await window.__frames(2);
		running = false;
		return { chunks, frames, renders: Number(el?.getAttribute('data-renders')) - before };
	});
	assert(spread.renders <= spread.frames, `${spread.renders} renders in ${spread.frames} frames`);
	assert(spread.chunks > spread.frames, `the check needs more chunks than frames (${spread.chunks} chunks, ${spread.frames} frames)`);
	await send(page, finished('c1', { output: ANSWERS.base, cost: 0.001, totalMs: 1000 }));
	return `500 chunks in one task → ${burst} render; ${spread.chunks} chunks over ${spread.frames} frames → ${spread.renders} renders of the column`;
}

export async function checkSummary(s: Session): Promise<string> {
	const { page } = s;
	const rows = await page.evaluate(() => Array.from(document.querySelectorAll('.summary tbody tr')).map((tr) => ({
		id: tr.getAttribute('data-column'),
		versus: tr.querySelector('.versus')?.textContent,
		notes: Array.from(tr.querySelectorAll('vscode-badge')).map((b) => b.textContent).join(' '),
	})));
	assertEqual(rows, [
		{ id: 'c1', versus: 'baseline', notes: 'baseline' },
		{ id: 'c2', versus: '4.8× the cost, 1.9× slower', notes: '' },
		{ id: 'c3', versus: '0.5× the cost, 1.2× faster', notes: 'cheapest fastest' },
		{ id: 'c4', versus: '—', notes: '' },
	], 'summary rows');
	assertEqual(await text(page, `${column('c2')} .versus`), 'vs baseline: 4.8× the cost, 1.9× slower', 'column header ratio');
	await clearPosted(page);
	await page.locator(`${column('c2')} vscode-button[data-action="setBaseline"]`).click();
	await page.evaluate(() => window.__frames(2));
	assertEqual(await posted(page), [{ type: 'setBaseline', columnId: 'c2' }], 'posted on Baseline click');
	const rebased = await text(page, '.summary tbody tr[data-column="c1"] .versus');
	assertEqual(rebased, '0.21× the cost, 1.9× faster', 'c1 against the new baseline');
	await page.locator(`${column('c1')} vscode-button[data-action="setBaseline"]`).click();
	return 'ratios "4.8× the cost, 1.9× slower" / "0.5× the cost, 1.2× faster"; cheapest+fastest marked; Baseline button re-bases';
}

export async function checkDiff(s: Session): Promise<string> {
	const { page } = s;
	// The diff is drawn on an animation frame after the last column settles: wait for it rather than read a frame early.
	await page.waitForFunction(() => Array.from(document.querySelectorAll('.diff-output del')).some((d) => d.textContent?.includes('quick')), undefined, { timeout: 5_000 }).catch(() => undefined);
	const parts = await page.evaluate(() => ({
		removed: Array.from(document.querySelectorAll('.diff-output del')).map((d) => d.textContent?.replace('[removed] ', '')),
		added: Array.from(document.querySelectorAll('.diff-output ins')).map((d) => d.textContent?.replace('[added] ', '')),
		options: Array.from(document.querySelectorAll('vscode-single-select[data-diff="right"] vscode-option')).map((o) => o.getAttribute('value')),
	}));
	assert(parts.removed.includes('quick'), `"quick" removed: ${JSON.stringify(parts.removed)}`);
	assert(parts.added.some((a) => a?.includes('slow')), `"slow" added: ${JSON.stringify(parts.added)}`);
	assertEqual(parts.options, ['c1', 'c2', 'c3', 'c4'], 'diff column choices');
	await clearPosted(page);
	await page.evaluate(() => {
		const select = document.querySelector('vscode-single-select[data-diff="right"]') as HTMLElement & { value: string };
		select.value = 'c3';
		select.dispatchEvent(new Event('change', { bubbles: true }));
	});
	await page.evaluate(() => window.__frames(2));
	assertEqual(await posted(page), [{ type: 'selectDiff', left: 'c1', right: 'c3' }], 'posted on choosing another column');
	const added = await text(page, '.diff-output ins');
	assert(added.includes('sea goes up'), `diff against c3: ${added}`);
	return `c1→c2: ${parts.removed.length} removed, ${parts.added.length} added runs; choosing c3 posts selectDiff and re-diffs`;
}

/** The toolbar and column buttons post their messages; Cancel all works only while something runs, Repeat only when nothing does. */
export async function checkActions(s: Session): Promise<string> {
	const { page } = s;
	await clearPosted(page);
	const field = page.locator('vscode-textfield.repeat-count');
	await field.click();
	await page.keyboard.press('Control+A');
	await page.keyboard.type('3');
	await page.keyboard.press('Enter');
	await page.locator('vscode-button[data-action="repeat"]').click();
	await page.locator('vscode-button[data-action="save"]').click();
	await page.locator('vscode-button[data-action="exportMarkdown"]').click();
	await page.locator(`${column('c2')} vscode-button[data-action="rerun"]`).click();
	await page.locator('vscode-button[data-action="cancelAll"]').click({ force: true });
	assertEqual(await posted(page), [{ type: 'repeat', times: 3 }, { type: 'repeat', times: 3 }, { type: 'save' }, { type: 'exportMarkdown' }, { type: 'rerun', columnId: 'c2' }], 'posted by the buttons (Cancel all is disabled when idle)');
	await send(page, { type: 'batchStarted', columnId: 'c1', runs: 1 }, started('c1'));
	const busy = await page.evaluate(() => ({
		cancel: document.querySelector('vscode-button[data-action="cancelAll"]')?.hasAttribute('disabled'),
		repeat: document.querySelector('vscode-button[data-action="repeat"]')?.hasAttribute('disabled'),
		rerun: document.querySelector('article[data-column="c1"] vscode-button[data-action="rerun"]')?.hasAttribute('disabled'),
	}));
	assertEqual(busy, { cancel: false, repeat: true, rerun: true }, 'disabled while c1 runs');
	await clearPosted(page);
	await page.locator('vscode-button[data-action="cancelAll"]').click();
	assertEqual(await posted(page), [{ type: 'cancelAll' }], 'posted by Cancel all');
	await send(page, finished('c1', { output: ANSWERS.base, cost: 0.001, totalMs: 1000 }));
	return 'Repeat (Enter in the count field and the button) posts repeat 3; Save, Export Markdown, Rerun post; Cancel all only while running';
}
