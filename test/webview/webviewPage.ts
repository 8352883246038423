// Helpers over the webview page: open it fresh, deliver extension messages, read what it posted, and look into columns.
import type { Page } from 'playwright-core';
import type { Message } from './compareFixtures';
import type { CspMode, WebviewServer } from './webviewServer';
import type { WebviewTheme } from './themes';

declare global {
	interface Window {
		__send(...messages: unknown[]): void;
		__posted: Message[];
		__xss: number[];
		__violations: { directive: string; blocked: string; sample: string }[];
		__frames(n?: number): Promise<void>;
	}
}

export interface Session {
	page: Page;
	server: WebviewServer;
	/** Dialogs (alert, confirm, prompt) opened by the page: a sign of executed script. */
	dialogs: string[];
	pageErrors: string[];
}

/** Loads the page with empty webview state and waits for the `ready` handshake. */
export async function openFresh(s: Session, csp: CspMode): Promise<void> {
	await s.page.goto(s.server.pageUrl(csp));
	await s.page.evaluate(() => sessionStorage.clear());
	await s.page.reload();
	await waitReady(s.page);
}

export async function waitReady(page: Page): Promise<void> {
	await page.waitForFunction(() => window.__posted?.some((m) => m.type === 'ready'), undefined, { timeout: 10_000 });
}

/** Delivers messages as the extension would, then waits two frames so the batched render has happened. */
export async function send(page: Page, ...messages: Message[]): Promise<void> {
	await page.evaluate(async (list) => {
		window.__send(...list);
		await window.__frames(2);
	}, messages);
}

export async function posted(page: Page): Promise<Message[]> {
	return page.evaluate(() => window.__posted);
}

export async function clearPosted(page: Page): Promise<void> {
	await page.evaluate(() => {
		window.__posted.length = 0;
	});
}

export async function text(page: Page, selector: string): Promise<string> {
	return page.evaluate((sel) => Array.from(document.querySelectorAll(sel)).map((e) => e.textContent ?? '').join('\n'), selector);
}

export function column(id: string): string {
	return `article.column[data-column="${id}"]`;
}

/** Sets the variables and body class as VS Code does when the theme changes. */
export async function applyTheme(page: Page, theme: WebviewTheme): Promise<void> {
	await page.evaluate((t) => {
		const root = document.documentElement;
		for (const [name, value] of Object.entries(t.vars)) root.style.setProperty(name, value);
		document.body.classList.remove('vscode-light', 'vscode-dark', 'vscode-high-contrast');
		document.body.classList.add(t.bodyClass);
		document.body.setAttribute('data-vscode-theme-kind', t.bodyClass);
	}, theme);
}
