// Walks the Handlebars AST with Handlebars' own context rules (#each, #with, block params, ../, @root) to tell which input each variable reads.
import type { HbsNode, HbsProgram } from './handlebarsParser';
import { KNOWN_HELPERS } from './knownHelpers';
import type { LineIndex } from './lineIndex';
import type { PartialCall, Span, TemplateScope, VariableRef } from './types';

/** `@index`-style values Handlebars and Dotprompt provide; `@root` is handled apart, it reads the input. */
const DATA_ROOT = '@root';

interface BlockParam {
	base?: string[];
	data: boolean;
}

interface Frame {
	/** Input path of this context; undefined when unknown. */
	base?: string[];
	params: Map<string, BlockParam>;
}

export const EMPTY_SCOPE: TemplateScope = { references: [], partialCalls: [] };

/** `lines` indexes the body; spans come back offset by `bodyStart`. */
export function collectScope(program: HbsProgram, body: string, bodyStart: number, lines: LineIndex): TemplateScope {
	const walker = new ScopeWalker(body, bodyStart, lines);
	walker.program(program, [{ base: [], params: new Map() }]);
	return { references: walker.references, partialCalls: walker.partialCalls };
}

class ScopeWalker {
	readonly references: VariableRef[] = [];
	readonly partialCalls: PartialCall[] = [];

	constructor(private readonly body: string, private readonly offset: number, private readonly lines: LineIndex) {}

	program(program: HbsProgram | undefined, stack: Frame[]): void {
		for (const statement of program?.body ?? []) this.statement(statement, stack);
	}

	private statement(node: HbsNode, stack: Frame[]): void {
		switch (node.type) {
			case 'MustacheStatement':
			case 'SubExpression':
				this.call(node, stack);
				return;
			case 'BlockStatement':
				this.block(node, stack);
				return;
			case 'PartialStatement':
			case 'PartialBlockStatement':
				this.partial(node, stack);
				return;
			default:
		}
	}

	/** A mustache or sub-expression: its path is a helper when it has arguments or names a known helper. */
	private call(node: HbsNode, stack: Frame[]): void {
		const path = node.path as HbsNode;
		const args = this.argumentsOf(node);
		const helper = path.type === 'PathExpression' && (args.length > 0 || (KNOWN_HELPERS.includes(String(path.original)) && !path.data));
		if (!helper) this.expression(path, stack);
		for (const arg of args) this.expression(arg, stack);
	}

	private block(node: HbsNode, stack: Frame[]): void {
		const path = node.path as HbsNode;
		const name = String(path.original ?? '');
		const params = (node.params as HbsNode[] | undefined) ?? [];
		this.call(node, stack);
		const program = node.program as HbsProgram | undefined;
		const inner = this.innerFrame(name, params, stack, (program?.blockParams as string[] | undefined) ?? []);
		this.program(program, inner ? [...stack, inner] : stack);
		// `{{else}}` renders in the outer context.
		this.program(node.inverse as HbsProgram | undefined, stack);
	}

	/** The context inside a block: each element, the `with` value, or unchanged for if/unless and other helpers. */
	private innerFrame(name: string, params: HbsNode[], stack: Frame[], blockParams: string[]): Frame | undefined {
		const first = params[0];
		const firstBase = first ? this.resolve(first, stack)?.path : undefined;
		if (name === 'each' || name === 'with') {
			const base = firstBase && (name === 'each' ? [...firstBase, '[]'] : firstBase);
			const named = new Map<string, BlockParam>();
			if (blockParams[0]) named.set(blockParams[0], { base, data: false });
			if (blockParams[1]) named.set(blockParams[1], { data: true });
			return { base, params: named };
		}
		if (!KNOWN_HELPERS.includes(name)) {
			// `{{#items}}…{{/items}}` on a plain value iterates or narrows at runtime; we cannot tell which.
			return { base: undefined, params: new Map() };
		}
		return blockParams.length ? { base: stack[stack.length - 1].base, params: new Map(blockParams.map((p) => [p, { data: true }])) } : undefined;
	}

	private partial(node: HbsNode, stack: Frame[]): void {
		const name = node.name as HbsNode;
		const params = (node.params as HbsNode[] | undefined) ?? [];
		params.forEach((param) => this.expression(param, stack));
		const hash: PartialCall['hash'] = {};
		for (const pair of this.hashPairs(node)) {
			this.expression(pair.value as HbsNode, stack);
			hash[String(pair.key)] = this.resolve(pair.value as HbsNode, stack)?.path;
		}
		if (name.type !== 'PathExpression' && name.type !== 'StringLiteral') {
			this.expression(name, stack);
			return;
		}
		const base = params[0] ? this.resolve(params[0], stack)?.path : stack[stack.length - 1].base;
		this.partialCalls.push({ name: String(name.original ?? name.value), nameSpan: this.span(name), base, hash });
		if (node.type === 'PartialBlockStatement') this.program(node.program as HbsProgram, stack);
	}

	private expression(node: HbsNode | undefined, stack: Frame[]): void {
		if (!node) return;
		if (node.type === 'SubExpression') this.call(node, stack);
		else if (node.type === 'PathExpression') this.reference(node, stack);
	}

	private reference(path: HbsNode, stack: Frame[]): void {
		const span = this.span(path);
		const text = this.body.slice(span.start - this.offset, span.end - this.offset);
		const resolved = this.resolve(path, stack);
		const written = segments(text, span.start);
		const parts = resolved ? written.slice(written.length - resolved.parts) : [];
		this.references.push({ text, span, parts, base: resolved?.base, kind: resolved ? 'input' : 'data' });
	}

	/**
	 * Where a path reads from: its context's input path (`base`), how many written names follow it, and the full path.
	 * Undefined for data (`@index`, each's index param); a path with an unknown base still counts its parts.
	 */
	private resolve(path: HbsNode, stack: Frame[]): { base?: string[]; parts: number; path?: string[] } | undefined {
		if (path.type !== 'PathExpression') return undefined;
		const parts = (path.parts as string[]) ?? [];
		const depth = Number(path.depth ?? 0);
		let base: string[] | undefined;
		let rest = parts;
		if (path.data) {
			if (`@${parts[0]}` !== DATA_ROOT) return undefined;
			base = [];
			rest = parts.slice(1);
		} else if (depth > 0) {
			base = stack[stack.length - 1 - depth]?.base;
		} else {
			const param = !/^this\b|^\.\//.test(String(path.original)) && parts[0] !== undefined ? blockParam(stack, parts[0]) : undefined;
			if (param?.data) return undefined;
			if (param) {
				base = param.base;
				rest = parts.slice(1);
			} else {
				base = stack[stack.length - 1].base;
			}
		}
		return { base, parts: rest.length, path: base && [...base, ...rest] };
	}

	private argumentsOf(node: HbsNode): HbsNode[] {
		return [...((node.params as HbsNode[] | undefined) ?? []), ...this.hashPairs(node).map((pair) => pair.value as HbsNode)];
	}

	private hashPairs(node: HbsNode): HbsNode[] {
		return ((node.hash as { pairs?: HbsNode[] } | undefined)?.pairs) ?? [];
	}

	private span(node: HbsNode): Span {
		if (!node.loc) return { start: this.offset, end: this.offset };
		const start = this.lines.offsetAt(node.loc.start.line, node.loc.start.column) + this.offset;
		const end = this.lines.offsetAt(node.loc.end.line, node.loc.end.column) + this.offset;
		return { start, end: Math.max(start, end) };
	}
}

/** Handlebars looks block params up through enclosing blocks, innermost first. */
function blockParam(stack: Frame[], name: string): BlockParam | undefined {
	for (let i = stack.length - 1; i >= 0; i--) {
		const found = stack[i].params.get(name);
		if (found) return found;
	}
	return undefined;
}

/** The written names of a path (`this`, `..`, `.` and the `@` left out), with spans; `[a b]` segments unwrapped. */
function segments(text: string, start: number): { name: string; span: Span }[] {
	const out: { name: string; span: Span }[] = [];
	const pattern = /\[([^\]]*)\]|[^./[\]]+/g;
	for (const match of text.matchAll(pattern)) {
		const at = start + (match.index ?? 0);
		if (match[1] !== undefined) {
			out.push({ name: match[1], span: { start: at + 1, end: at + 1 + match[1].length } });
			continue;
		}
		const name = match[0].replace(/^@/, '');
		if (name === 'this' || name === '..') continue;
		out.push({ name, span: { start: at + match[0].length - name.length, end: at + match[0].length } });
	}
	return out;
}
