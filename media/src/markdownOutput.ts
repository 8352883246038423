// Model output (untrusted) → sanitized DOM: markdown-it without HTML, then DOMPurify; links carry no href and open only through the extension.
import DOMPurify from 'dompurify';
import MarkdownIt from 'markdown-it';
import { isSafeLinkUrl } from '../shared/compareMessages';

/** Elements Markdown can produce; anything else is dropped even if markdown-it ever let it through. */
const ALLOWED_TAGS = ['a', 'p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'ul', 'ol', 'li', 'pre', 'code', 'em', 'strong', 's', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'span'];
const ALLOWED_ATTR = ['href', 'title', 'class', 'start'];
export const LINK_CLASS = 'output-link';

const md = createMarkdown();
let hooked = false;

/** Replaces `container`'s children with the rendered, sanitized Markdown of `text`. */
export function renderMarkdownInto(container: Element, text: string): void {
	installHooks();
	const html = md.render(text);
	const fragment = DOMPurify.sanitize(html, {
		ALLOWED_TAGS,
		ALLOWED_ATTR,
		ALLOW_DATA_ATTR: false,
		ALLOW_ARIA_ATTR: false,
		ALLOWED_URI_REGEXP: /^(?:https?|mailto):/i,
		RETURN_DOM_FRAGMENT: true,
	});
	container.replaceChildren(fragment);
}

/** The address of a rendered output link (set only when it passed `isSafeLinkUrl`). */
export function linkTarget(element: Element): string | undefined {
	const link = element.closest(`.${LINK_CLASS}`);
	const url = link?.getAttribute('data-href') ?? undefined;
	return url !== undefined && isSafeLinkUrl(url) ? url : undefined;
}

function createMarkdown(): ReturnType<typeof MarkdownIt> {
	const markdown = new MarkdownIt({ html: false, linkify: true, typographer: false });
	// markdown-it already refuses javascript:, vbscript:, file: and most data: URLs; ours is stricter (http(s) and mailto only).
	markdown.validateLink = (url) => isSafeLinkUrl(url);
	// Images would be fetched from wherever the model says (the CSP blocks them anyway): show the alt text as a link instead.
	markdown.renderer.rules.image = (tokens, index, options, env, self) => {
		const token = tokens[index];
		const alt = self.renderInlineAsText(token.children ?? [], options, env);
		const src = String(token.attrGet('src') ?? '');
		const label = markdown.utils.escapeHtml(`[image${alt ? `: ${alt}` : ''}]`);
		return isSafeLinkUrl(src) ? `<a href="${markdown.utils.escapeHtml(src)}">${label}</a>` : label;
	};
	// Table alignment comes as style attributes, which the CSP (no 'unsafe-inline') would refuse: use classes.
	markdown.core.ruler.push('align_classes', (state) => {
		for (const token of state.tokens) {
			const style = token.attrGet('style');
			if (style === null) continue;
			const align = /text-align:\s*(left|right|center)/.exec(String(style))?.[1];
			token.attrs = (token.attrs ?? []).filter(([name]) => name !== 'style');
			if (align) token.attrJoin('class', `align-${align}`);
		}
		return true;
	});
	return markdown;
}

/** Every surviving link loses its href (nothing can navigate or reach VS Code's own link handling) and keeps the checked address as data. */
function installHooks(): void {
	if (hooked) return;
	hooked = true;
	DOMPurify.addHook('afterSanitizeAttributes', (node) => {
		if (node.nodeName !== 'A') return;
		const href = node.getAttribute('href') ?? '';
		node.removeAttribute('href');
		if (!isSafeLinkUrl(href)) return;
		node.setAttribute('data-href', href);
		node.setAttribute('class', LINK_CLASS);
		node.setAttribute('role', 'link');
		node.setAttribute('tabindex', '0');
		node.setAttribute('title', href);
	});
}
