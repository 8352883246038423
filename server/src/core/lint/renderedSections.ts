// The role sections a render goes through, with the role markers of included partials spliced in where they are called.
import { flatten } from '../outline';
import type { PartialGraph } from '../partialGraph';
import type { PromptDoc, RoleSection, Span, TemplateNode } from '../types';

/** Whether a section renders text: literal text always does; only comments and inline definitions never do. */
export type Yield = 'always' | 'maybe' | 'never';

export interface RenderedSection {
	role: string;
	history?: boolean;
	yield: Yield;
	/** In the prompt's own text: from its marker (or the body start) to the next section, trailing space trimmed. */
	span: Span;
	/** The prompt's own `{{role}}` marker, or the `{{> name}}` call whose partial opens the section; none for leading text. */
	markerSpan?: Span;
	/** Set when the marker is in a partial: its name (the innermost, when partials nest). */
	partial?: string;
}

type Marker = { kind: 'marker'; role: string; history?: boolean; markerSpan: Span; partial?: string };
type Token = { kind: 'text' | 'dynamic' } | Marker;

/** Partials nest a handful of levels in practice; deeper (or looping) inclusion is left unjudged. */
const MAX_PARTIAL_DEPTH = 10;

/**
 * The sections in render order, or undefined when they cannot be told from the text: a marker inside a block or with
 * a computed role, a partial that is missing or not loaded, or a partial whose markers are themselves conditional.
 * A partial without markers only adds text to the section it is called in (`maybe`: it may render nothing).
 */
export function renderedSections(doc: PromptDoc, partials: PartialGraph | undefined): RenderedSection[] | undefined {
	const tokens = tokensOf(doc, partials, []);
	return tokens && sectionsFrom(doc, tokens);
}

function tokensOf(doc: PromptDoc, graph: PartialGraph | undefined, stack: string[]): Token[] | undefined {
	const markers = new Map(doc.roleSections.filter((s) => s.markerSpan).map((s) => [s.markerSpan!.start, s]));
	const top = new Set(doc.nodes.map((node) => node.span.start));
	// A marker inside a block, or `{{role someVariable}}` (no literal role): the sections depend on data.
	const nested = [...markers.keys()].some((start) => !top.has(start));
	if (nested || flatten(doc.nodes).filter(isMarker).length !== markers.size) return undefined;
	const tokens: Token[] = [];
	let at = doc.body.start;
	for (const node of doc.nodes) {
		if (/\S/.test(doc.text.slice(at, node.span.start))) tokens.push({ kind: 'text' });
		at = Math.max(at, node.span.end);
		const found = nodeTokens(node, markers.get(node.span.start), graph, stack);
		if (!found) return undefined;
		tokens.push(...found);
	}
	if (/\S/.test(doc.text.slice(at))) tokens.push({ kind: 'text' });
	return tokens;
}

function nodeTokens(
	node: TemplateNode,
	marker: RoleSection | undefined,
	graph: PartialGraph | undefined,
	stack: string[],
): Token[] | undefined {
	if (isMarker(node)) {
		if (!marker?.markerSpan || !(marker.history || /^[a-z]+$/.test(marker.role))) return undefined;
		return [{ kind: 'marker', role: marker.role, history: marker.history, markerSpan: marker.markerSpan }];
	}
	// Comments and `{{#*inline}}` definitions render nothing themselves.
	if (node.kind === 'comment' || (node.kind === 'block' && node.name === 'inline')) return [];
	const calls = [node, ...flatten(node.children)].filter((n) => n.kind === 'partial');
	if (calls.length === 0) return [{ kind: 'dynamic' }];
	if (!graph || graph.truncated || calls.some((n) => !graph.files.get(n.name))) return undefined;
	const withMarkers = calls.filter((n) => opensSections(graph, n.name, []));
	if (withMarkers.length === 0) return [{ kind: 'dynamic' }];
	// A partial that switches roles, called inside a block (or as a partial block): which sections render depends on data.
	if (node.kind !== 'partial' || node.children.length > 0) return undefined;
	if (stack.length >= MAX_PARTIAL_DEPTH || stack.includes(node.name)) return undefined;
	const inner = tokensOf(graph.files.get(node.name)!.doc, graph, [...stack, node.name]);
	// Markers inside the partial are reported at the call, where the user can see (and change) what follows them.
	return inner?.map((t) => (t.kind === 'marker' ? { ...t, markerSpan: node.span, partial: t.partial ?? node.name } : t));
}

/** True when the partial, or one it includes, has a role or history marker. */
function opensSections(graph: PartialGraph, name: string, seen: string[]): boolean {
	const file = graph.files.get(name);
	if (!file || seen.includes(name) || seen.length > MAX_PARTIAL_DEPTH) return false;
	const nodes = flatten(file.doc.nodes);
	return nodes.some(isMarker) || nodes.some((n) => n.kind === 'partial' && opensSections(graph, n.name, [...seen, name]));
}

function isMarker(node: TemplateNode): boolean {
	return node.kind === 'mustache' && (node.name === 'role' || node.name === 'history');
}

/** Text before the first marker is a user section; each marker opens the next. */
function sectionsFrom(doc: PromptDoc, tokens: Token[]): RenderedSection[] {
	const opened: { token?: Marker; text: boolean; dynamic: boolean }[] = [{ text: false, dynamic: false }];
	for (const token of tokens) {
		const current = opened[opened.length - 1];
		if (token.kind === 'marker') opened.push({ token, text: false, dynamic: false });
		else if (token.kind === 'text') current.text = true;
		else current.dynamic = true;
	}
	return opened.map(({ token, text, dynamic }, i) => {
		const start = token?.markerSpan.start ?? doc.body.start;
		const next = opened[i + 1]?.token?.markerSpan.start ?? doc.text.length;
		return {
			role: token ? token.role : 'user',
			history: token?.history,
			yield: text ? 'always' : dynamic ? 'maybe' : 'never',
			span: trimEnd(doc.text, { start, end: Math.max(start, next) }),
			markerSpan: token?.markerSpan,
			partial: token?.partial,
		};
	});
}

function trimEnd(text: string, span: Span): Span {
	let end = span.end;
	while (end > span.start && /\s/.test(text[end - 1])) end--;
	return { start: span.start, end };
}
