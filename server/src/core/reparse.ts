// Parses a document again after an edit that changed only literal text: shifts the previous parse by the edit instead
// of running Handlebars over the whole body (two seconds at 5 MB), and says undefined whenever that might differ.
import { chatTagDialect, detectForeignDialect } from './dialect';
import { bodyStartCouldMove } from './frontmatter';
import { lastAtOrBefore } from './lineIndex';
import { flatten, rememberFlattened } from './outline';
import { sectionsFrom, type Marker } from './template';
import type { CoreDiagnostic, Fix, ParseResult, PromptDoc, RoleSection, Span, TemplateNode } from './types';
import type { PartialCall, TemplateScope, VariableRef } from './types';

/** A parse and, when its template parsed, its literal text runs in order (where an edit may change it in place). */
export interface ShiftableParse {
	result: ParseResult;
	textRuns?: Span[];
	/** This version's immediate lint (set by analyzePrompt), with what it read besides the tags and the frontmatter. */
	lint?: { inputs: LintInputs; diagnostics: CoreDiagnostic[] };
}

/** What the immediate lint reads besides the document: equal inputs and a text-only edit give the same findings. */
export interface LintInputs {
	/** Settings and names the lint reads, as JSON. */
	key: string;
	/** The model catalog, by identity (hosts keep one per `promptLens.models`). */
	catalog?: object;
}

/** Characters that make or break a tag (`{{`, `}}`, `\{{`): an edit that touches one is parsed from scratch. */
const TAG_CHARACTERS = /[{}\\]/;
/** Parse diagnostics after which the template was not walked: nothing there to shift. */
const UNSHIFTABLE = new Set(['template-too-deep', 'internal-error', 'foreign-dialect']);

/** The one region where `before` and `after` differ, as an edit of `before`. */
export function changedRegion(before: string, after: string): { start: number; end: number; inserted: string } {
	const limit = Math.min(before.length, after.length);
	// Long equal stretches compare as slices (memcmp), then the last one character by character.
	const steps = [65536, 1024, 1];
	const samePrefix = (at: number, n: number) => before.slice(at, at + n) === after.slice(at, at + n);
	const sameSuffix = (at: number, n: number) =>
		before.slice(before.length - at - n, before.length - at) === after.slice(after.length - at - n, after.length - at);
	let start = 0;
	for (const step of steps) while (start + step <= limit && samePrefix(start, step)) start += step;
	let suffix = 0;
	for (const step of steps) while (suffix + step <= limit - start && sameSuffix(suffix, step)) suffix += step;
	return { start, end: before.length - suffix, inserted: after.slice(start, after.length - suffix) };
}

/**
 * How an edit from the previous parse's text to `text` moves its offsets, when it changed only literal text inside
 * one text run (no brace, backslash, frontmatter or body start touched); undefined when it could change more.
 */
export function planShift(previous: ShiftableParse, text: string): Shift | undefined {
	const { result, textRuns } = previous;
	const { doc } = result;
	if (!textRuns || !doc.frontmatter?.closed || doc.dialect || doc.recovered || result.skipped) return undefined;
	if (result.diagnostics.some((d) => UNSHIFTABLE.has(d.code))) return undefined;
	if (text === doc.text) return new Shift(text.length, text.length, 0, -1);
	const { start, end, inserted } = changedRegion(doc.text, text);
	const old = doc.text;
	if (TAG_CHARACTERS.test(inserted) || TAG_CHARACTERS.test(old.slice(start, end))) return undefined;
	if (TAG_CHARACTERS.test(old[start - 1] ?? '') || TAG_CHARACTERS.test(old[end] ?? '')) return undefined;
	// At the body's very start an insertion would be ambiguous for the offsets there (frontmatter ends, body starts).
	if (start <= doc.body.start || bodyStartCouldMove(text, doc.body.start)) return undefined;
	const run = runAt(textRuns, start, end);
	const delta = inserted.length - (end - start);
	if (run < 0 || foreignAfterEdit(text, doc.body.start, textRuns[run], delta)) return undefined;
	return new Shift(start, end, delta, run);
}

/** The previous parse, shifted to `text` as `shift` (planShift's) says; undefined when it could change more. */
export function reparsePrompt(
	previous: ShiftableParse,
	text: string,
	shift = planShift(previous, text),
): ShiftableParse | undefined {
	if (!shift) return undefined;
	const { result, textRuns } = previous;
	if (text === result.doc.text) return previous;
	const diagnostics = shift.diagnostics(result.diagnostics);
	if (!diagnostics || !textRuns) return undefined;
	const run = shift.run;
	const runs = [...textRuns.slice(0, run), { start: textRuns[run].start, end: textRuns[run].end + shift.delta }];
	for (let i = run + 1; i < textRuns.length; i++) runs.push(shift.span(textRuns[i]));
	const shifted: ShiftableParse = { result: { doc: shiftDoc(result.doc, text, shift, runs), diagnostics }, textRuns: runs };
	return shift.ok ? shifted : undefined;
}

/**
 * Whether the edited text now reads as another tool's format. Tags and frontmatter are unchanged, so chat-tag lines
 * are the only evidence that could have appeared, unless the edited run holds an escaped `\{{…}}`: its literal
 * inside is what the Go-template check reads.
 */
function foreignAfterEdit(text: string, bodyStart: number, run: Span, delta: number): boolean {
	const escaped = text.slice(run.start, run.end + delta).includes('{{');
	return (escaped ? detectForeignDialect(text, bodyStart) : chatTagDialect(text, bodyStart)) !== undefined;
}

/** The index of the text run that holds [start, end], or -1 when the edit is not inside one. */
function runAt(runs: Span[], start: number, end: number): number {
	let low = 0;
	let high = runs.length - 1;
	while (low <= high) {
		const mid = (low + high) >> 1;
		if (runs[mid].end < start) low = mid + 1;
		else if (runs[mid].start > start) high = mid - 1;
		else return end <= runs[mid].end ? mid : -1;
	}
	return -1;
}

/** Offsets before the edit stay, those after it move by `delta`; one strictly inside it would mean a wrong shift. */
export class Shift {
	ok = true;
	/** `run`: the index of the text run that holds the edit. */
	constructor(readonly start: number, readonly end: number, readonly delta: number, readonly run: number) {}

	/** The diagnostics moved with the text; undefined when one starts or ends inside the edited region. */
	diagnostics(found: readonly CoreDiagnostic[]): CoreDiagnostic[] | undefined {
		const moved = found.map((d) => this.diagnostic(d));
		return this.ok ? moved : undefined;
	}

	offset(offset: number): number {
		// An offset at an insertion point moves with it (the end of the text); one at the start of a removal stays.
		if (offset < this.start || (offset === this.start && this.start < this.end)) return offset;
		if (offset >= this.end) return offset + this.delta;
		this.ok = false;
		return offset;
	}

	span(span: Span): Span {
		return span.end <= this.start ? span : { start: this.offset(span.start), end: this.offset(span.end) };
	}

	/** Whether nothing in `span` moves: it ends before the edit (such objects are shared with the previous parse). */
	before(span: Span): boolean {
		return span.end <= this.start;
	}

	diagnostic(d: CoreDiagnostic): CoreDiagnostic {
		if (this.before(d.span) && !d.fixes) return d;
		const shifted: CoreDiagnostic = { ...d, span: this.span(d.span) };
		const edits = (f: Fix) => f.edits.map((e) => ({ ...e, span: this.span(e.span) }));
		if (d.fixes) shifted.fixes = d.fixes.map((f) => ({ ...f, edits: edits(f) }));
		return shifted;
	}

	/** The node moved, and it and everything in it appended to `flat` in flatten's order (node, then its children). */
	node(node: TemplateNode, flat: TemplateNode[]): TemplateNode {
		if (this.before(node.span)) {
			flat.push(node);
			for (const inner of flatten(node.children)) flat.push(inner);
			return node;
		}
		const shifted: TemplateNode = { ...node, span: this.span(node.span), nameSpan: this.span(node.nameSpan), children: [] };
		if (node.openSpan) shifted.openSpan = this.span(node.openSpan);
		flat.push(shifted);
		shifted.children = node.children.map((c) => this.node(c, flat));
		return shifted;
	}

	scope(scope: TemplateScope): TemplateScope {
		const call = (c: PartialCall): PartialCall =>
			(this.before(c.nameSpan) ? c : { ...c, nameSpan: this.span(c.nameSpan) });
		return {
			references: scope.references.map((r) => (this.before(r.span) ? r : this.reference(r))),
			partialCalls: scope.partialCalls.map(call),
		};
	}

	private reference(r: VariableRef): VariableRef {
		return { ...r, span: this.span(r.span), parts: r.parts.map((p) => ({ ...p, span: this.span(p.span) })) };
	}
}

function shiftDoc(doc: PromptDoc, text: string, shift: Shift, runs: Span[]): PromptDoc {
	// Top-level nodes and role sections are in document order: those wholly before the edit are kept as they are.
	const keptNodes = firstAfter(doc.nodes, shift.start);
	const nodes = doc.nodes.slice(0, keptNodes);
	// The flattened list too (every rule and the partial graph read it): the kept nodes' part is the previous one's.
	const before = flatten(doc.nodes);
	const flat = before.slice(0, keptNodes < doc.nodes.length ? before.indexOf(doc.nodes[keptNodes]) : before.length);
	for (let i = keptNodes; i < doc.nodes.length; i++) nodes.push(shift.node(doc.nodes[i], flat));
	rememberFlattened(nodes, flat);
	return {
		text,
		frontmatter: doc.frontmatter,
		body: { start: doc.body.start, end: text.length },
		nodes,
		roleSections: shiftSections(doc, text, shift, runs, nodes),
		scope: shift.scope(doc.scope),
	};
}

/** The index of the first item that ends after `offset` (items sorted by position, not overlapping). */
function firstAfter(items: readonly { span: Span }[], offset: number): number {
	let low = 0;
	let high = items.length;
	while (low < high) {
		const mid = (low + high) >> 1;
		if (items[mid].span.end <= offset) low = mid + 1;
		else high = mid;
	}
	return low;
}

/**
 * Sections before the one holding the edit are unchanged (each ends, trimmed, where the next marker starts); that one
 * is trimmed again and the later ones move. Only an edit before the first marker can open or close the leading section.
 */
function shiftSections(doc: PromptDoc, text: string, shift: Shift, runs: Span[], nodes: TemplateNode[]): RoleSection[] {
	const sections = doc.roleSections;
	const firstMarked = sections.findIndex((s) => s.markerSpan !== undefined);
	const markerAt = (i: number): Marker => {
		const s = sections[i];
		return { role: s.role, span: shift.span(s.markerSpan!), history: s.history === true };
	};
	if (firstMarked < 0 || shift.start < sections[firstMarked].markerSpan!.start) {
		const markers = sections.flatMap((s, i) => (s.markerSpan ? [markerAt(i)] : []));
		return sectionsFrom(markers, leadingContent(text, nodes, runs, markers), text, doc.body.start);
	}
	// The last section that starts before the edit holds it; it and every later one start at a marker.
	const holder = lastAtOrBefore(sections.map((s) => s.span.start), shift.start);
	const later: Marker[] = [];
	for (let i = holder; i < sections.length; i++) later.push(markerAt(i));
	return [...sections.slice(0, holder), ...sectionsFrom(later, false, text, doc.body.start)];
}

/**
 * Whether anything before the first role marker opens the implicit user section (template.ts Walker): a tag other
 * than a comment (a marker starts no earlier than the first), or literal text that is not blank.
 */
function leadingContent(text: string, nodes: TemplateNode[], runs: Span[], markers: Marker[]): boolean {
	const first = markers.reduce((start, m) => Math.min(start, m.span.start), Infinity);
	for (const node of nodes) {
		if (node.span.start >= first) break;
		if (node.kind !== 'comment') return true;
	}
	for (const run of runs) {
		if (run.start >= first) break;
		if (/\S/.test(text.slice(run.start, Math.min(run.end, first)))) return true;
	}
	return false;
}
