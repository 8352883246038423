// Assigns counted messages back to the role sections that produced them, for per-section hovers and inlay hints.
import type { ModelEstimate } from './estimate';
import type { PromptDoc, RoleSection } from './types';

export interface SectionTokens {
	section: RoleSection;
	/** Tokens of the message this section rendered to (overhead included); 0 when it rendered to nothing. */
	tokens: number;
}

/**
 * The renderer emits one message per non-empty section, in order, and drops empty ones; walking both lists
 * in order and matching roles recovers which section each message came from. `{{history}}` renders nothing here.
 */
export function sectionTokens(doc: PromptDoc, estimate: ModelEstimate): SectionTokens[] {
	const messages = [...estimate.messages];
	return doc.roleSections.filter((s) => !s.history).map((section) => {
		const role = section.role === 'model' ? 'assistant' : section.role;
		const next = messages[0];
		if (next && next.role === role && !emptySection(doc, section)) {
			messages.shift();
			return { section, tokens: next.tokens };
		}
		return { section, tokens: 0 };
	});
}

function emptySection(doc: PromptDoc, section: RoleSection): boolean {
	const start = section.markerSpan?.end ?? section.span.start;
	return doc.text.slice(start, section.span.end).trim() === '';
}
