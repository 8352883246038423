// empty-render: the prompt renders no message, or a role section renders no text and the runtime silently drops it.
import type { ChatMessage } from '../chatTokens';
import type { PartialGraph } from '../partialGraph';
import type { PromptDoc, Span } from '../types';
import { renderedSections, type RenderedSection } from './renderedSections';
import type { LintRule } from './rule';

const INPUTS = 'its default and sample inputs (`input.default`, `promptLens.samples`)';

export const emptyRender: LintRule = {
	id: 'empty-render',
	description: 'Rendering with defaults yields no message or an empty message.',
	defaultSeverity: 'warning',
	needs: 'render',
	check({ doc, nodes, messages, partials, missingInputs, isPartial }) {
		// A partial renders only inside its callers (its trailing `{{role}}` applies to their text): it is judged there.
		if (isPartial) return [];
		// An empty file or a frontmatter-only prompt (Genkit callers pass the messages) is not a finding; `{{#role}}`
		// blocks drop text too, and block-role says so with a fix.
		if (!messages || doc.text.slice(doc.body.start).trim() === '' || nodes.some((n) => n.kind === 'block' && n.name === 'role')) return [];
		// Text that is empty only because an input has no value yet is waiting for the caller, not wrong.
		const waiting = (missingInputs?.length ?? 0) > 0;
		if (messages.length === 0) {
			// With real chat history, `{{history}}` alone still sends messages.
			if (waiting || doc.roleSections.some((s) => s.history)) return [];
			const message = `This prompt renders no message at all with ${INPUTS}: the Dotprompt runtime drops every section whose text is empty or only whitespace, so the model would get an empty request (most providers reject it). Check the conditions the text depends on, or give those inputs a default or a sample.`;
			return [{ code: 'empty-render', message, span: { start: doc.body.start, end: doc.body.start } }];
		}
		return droppedSections(doc, messages, partials).filter(({ fixed }) => fixed || !waiting).map(({ section, fixed }) => ({
			code: 'empty-render',
			message: droppedMessage(section, fixed),
			span: section.markerSpan ?? firstLine(doc.text, section.span),
		}));
	},
};

const MAX_ALIGNMENT_CELLS = 1_000_000;

/**
 * The runtime turns the sections that render text into messages, in order, and drops the rest (a role marker after
 * an empty section just takes its place). So the messages are a subsequence of the sections; a section no alignment
 * can give a message to rendered nothing. When sections are not fixed in the text (markers inside blocks, dynamic
 * roles, partials that switch roles conditionally) or nothing aligns, we cannot tell and stay quiet.
 */
function droppedSections(doc: PromptDoc, messages: ChatMessage[], partials: PartialGraph | undefined): { section: RenderedSection; fixed: boolean }[] {
	const sections = renderedSections(doc, partials);
	// The alignment tables grow with sections × messages; a generated prompt with thousands of sections is not
	// worth gigabytes (the 5 MB benchmark prompt has ~40,000), so it is left unjudged.
	if (!sections || (sections.length + 1) * (messages.length + 1) > MAX_ALIGNMENT_CELLS) return [];
	const yields = sections.map((s) => s.yield);
	const roles = sections.map((s) => (s.history || s.role === 'model' ? 'assistant' : s.role));
	const fits = (i: number, j: number) => yields[i] !== 'never' && roles[i] === messages[j].role;
	const n = sections.length;
	const k = messages.length;
	const forward = table(n, k);
	forward[0][0] = true;
	for (let i = 0; i < n; i++) {
		for (let j = 0; j <= k; j++) {
			if (!forward[i][j]) continue;
			if (yields[i] !== 'always') forward[i + 1][j] = true;
			if (j < k && fits(i, j)) forward[i + 1][j + 1] = true;
		}
	}
	if (!forward[n][k]) return [];
	const backward = table(n, k);
	backward[n][k] = true;
	for (let i = n - 1; i >= 0; i--) {
		for (let j = 0; j <= k; j++) backward[i][j] = (yields[i] !== 'always' && backward[i + 1][j]) || (j < k && fits(i, j) && backward[i + 1][j + 1]);
	}
	return sections
		.map((section, i) => ({ section, fixed: yields[i] === 'never', used: Array.from({ length: k }, (_, j) => forward[i][j] && fits(i, j) && backward[i + 1][j + 1]).some(Boolean) }))
		// Before the first marker, tags that render nothing (inline partial definitions) are not a forgotten message.
		.filter(({ section, used, fixed }) => !used && !section.history && (section.markerSpan || !fixed));
}

function table(n: number, k: number): boolean[][] {
	return Array.from({ length: n + 1 }, () => new Array<boolean>(k + 1).fill(false));
}

function droppedMessage(section: RenderedSection, fixed: boolean): string {
	const role = section.role;
	if (section.partial) return partialMessage(section, fixed);
	if (!section.markerSpan) {
		return `The text before the first role marker renders nothing with ${INPUTS}, so the Dotprompt runtime sends no user message for it. Check the variables and conditions it uses, or give those inputs a default or a sample.`;
	}
	if (fixed) {
		return `This \`{{role "${role}"}}\` section is empty, and the Dotprompt runtime drops empty sections: the model gets no \`${role}\` message from it. Write its text after the marker, or remove the marker.`;
	}
	return `This \`${role}\` section renders no text with ${INPUTS}, so the Dotprompt runtime drops it: the model gets no \`${role}\` message from it. Check the variables and conditions it uses, or give those inputs a default or a sample.`;
}

/** The marker is in a partial: the section it opens holds what follows the `{{> name}}` call here. */
function partialMessage(section: RenderedSection, fixed: boolean): string {
	const role = section.role;
	const opened = `The \`{{role "${role}"}}\` in partial \`${section.partial}\` opens a \`${role}\` section that`;
	if (fixed) {
		return `${opened} is empty where it is included here: the Dotprompt runtime drops empty sections, so the model gets no \`${role}\` message from it. Write the ${role} text after this \`{{> ${section.partial}}}\`, or remove the marker from the partial.`;
	}
	return `${opened} renders no text here with ${INPUTS}, so the Dotprompt runtime drops it: the model gets no \`${role}\` message from it. Check the variables and conditions the text after this call uses, or give those inputs a default or a sample.`;
}

function firstLine(text: string, span: Span): Span {
	const start = span.start + (/\S/.exec(text.slice(span.start, span.end))?.index ?? 0);
	const newline = text.indexOf('\n', start);
	return { start, end: newline < 0 || newline > span.end ? span.end : newline };
}
