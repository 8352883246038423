// empty-render: the prompt renders no message, or a role section renders no text and the runtime silently drops it.
import type { ChatMessage } from '../chatTokens';
import { flatten } from '../outline';
import type { PartialGraph } from '../partialGraph';
import type { PromptDoc, RoleSection, Span, TemplateNode } from '../types';
import type { LintRule } from './rule';

const INPUTS = 'its default and sample inputs (`input.default`, `promptLens.samples`)';

export const emptyRender: LintRule = {
	id: 'empty-render',
	description: 'Rendering with defaults yields no message or an empty message.',
	defaultSeverity: 'warning',
	needs: 'render',
	check({ doc, nodes, messages, partials, missingInputs }) {
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
		return droppedSections(doc, nodes, messages, partials).filter(({ fixed }) => fixed || !waiting).map(({ section, fixed }) => ({
			code: 'empty-render',
			message: droppedMessage(section, fixed),
			span: section.markerSpan ?? firstLine(doc.text, section.span),
		}));
	},
};

type Yield = 'always' | 'maybe' | 'never';

const MAX_ALIGNMENT_CELLS = 1_000_000;

/**
 * The runtime turns the sections that render text into messages, in order, and drops the rest (a role marker after
 * an empty section just takes its place). So the messages are a subsequence of the sections; a section no alignment
 * can give a message to rendered nothing. When sections are not fixed in the text (markers inside blocks or
 * partials, dynamic roles) or nothing aligns, we cannot tell and stay quiet.
 */
function droppedSections(doc: PromptDoc, nodes: TemplateNode[], messages: ChatMessage[], partials: PartialGraph | undefined): { section: RoleSection; fixed: boolean }[] {
	if (!sectionsAreStatic(doc, nodes, partials)) return [];
	const sections = doc.roleSections;
	// The alignment tables grow with sections × messages; a generated prompt with thousands of sections is not
	// worth gigabytes (the 5 MB benchmark prompt has ~40,000), so it is left unjudged.
	if ((sections.length + 1) * (messages.length + 1) > MAX_ALIGNMENT_CELLS) return [];
	const yields = sections.map((s) => sectionYield(doc, s));
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

/** Every role marker is a literal `{{role "x"}}` outside blocks, and no partial can add one. */
function sectionsAreStatic(doc: PromptDoc, nodes: TemplateNode[], partials: PartialGraph | undefined): boolean {
	const top = new Set(doc.nodes.map((node) => node.span.start));
	const markers = doc.roleSections.filter((s) => s.markerSpan);
	if (!markers.every((s) => top.has(s.markerSpan!.start) && (s.history || /^[a-z]+$/.test(s.role)))) return false;
	if (nodes.filter((n) => n.kind === 'mustache' && (n.name === 'role' || n.name === 'history')).length !== markers.length) return false;
	const calls = nodes.filter((n) => n.kind === 'partial');
	if (calls.length === 0) return true;
	if (!partials || partials.truncated || calls.some((n) => !partials.files.get(n.name))) return false;
	return [...partials.files.values()].every((file) => file && !flatten(file.doc.nodes).some((n) => n.name === 'role' || n.name === 'history'));
}

/** Literal text outside any tag always renders; a section with no text and only silent tags never does. */
function sectionYield(doc: PromptDoc, section: RoleSection): Yield {
	const start = section.markerSpan?.end ?? section.span.start;
	const inside = doc.nodes.filter((node) => node.span.start >= start && node.span.start < section.span.end);
	let literal = '';
	let at = start;
	for (const node of inside) {
		literal += doc.text.slice(at, node.span.start);
		at = Math.max(at, node.span.end);
	}
	literal += doc.text.slice(at, Math.max(at, section.span.end));
	if (/\S/.test(literal)) return 'always';
	// Comments and `{{#*inline}}` definitions render nothing themselves.
	return inside.every((node) => node.kind === 'comment' || (node.kind === 'block' && node.name === 'inline')) ? 'never' : 'maybe';
}

function droppedMessage(section: RoleSection, fixed: boolean): string {
	const role = section.role;
	if (!section.markerSpan) {
		return `The text before the first role marker renders nothing with ${INPUTS}, so the Dotprompt runtime sends no user message for it. Check the variables and conditions it uses, or give those inputs a default or a sample.`;
	}
	if (fixed) {
		return `This \`{{role "${role}"}}\` section is empty, and the Dotprompt runtime drops empty sections: the model gets no \`${role}\` message from it. Write its text after the marker, or remove the marker.`;
	}
	return `This \`${role}\` section renders no text with ${INPUTS}, so the Dotprompt runtime drops it: the model gets no \`${role}\` message from it. Check the variables and conditions it uses, or give those inputs a default or a sample.`;
}

function firstLine(text: string, span: Span): Span {
	const start = span.start + (/\S/.exec(text.slice(span.start, span.end))?.index ?? 0);
	const newline = text.indexOf('\n', start);
	return { start, end: newline < 0 || newline > span.end ? span.end : newline };
}
