// Shared facts about Dotprompt roles for the role rules.
import type { PromptDoc, Span } from '../types';

export const VALID_ROLES = ['system', 'user', 'model', 'tool'];

/** Names other tools use, and the Dotprompt role they mean. */
export const ROLE_ALIASES: Record<string, string> = { assistant: 'model', ai: 'model', bot: 'model', human: 'user', developer: 'system', function: 'tool' };

/** The span of the quoted role name inside a `{{role "x"}}` or `{{#role "x"}}` tag, without the quotes. */
export function roleNameSpan(doc: PromptDoc, tag: Span): { span: Span; role: string } | undefined {
	const text = doc.text.slice(tag.start, tag.end);
	const match = /role\s+(["'])([^"']*)\1/.exec(text);
	if (!match) return undefined;
	const start = tag.start + match.index + match[0].indexOf(match[1]) + 1;
	return { span: { start, end: start + match[2].length }, role: match[2] };
}
