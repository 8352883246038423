// Untrusted model output in the webview: XSS payloads never execute (with and without the CSP), links stay inert, and the CSP holds.
import { init, wholeRun } from './compareFixtures';
import { clearPosted, openFresh, posted, send, type Session } from './webviewPage';
import { assert, assertEqual } from './webviewReport';
import type { CspMode } from './webviewServer';
import { FORBIDDEN_ATTRS, FORBIDDEN_TAGS, XSS_PAYLOADS } from './xssPayloads';

/** Elements and attributes in rendered output that should not be there (empty when clean). */
async function offenders(s: Session): Promise<string[]> {
	return s.page.evaluate(({ tags, attrs }) => {
		const found: string[] = [];
		for (const el of Array.from(document.querySelectorAll('.output *, .diff-output *, .details *'))) {
			const tag = el.tagName.toLowerCase();
			if (tags.includes(tag)) found.push(`<${tag}>`);
			for (const attr of Array.from(el.attributes)) {
				if (attr.name.startsWith('on') || attrs.includes(attr.name)) found.push(`<${tag} ${attr.name}>`);
			}
			const href = el.getAttribute('data-href');
			if (href !== null && !/^(https?:\/\/|mailto:)/i.test(href)) found.push(`<${tag} data-href=${href}>`);
		}
		if (document.scripts.length !== 2) found.push(`${document.scripts.length} script elements`);
		if (document.querySelectorAll('iframe, object, embed, frame').length > 0) found.push('a frame or plugin element');
		return found;
	}, { tags: FORBIDDEN_TAGS, attrs: FORBIDDEN_ATTRS });
}

/** Every payload into a Markdown column, a raw-text column, a JSON column and the diff between the first two. */
export async function checkXss(s: Session, csp: CspMode): Promise<string> {
	const { page, server } = s;
	await openFresh(s, csp);
	const url = page.url();
	const requestsBefore = server.requests.length;
	await send(page,
		init([{ model: 'a/markdown' }, { model: 'b/raw' }, { model: 'c/json' }], { ui: { raw: ['c2'], shownRun: {} } }),
		{ type: 'schema', columnId: 'c3', format: 'json', jsonSchema: { type: 'object' } });
	const problems: string[] = [];
	for (const payload of XSS_PAYLOADS) {
		await send(page,
			...wholeRun('c1', { output: payload.text, chunks: 5 }),
			...wholeRun('c2', { output: `${payload.text} (again)`, chunks: 4 }),
			...wholeRun('c3', { output: payload.text, chunks: 3 }));
		const found = await offenders(s);
		if (found.length > 0) problems.push(`${payload.name}: ${[...new Set(found)].join(', ')}`);
		// Clicking what looks like a link must post only checked URLs and never navigate.
		for (const link of await page.locator('.output .output-link').all()) await link.click();
		await page.locator('.output').first().click({ position: { x: 2, y: 2 } });
	}
	await page.waitForTimeout(300); // Long enough for any onerror/onload or a meta refresh to have fired.
	const trapped = await page.evaluate(() => window.__xss);
	const links = (await posted(page)).filter((m) => m.type === 'openLink').map((m) => String(m.url));
	const leaks = server.requests.slice(requestsBefore).filter((p) => p !== '/page' && p !== '/harness.js' && !p.startsWith('/dist/media/'));
	assertEqual(trapped, [], 'payloads that executed');
	assertEqual(s.dialogs, [], 'dialogs opened');
	assertEqual(leaks, [], 'requests made by the output');
	assertEqual(page.url(), url, 'page URL');
	assert(links.length > 0 && links.every((l) => l === 'https://example.com/safe'), `openLink posted: ${links.join(' ') || 'nothing'}`);
	assert(problems.length === 0, problems.join(' | '));
	if (csp === 'strict') {
		const violations = await page.evaluate(() => window.__violations);
		assertEqual(violations, [], 'CSP violations while rendering the payloads');
	}
	await clearPosted(page);
	return `${XSS_PAYLOADS.length} payloads × (Markdown, raw, JSON, diff)${csp === 'none' ? ' with no CSP (the sanitizer alone)' : ' under the panel CSP'}: nothing ran, no forbidden element or attribute, no request, ${links.length} link clicks posted only the one https link`;
}

/**
 * The panel's CSP is in force (an inline style attribute is refused) and the whole UI ran without needing
 * 'unsafe-inline': Lit gives @vscode-elements its styles through adoptedStyleSheets.
 */
export async function checkCsp(s: Session): Promise<string> {
	const { page } = s;
	const before = await page.evaluate(() => window.__violations.slice());
	assertEqual(before, [], 'CSP violations during the checks so far');
	const canary = await page.evaluate(async () => {
		const probe = document.createElement('div');
		probe.setAttribute('style', 'color: rgb(1, 2, 3)');
		document.body.appendChild(probe);
		const applied = getComputedStyle(probe).color === 'rgb(1, 2, 3)';
		probe.remove();
		await new Promise((r) => setTimeout(r, 50));
		const refused = window.__violations.map((v) => v.directive);
		window.__violations.length = 0;
		const adopted = Array.from(document.querySelectorAll('vscode-button')).some((b) => (b.shadowRoot?.adoptedStyleSheets.length ?? 0) > 0);
		const styleElements = Array.from(document.querySelectorAll('vscode-button, vscode-badge, vscode-single-select, vscode-textfield')).reduce((n, el) => n + (el.shadowRoot?.querySelectorAll('style').length ?? 0), 0);
		return { applied, refused, adopted, styleElements };
	});
	assertEqual(canary.applied, false, 'an inline style attribute applied under the panel CSP');
	assert(canary.refused.some((d) => d.startsWith('style-src')), `the canary was not reported: ${JSON.stringify(canary.refused)}`);
	assert(canary.adopted && canary.styleElements === 0, `component styles: adoptedStyleSheets=${canary.adopted}, <style> elements=${canary.styleElements}`);
	return `0 violations; style-src is the bundle origin only, no 'unsafe-inline' (components style through adoptedStyleSheets, ${canary.styleElements} <style> elements); a canary inline style was refused (${canary.refused.join(', ')})`;
}
