// Loads every partial a prompt reaches ({{> name}}, transitively) through a host-given reader, so lint rules can follow them.
import { flatten } from './outline';
import { parsePrompt } from './parse';
import { EMPTY_SCOPE } from './scope';
import type { PromptDoc, TemplateNode } from './types';

export interface PartialFile {
	name: string;
	/** Where the host found it (a file path or URI), for messages and go-to-definition. */
	location: string;
	doc: PromptDoc;
}

export interface PartialGraph {
	/** Partial name → its file, or null when no file was found; every partial reachable from the prompt. */
	files: Map<string, PartialFile | null>;
	/** Where names are looked up, in order, for the not-found message (e.g. `_name.prompt next to the file`, `prompts/partials`). */
	searched: string[];
	/** True when the prompt reaches more than MAX_PARTIAL_FILES partials: names past that are not in `files`. */
	truncated?: boolean;
}

/** The host's reader: a partial's text and location by name, or null when it does not exist. */
export type PartialSource = (name: string) => Promise<{ location: string; text: string } | null>;

/** A hand-written prompt reaches a handful of partials; this bounds the work on a generated or hostile tree. */
export const MAX_PARTIAL_FILES = 100;
/** Larger partials are recorded as found but not parsed (their own includes are not followed). */
const MAX_PARTIAL_CHARS = 1_000_000;

/**
 * Reads the partials breadth first, each name once, in parallel per level. Never throws: a source that rejects
 * counts as "not found". Partial blocks (`{{#> name}}`) are read too, for navigation, although the runtime only
 * fails on plain `{{> name}}` calls (see partialCalls).
 */
export async function loadPartialGraph(doc: PromptDoc, source: PartialSource | undefined, searched: string[] = []): Promise<PartialGraph> {
	const graph: PartialGraph = { files: new Map(), searched };
	if (!source) return graph;
	let pending = partialNodes(doc).map((node) => node.name);
	while (pending.length > 0) {
		const fresh = [...new Set(pending)].filter((name) => !graph.files.has(name));
		const room = Math.max(0, MAX_PARTIAL_FILES - graph.files.size);
		if (fresh.length > room) graph.truncated = true;
		const batch = fresh.slice(0, room);
		const loaded = await Promise.all(batch.map((name) => readPartial(source, name)));
		pending = [];
		batch.forEach((name, i) => {
			const file = loaded[i];
			graph.files.set(name, file);
			if (file) pending.push(...partialNodes(file.doc).map((node) => node.name));
		});
	}
	return graph;
}

async function readPartial(source: PartialSource, name: string): Promise<PartialFile | null> {
	try {
		const found = await source(name);
		if (!found || typeof found.text !== 'string') return null;
		const { text } = found;
		const doc = text.length > MAX_PARTIAL_CHARS
			? { text, body: { start: 0, end: text.length }, nodes: [], roleSections: [], scope: EMPTY_SCOPE }
			: parsePrompt(text).doc;
		return { name, location: String(found.location), doc };
	} catch {
		// Unreadable is, for the runtime's resolver, the same as missing.
		return null;
	}
}

/**
 * Every `{{> name}}` and `{{#> name}}` with a name a file could have: dynamic partials `{{> (expr)}}` have none,
 * `@partial-block` is data, and a name defined by `{{#*inline "name"}}` in the same file renders the inline one.
 */
export function partialNodes(doc: PromptDoc): readonly TemplateNode[] {
	let found = partialNodesOf.get(doc);
	if (!found) {
		const inline = inlinePartials(doc);
		const called = (node: TemplateNode) =>
			node.kind === 'partial' && node.name !== '' && !node.name.startsWith('@') && !inline.has(node.name);
		found = [...flatten(doc.nodes).filter(called), ...(doc.recovered ?? []).filter(called)];
		partialNodesOf.set(doc, found);
	}
	return found;
}

/** Per document: the graph loader and both partial rules ask (10 ms at 5 MB, 125,000 nodes, each time). */
const partialNodesOf = new WeakMap<PromptDoc, readonly TemplateNode[]>();

/**
 * The `{{> name}}` calls the runtime resolves and fails on. Dotprompt (1.1.2) asks its resolver only for
 * PartialStatements: a partial block `{{#> name}}fallback{{/name}}` never loads a file and renders its fallback.
 * `topLevel` keeps only calls outside any block: those always run when the file renders.
 */
export function partialCalls(doc: PromptDoc, topLevel = false): readonly TemplateNode[] {
	const calls = partialNodes(doc).filter((node) => !isPartialBlock(doc.text, node));
	if (!topLevel) return calls;
	// Only when asked: a set of every top-level node cost 25 ms per edit of a 5 MB prompt.
	const top = new Set(doc.nodes);
	return calls.filter((node) => top.has(node));
}

/** `footer` → `_footer.prompt`; `shared/footer` → `shared/_footer.prompt`. */
export function partialFileName(name: string): string {
	const slash = name.lastIndexOf('/');
	return `${name.slice(0, slash + 1)}_${name.slice(slash + 1)}.prompt`;
}

/**
 * A path or URI whose file name is a partial's (`_footer.prompt`): the only files `{{> name}}` ever loads, so their
 * text is rendered inside a caller, never alone.
 */
export function isPartialFile(location: string): boolean {
	const name = location.slice(Math.max(location.lastIndexOf('/'), location.lastIndexOf('\\')) + 1);
	return name.startsWith('_') && /\.prompt$/i.test(name);
}

/** Names of the `{{> name}}` calls in a partial's file; none when the file is missing or not loaded. */
export function callsIn(graph: PartialGraph, name: string, topLevel = false): string[] {
	const file = graph.files.get(name);
	return file ? [...new Set(partialCalls(file.doc, topLevel).map((node) => node.name))] : [];
}

/** Shortest chain of `{{> …}}` calls from `from` to a name that satisfies `found` (both ends included), or undefined. */
export function chainTo(graph: PartialGraph, from: string, found: (name: string) => boolean, topLevel = false): string[] | undefined {
	const parent = new Map<string, string | undefined>([[from, undefined]]);
	const queue = [from];
	for (let i = 0; i < queue.length; i++) {
		const name = queue[i];
		if (i > 0 && found(name)) return chainEndingAt(parent, name);
		for (const next of callsIn(graph, name, topLevel)) {
			if (next === from && found(next)) return [...chainEndingAt(parent, name), next];
			if (parent.has(next)) continue;
			parent.set(next, name);
			queue.push(next);
		}
	}
	return undefined;
}

function chainEndingAt(parent: Map<string, string | undefined>, name: string): string[] {
	const chain: string[] = [];
	for (let at: string | undefined = name; at !== undefined; at = parent.get(at)) chain.unshift(at);
	return chain;
}

function isPartialBlock(text: string, node: TemplateNode): boolean {
	return /^\{\{~?\s*#/.test(text.slice(node.span.start, node.span.start + 8));
}

/** Names defined by `{{#*inline "name"}}…{{/inline}}`; they also shadow files in the partials this file calls. */
export function inlinePartials(doc: PromptDoc): Set<string> {
	const names = new Set<string>();
	// Two loops, not one over both lists joined: at 5 MB that copy is 125,000 entries on every edit.
	for (const nodes of [flatten(doc.nodes), doc.recovered ?? []]) {
		for (const node of nodes) {
			if (node.kind !== 'block' || node.name !== 'inline' || !node.openSpan) continue;
			const match = /^\{\{~?\s*#\*\s*inline\s+(["'])(.*?)\1/.exec(doc.text.slice(node.openSpan.start, node.openSpan.end));
			if (match) names.add(match[2]);
		}
	}
	return names;
}
