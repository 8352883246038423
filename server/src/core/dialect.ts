// Recognises other tools' `.prompt` formats (Humanloop, Continue, Go templates) so we can stay quiet instead of reporting false errors.
import { detectGoTemplate } from './goTemplateDialect';
import type { ForeignDialect } from './types';

const CHAT_TAG = /^[ \t]*<(system|user|assistant)>/m;
const DOTPROMPT_ROLE = /\{\{~?\s*(role|history)\b/;
/** Continue's preamble: plain `key: value` lines, then a `---` line, with no opening `---`. */
const PREAMBLE_THEN_RULE = /^(?:[A-Za-z_][\w-]*:[^\n]*\r?\n)+---[ \t]*\r?\n/;

/** `bodyStart` is where the template starts (0 without frontmatter). */
export function detectForeignDialect(text: string, bodyStart: number): ForeignDialect | undefined {
	const chat = chatTagDialect(text, bodyStart);
	if (chat) return chat;
	const preamble = bodyStart === 0 ? PREAMBLE_THEN_RULE.exec(text) : null;
	if (preamble) {
		const rule = preamble[0].lastIndexOf('---');
		return {
			name: 'Continue',
			evidence: 'a settings preamble closed by `---` without an opening `---`',
			span: { start: rule, end: rule + 3 },
		};
	}
	return detectGoTemplate(text, bodyStart);
}

/**
 * `<user>`…`</user>` lines and no Dotprompt role tag: Humanloop (after a frontmatter) or Continue. The only evidence
 * literal text alone can add or remove (the others are tags or the frontmatter), so a shifted parse checks just this.
 */
export function chatTagDialect(text: string, bodyStart: number): ForeignDialect | undefined {
	const body = text.slice(bodyStart);
	// The role tag first: in a Dotprompt prompt it comes early and ends the search at once.
	if (DOTPROMPT_ROLE.test(body)) return undefined;
	const tag = CHAT_TAG.exec(body);
	if (!tag || !new RegExp(`</${tag[1]}>`).test(body)) return undefined;
	const start = bodyStart + tag.index + tag[0].indexOf('<');
	const humanloop = bodyStart > 0;
	return {
		name: humanloop ? 'Humanloop' : 'Continue',
		evidence: `\`<${tag[1]}>\` message tags instead of Dotprompt's \`{{role "${tag[1] === 'assistant' ? 'model' : tag[1]}"}}\``,
		span: { start, end: start + tag[1].length + 2 },
	};
}
