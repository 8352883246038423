// Model output that tries to run script in the compare webview. Each payload, if it ever executed, pushes its number
// into window.__xss (or opens a dialog, or requests /leak-N from the test server); the checks look for all three.

export interface XssPayload {
	name: string;
	text: string;
}

const run = (n: number): string => `__xss.push(${n})`;

export const XSS_PAYLOADS: XssPayload[] = [
	{ name: 'script tag', text: `Hello <script>${run(1)}</script> world` },
	{ name: 'img onerror', text: `<img src=x onerror="${run(2)}">` },
	{ name: 'svg onload', text: `<svg onload="${run(3)}"><circle r="1"/></svg>` },
	{ name: 'markdown javascript: link', text: `[click me](javascript:${run(4)})` },
	{ name: 'html javascript: link', text: `<a href="javascript:${run(5)}">click</a>` },
	{ name: 'data: URL link', text: '[open](data:text/html;base64,PHNjcmlwdD5wYXJlbnQuX194c3MucHVzaCg2KTwvc2NyaXB0Pg==)' },
	{ name: 'iframe srcdoc', text: `<iframe srcdoc="<script>parent.${run(7)}</script>"></iframe>` },
	{ name: 'CSS url(javascript:)', text: `<div style="background:url(javascript:${run(8)})">styled</div>` },
	{ name: 'CSS expression()', text: `<p style="width: expression(${run(9)})">old IE</p>` },
	{ name: 'markdown-embedded HTML handler', text: `**bold** and <b onmouseover="${run(10)}">hover me</b> and _more_` },
	{ name: 'javascript: autolink', text: `<javascript:${run(11)}>` },
	{ name: 'entity-encoded script', text: `&lt;script&gt;${run(12)}&lt;/script&gt; and &#60;img src=x onerror=${run(12)}&#62;` },
	{ name: 'entity-encoded javascript: in a link', text: `[x](&#106;avascript:${run(13)}) [y](java&#x73;cript:${run(13)})` },
	{ name: 'image with an attribute breakout', text: `![pic](x" onerror="${run(14)}) ![pic2](javascript:${run(14)})` },
	{ name: 'mathml xlink:href', text: `<math><mi xlink:href="javascript:${run(15)}">x</mi></math>` },
	{ name: 'script in a code fence', text: '```html\n<script>__xss.push(16)</script>\n<img src=x onerror=__xss.push(16)>\n```' },
	{ name: 'mixed-case and whitespace schemes', text: `[a](JaVaScRiPt:${run(17)}) [b]( javascript:${run(17)}) [c](\tjavascript:${run(17)})` },
	{ name: 'details ontoggle', text: `<details open ontoggle="${run(18)}"><summary>x</summary></details>` },
	{ name: 'command: URIs', text: '[terminal](command:workbench.action.terminal.new) <command:workbench.action.reloadWindow> command:workbench.action.quit [safe](https://example.com/safe)' },
	{ name: 'object and embed', text: `<object data="javascript:${run(20)}"></object><embed src="javascript:${run(20)}">` },
	{ name: 'form formaction', text: `<form><button formaction="javascript:${run(21)}">go</button></form>` },
	{ name: 'meta refresh', text: `<meta http-equiv="refresh" content="0;url=javascript:${run(22)}">` },
	{ name: 'noscript mutation XSS', text: `<noscript><p title="</noscript><img src=x onerror=${run(23)}>">` },
	{ name: 'style tag import', text: `<style>@import 'javascript:${run(24)}'; body{background:url(/leak-24)}</style>` },
	{ name: 'vbscript and file links', text: '[vb](vbscript:msgbox(25)) [f](file:///etc/passwd) [v](vscode://settings)' },
	{ name: 'remote image beacon', text: '![beacon](/leak-26) <img src="/leak-26b">' },
	{ name: 'base href hijack', text: '<base href="javascript:/"> [rel](foo)' },
	{ name: 'JSON string with script', text: `{"summary":"</pre><script>${run(28)}</script>","confidence":1}` },
];

/** Tags that must never appear inside rendered output. */
export const FORBIDDEN_TAGS = ['script', 'iframe', 'object', 'embed', 'svg', 'math', 'img', 'style', 'link', 'meta', 'base', 'form', 'button', 'input', 'details', 'noscript', 'template'];

/** Attributes that must never appear inside rendered output (besides any on*). */
export const FORBIDDEN_ATTRS = ['href', 'src', 'srcdoc', 'style', 'action', 'formaction', 'xlink:href', 'data', 'srcset', 'background'];
