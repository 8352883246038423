// A local stand-in for the compare panel's webview: the page VS Code would get (CSP meta, nonce'd scripts), the built bundle, and a fake acquireVsCodeApi.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { DIST } from '../support/paths';

export const BUNDLE_JS = join(DIST, 'media', 'compare.js');
export const BUNDLE_CSS = join(DIST, 'media', 'compare.css');

/** `strict`: the panel's policy (no 'unsafe-inline' anywhere). `none`: no CSP, so the sanitizer alone stands between output and script. */
export type CspMode = 'strict' | 'none';

export interface WebviewServer {
	origin: string;
	/** The page URL for one CSP mode. */
	pageUrl(csp: CspMode): string;
	/** Every path requested, in order (a payload that reaches the network shows up here). */
	requests: string[];
	close(): Promise<void>;
}

/** What the extension's panel will put in its `<meta http-equiv="Content-Security-Policy">`, with `cspSource` = this server. */
export function panelCsp(cspSource: string, nonce: string): string {
	return `default-src 'none'; script-src 'nonce-${nonce}'; style-src ${cspSource}; font-src ${cspSource}`;
}

export async function startWebviewServer(): Promise<WebviewServer> {
	const requests: string[] = [];
	let origin = '';
	const server: Server = createServer((req, res) => {
		const url = new URL(req.url ?? '/', 'http://localhost');
		requests.push(url.pathname);
		const send = (type: string, body: string | Buffer): void => {
			res.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-store' });
			res.end(body);
		};
		if (url.pathname === '/page') return send('text/html; charset=utf-8', pageHtml(origin, url.searchParams.get('csp') === 'none' ? 'none' : 'strict'));
		if (url.pathname === '/harness.js') return send('text/javascript; charset=utf-8', HARNESS);
		if (url.pathname === '/dist/media/compare.js') return send('text/javascript; charset=utf-8', readFileSync(BUNDLE_JS));
		if (url.pathname === '/dist/media/compare.css') return send('text/css; charset=utf-8', readFileSync(BUNDLE_CSS));
		res.writeHead(404, { 'Content-Type': 'text/plain' });
		res.end('not found');
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return {
		origin,
		pageUrl: (csp) => `${origin}/page?csp=${csp}`,
		requests,
		close: () => new Promise((resolve) => server.close(() => resolve())),
	};
}

function pageHtml(origin: string, csp: CspMode): string {
	const nonce = randomBytes(16).toString('base64');
	const meta = csp === 'strict' ? `<meta http-equiv="Content-Security-Policy" content="${panelCsp(origin, nonce)}">` : '';
	return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
${meta}
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${origin}/dist/media/compare.css">
<title>Compare</title>
</head>
<body class="vscode-dark" data-vscode-theme-kind="vscode-dark">
<main id="compare-root"></main>
<script nonce="${nonce}" src="${origin}/harness.js"></script>
<script nonce="${nonce}" src="${origin}/dist/media/compare.js"></script>
</body>
</html>`;
}

/**
 * The fake webview host: `acquireVsCodeApi` (once only, as in VS Code) recording posted messages, state kept in
 * sessionStorage so a reload restores it, `__send` to deliver extension messages, and the traps the XSS checks read.
 */
const HARNESS = `(() => {
	const KEY = '__compareState';
	window.__xss = [];
	window.__posted = [];
	window.__violations = [];
	document.addEventListener('securitypolicyviolation', (e) => {
		window.__violations.push({ directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample });
	});
	let acquired = false;
	window.acquireVsCodeApi = () => {
		if (acquired) throw new Error('An instance of the VS Code API has already been acquired');
		acquired = true;
		return Object.freeze({
			postMessage: (message) => { window.__posted.push(JSON.parse(JSON.stringify(message))); },
			getState: () => { const saved = sessionStorage.getItem(KEY); return saved ? JSON.parse(saved) : undefined; },
			setState: (state) => { sessionStorage.setItem(KEY, JSON.stringify(state)); return state; },
		});
	};
	window.__send = (...messages) => {
		for (const data of messages) window.dispatchEvent(new MessageEvent('message', { data }));
	};
	/** Resolves after n animation frames (renders are batched per frame). */
	window.__frames = (n = 2) => new Promise((resolve) => {
		const step = () => (--n <= 0 ? resolve() : requestAnimationFrame(step));
		requestAnimationFrame(step);
	});
})();`;
