// outlinePrompt and foldingSpans: the document's structure (frontmatter, role sections, partials, blocks) for symbols and folding.
import { findFrontmatterKey } from './frontmatter';
import type { FrontmatterKey, PromptDoc, RoleSection, Span, TemplateNode } from './types';

export type OutlineKind = 'frontmatter' | 'key' | 'role' | 'history' | 'partial' | 'block';

export interface OutlineItem {
	name: string;
	detail?: string;
	kind: OutlineKind;
	span: Span;
	/** The part to highlight when the item is picked (a key name, a marker). */
	selectionSpan: Span;
	children: OutlineItem[];
}

export interface FoldingSpan {
	span: Span;
	kind: 'region' | 'comment';
}

export function outlinePrompt(doc: PromptDoc): OutlineItem[] {
	const items: OutlineItem[] = [];
	const front = doc.frontmatter;
	if (front) {
		const model = findFrontmatterKey(front, 'model');
		items.push({
			name: 'Frontmatter',
			detail: model ? doc.text.slice(model.valueSpan.start, model.valueSpan.end) : undefined,
			kind: 'frontmatter',
			span: front.span,
			selectionSpan: { start: 0, end: Math.min(3, doc.text.length) },
			children: keyItems(front.keys, 1, doc.text),
		});
	}
	const partials = flatten(doc.nodes).filter((n) => n.kind === 'partial');
	if (doc.roleSections.length === 0) return [...items, ...partials.map(partialItem)];
	for (const section of doc.roleSections) items.push(sectionItem(section, partials));
	return items;
}

export function foldingSpans(doc: PromptDoc): FoldingSpan[] {
	const spans: FoldingSpan[] = [];
	if (doc.frontmatter) spans.push({ span: doc.frontmatter.span, kind: 'region' });
	for (const section of doc.roleSections) spans.push({ span: section.span, kind: 'region' });
	for (const node of flatten(doc.nodes)) {
		if (node.kind === 'block') spans.push({ span: node.span, kind: 'region' });
		if (node.kind === 'comment') spans.push({ span: node.span, kind: 'comment' });
	}
	return spans;
}

/** Per node list: the lint rules, the partial graph and the outline each flatten the same (5 MB: 125k nodes) list. */
const flattened = new WeakMap<readonly TemplateNode[], readonly TemplateNode[]>();

/** All nodes, depth first, in document order (shared between callers: parses never change their nodes). */
export function flatten(nodes: readonly TemplateNode[]): readonly TemplateNode[] {
	let out = flattened.get(nodes);
	if (!out) flattened.set(nodes, (out = flattenOnce(nodes)));
	return out;
}

/** What flatten will return for `nodes`, built by whoever made them (a shifted parse, from the previous list's). */
export function rememberFlattened(nodes: readonly TemplateNode[], flat: readonly TemplateNode[]): void {
	flattened.set(nodes, flat);
}

function flattenOnce(nodes: readonly TemplateNode[]): TemplateNode[] {
	const out: TemplateNode[] = [];
	const stack = [...nodes].reverse();
	while (stack.length > 0) {
		const node = stack.pop()!;
		out.push(node);
		for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
	}
	return out;
}

function keyItems(keys: FrontmatterKey[], depth: number, text: string, parent: string[] = []): OutlineItem[] {
	return keys
		.filter((k) => k.path.length === parent.length + 1 && parent.every((p, i) => k.path[i] === p))
		.map((k) => ({
			name: k.path[k.path.length - 1],
			detail: keys.some((child) => child.path.length > k.path.length && k.path.every((p, i) => child.path[i] === p))
				? undefined
				: scalarPreview(text.slice(k.valueSpan.start, k.valueSpan.end)),
			kind: 'key' as const,
			span: { start: k.keySpan.start, end: Math.max(k.valueSpan.end, k.keySpan.end) },
			selectionSpan: k.keySpan,
			children: depth < 3 ? keyItems(keys, depth + 1, text, k.path) : [],
		}));
}

function sectionItem(section: RoleSection, partials: TemplateNode[]): OutlineItem {
	const inside = partials.filter((p) => p.span.start >= section.span.start && p.span.end <= section.span.end);
	return {
		name: section.history ? 'history' : section.role,
		detail: section.history ? 'earlier messages' : section.markerSpan ? 'role' : 'implicit user message',
		kind: section.history ? 'history' : 'role',
		span: section.span,
		selectionSpan: section.markerSpan ?? { start: section.span.start, end: section.span.start },
		children: inside.map(partialItem),
	};
}

function partialItem(node: TemplateNode): OutlineItem {
	return { name: `> ${node.name}`, detail: 'partial', kind: 'partial', span: node.span, selectionSpan: node.nameSpan, children: [] };
}

function scalarPreview(value: string): string | undefined {
	const line = value.split(/\r\n|\r|\n/, 1)[0].trim();
	if (!line || value.includes('\n')) return undefined;
	return line.length > 40 ? `${line.slice(0, 39)}…` : line;
}
