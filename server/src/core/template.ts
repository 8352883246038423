// Parses the Handlebars body into located nodes and role sections, or one syntax diagnostic when it does not compile.
import { parseHandlebars, type HbsNode, type HbsProgram } from './handlebarsParser';
import { LineIndex } from './lineIndex';
import { scanMustaches } from './mustacheScanner';
import { recoveredNodes } from './recoveredNodes';
import { collectScope, EMPTY_SCOPE } from './scope';
import { flatten } from './outline';
import { strayBraceDiagnostics } from './strayBraces';
import { templateErrorDiagnostic } from './templateErrors';
import type { CoreDiagnostic, RoleSection, Span, TemplateNode, TemplateScope } from './types';

/** Deeper nesting than this is not outlined; it only happens in generated or hostile input. */
const MAX_DEPTH = 100;

export interface TemplateResult {
	nodes: TemplateNode[];
	roleSections: RoleSection[];
	scope: TemplateScope;
	diagnostics: CoreDiagnostic[];
	/** When the template does not parse: what the forgiving scan reads outside the broken construct (PromptDoc.recovered). */
	recovered?: TemplateNode[];
	/** The literal text runs, in document order, when the template parses (what reparsePrompt may edit in place). */
	textRuns?: Span[];
}

/** Parses `text.slice(bodyStart)`; every span in the result is an offset into `text`. */
export function parseTemplate(text: string, bodyStart: number): TemplateResult {
	const body = text.slice(bodyStart);
	const depth = maxBlockDepth(body);
	if (depth > MAX_DEPTH) {
		// Handlebars' parser slows down sharply with nesting; no hand-written prompt nests this deep.
		return { nodes: [], roleSections: [], scope: EMPTY_SCOPE, diagnostics: [{ code: 'template-too-deep', severity: 'info', message: `Blocks are nested ${depth} levels deep (more than ${MAX_DEPTH}); Prompt Lens does not analyze this template.`, span: { start: bodyStart, end: bodyStart } }] };
	}
	const parsed = parseHandlebars(body);
	if (!parsed.ok) {
		// Keep the outline steady while the user is mid-edit: find role markers with the forgiving scanner.
		const roleSections = sectionsFrom(scannedMarkers(body, bodyStart), false, text, bodyStart);
		const error = templateErrorDiagnostic(parsed.error, body, bodyStart);
		return { nodes: [], roleSections, scope: EMPTY_SCOPE, diagnostics: [error], recovered: recoveredNodes(body, bodyStart, error.span) };
	}
	const lines = new LineIndex(body);
	const walker = new Walker(body, bodyStart, lines);
	const nodes = walker.program(parsed.program, 0);
	const scope = collectScope(parsed.program, body, bodyStart, lines);
	const roleSections = sectionsFrom(walker.markers, walker.hasLeadingContent, text, bodyStart);
	const comments = flatten(nodes).filter((node) => node.kind === 'comment').map((node) => node.span);
	return { nodes, roleSections, scope, diagnostics: strayBraceDiagnostics(walker.contents, comments, text), textRuns: walker.contents };
}

export interface Marker {
	role: string;
	span: Span;
	history: boolean;
}

class Walker {
	readonly markers: Marker[] = [];
	/** Literal text runs, in document order, for the stray-brace check. */
	readonly contents: Span[] = [];
	hasLeadingContent = false;

	constructor(private readonly body: string, private readonly offset: number, private readonly lines: LineIndex) {}

	program(program: HbsProgram | undefined, depth: number): TemplateNode[] {
		const out: TemplateNode[] = [];
		if (!program || depth > MAX_DEPTH) return out;
		for (const statement of program.body) {
			const node = this.statement(statement, depth);
			if (node) out.push(node);
		}
		return out;
	}

	private statement(node: HbsNode, depth: number): TemplateNode | undefined {
		const span = this.span(node);
		switch (node.type) {
			case 'ContentStatement':
				this.contents.push(span);
				if (this.markers.length === 0 && /\S/.test(String(node.original ?? ''))) this.hasLeadingContent = true;
				return undefined;
			case 'CommentStatement':
				return { kind: 'comment', span, name: '', nameSpan: { start: span.start, end: span.start }, children: [] };
			case 'MustacheStatement':
				return this.mustache(node, span);
			case 'BlockStatement':
			case 'DecoratorBlock':
				return this.block(node, span, depth);
			case 'PartialStatement':
			case 'PartialBlockStatement':
				return this.partial(node, span, depth);
			default:
				return undefined;
		}
	}

	private mustache(node: HbsNode, span: Span): TemplateNode {
		const path = node.path as HbsNode;
		const name = nameOf(path);
		const params = (node.params as HbsNode[] | undefined) ?? [];
		if (name === 'role' && params[0]?.type === 'StringLiteral') {
			this.markers.push({ role: String(params[0].value), span, history: false });
		} else if (name === 'history') {
			this.markers.push({ role: 'history', span, history: true });
		} else if (this.markers.length === 0) {
			this.hasLeadingContent = true;
		}
		return { kind: 'mustache', span, name, nameSpan: this.span(path), children: [], hasParams: hasParams(node) };
	}

	private block(node: HbsNode, span: Span, depth: number): TemplateNode {
		const path = node.path as HbsNode;
		if (this.markers.length === 0) this.hasLeadingContent = true;
		const children = [
			...this.program(node.program as HbsProgram | undefined, depth + 1),
			...this.program(node.inverse as HbsProgram | undefined, depth + 1),
		];
		return { kind: 'block', span, name: nameOf(path), nameSpan: this.span(path), openSpan: this.openTag(node, span), children, hasParams: hasParams(node), decorator: node.type === 'DecoratorBlock' || undefined };
	}

	private partial(node: HbsNode, span: Span, depth: number): TemplateNode {
		const name = node.name as HbsNode;
		if (this.markers.length === 0) this.hasLeadingContent = true;
		const children = node.type === 'PartialBlockStatement' ? this.program(node.program as HbsProgram, depth + 1) : [];
		return { kind: 'partial', span, name: nameOf(name), nameSpan: this.span(name), children };
	}

	/** `{{#name …}}` ends at the first `}}` after the last thing Handlebars located inside it. */
	private openTag(node: HbsNode, span: Span): Span {
		const parts = [node.path, ...((node.params as HbsNode[]) ?? []), node.hash].filter(Boolean) as HbsNode[];
		const last = Math.max(...parts.map((part) => this.span(part).end), span.start);
		const close = this.body.indexOf('}}', last - this.offset);
		const end = close < 0 ? span.end : Math.min(close + this.offset + 2, span.end);
		return { start: span.start, end };
	}

	private span(node: HbsNode | undefined): Span {
		if (!node?.loc) return { start: this.offset, end: this.offset };
		const start = this.lines.offsetAt(node.loc.start.line, node.loc.start.column) + this.offset;
		const end = this.lines.offsetAt(node.loc.end.line, node.loc.end.column) + this.offset;
		return { start, end: Math.max(start, end) };
	}
}

function scannedMarkers(body: string, bodyStart: number): Marker[] {
	const markers: Marker[] = [];
	for (const tag of scanMustaches(body)) {
		if (!tag.closed) continue;
		const role = /^\{\{~?\s*role\s+(["'])([^"']*)\1\s*~?\}\}$/.exec(body.slice(tag.start, tag.end));
		const span = { start: tag.start + bodyStart, end: tag.end + bodyStart };
		if (role) markers.push({ role: role[2], span, history: false });
		else if (tag.sigil === '' && tag.name === 'history') markers.push({ role: 'history', span, history: true });
	}
	return markers;
}

/** Deepest nesting of `{{#…}}` blocks, by a linear scan that never fails. */
/**
 * How deep blocks nest, from the tags alone (before Handlebars parses anything: its parser is quadratic in nesting).
 * `{{else if b}}` opens a block inside the inverse of its parent that the parent's `{{/if}}` closes too, so a chain of
 * them nests as deeply as written-out blocks do.
 */
function maxBlockDepth(body: string): number {
	const opened: number[] = [];
	let depth = 0;
	let max = 0;
	for (const match of body.matchAll(/\{\{~?\s*(?:([#^/])|else\s+([^\s}~]))/g)) {
		const sigil = match[1];
		if (sigil === '/') {
			depth -= opened.pop() ?? 0;
		} else if (sigil === undefined) {
			if (opened.length > 0) opened[opened.length - 1]++;
			depth++;
		} else if (!(sigil === '^' && /^\s*~?\}\}/.test(body.slice(match.index + match[0].length, match.index + match[0].length + 4)))) {
			// `{{^}}` alone is an else, not a block.
			opened.push(1);
			depth++;
		}
		max = Math.max(max, depth);
	}
	return max;
}

function hasParams(node: HbsNode): boolean {
	const hash = node.hash as { pairs?: unknown[] } | undefined;
	return ((node.params as unknown[] | undefined)?.length ?? 0) > 0 || (hash?.pairs?.length ?? 0) > 0;
}

function nameOf(node: HbsNode | undefined): string {
	if (!node) return '';
	if (typeof node.original === 'string') return node.original;
	if (node.value !== undefined) return String(node.value);
	return '';
}

/** Each marker opens a section that runs to the next marker; text before the first marker is a user message. */
/** The role sections the markers open; `leading`: text or tags before the first marker open an implicit user section. */
export function sectionsFrom(markers: Marker[], leading: boolean, text: string, bodyStart: number): RoleSection[] {
	const sorted = [...markers].sort((a, b) => a.span.start - b.span.start);
	const sections: RoleSection[] = [];
	if (leading) {
		const end = sorted[0]?.span.start ?? text.length;
		sections.push({ role: 'user', span: trimEnd(text, { start: bodyStart, end }) });
	}
	sorted.forEach((marker, i) => {
		const end = sorted[i + 1]?.span.start ?? text.length;
		sections.push({ role: marker.role, span: trimEnd(text, { start: marker.span.start, end }), markerSpan: marker.span, history: marker.history || undefined });
	});
	return sections;
}

function trimEnd(text: string, span: Span): Span {
	let end = span.end;
	while (end > span.start && /\s/.test(text[end - 1])) end--;
	return { start: span.start, end };
}
