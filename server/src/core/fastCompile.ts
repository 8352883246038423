// Handlebars' JavaScriptCompiler minus three costs, same JavaScript out (docs/upstream/dotprompt-render-quadratic.md).
import { childProgramKey } from './programKey';

/** An opcode program from Handlebars' Compiler: what `matchExistingProgram` compares. */
export interface OpcodeProgram {
	opcodes: { opcode: string; args: unknown[] }[];
	children: OpcodeProgram[];
	equals(other: OpcodeProgram): boolean;
	index?: number;
}

interface CodeGenLike {
	srcFile?: string;
	wrap(chunk: unknown, loc?: unknown): unknown;
	empty(): unknown;
}

interface JsCompilerInstance {
	context: { environments: (OpcodeProgram | undefined)[] };
	options: { srcName?: string };
	source: CodeGenLike;
	decorators: CodeGenLike;
}

/** Handlebars' `JavaScriptCompiler` constructor, as `create()` puts it on an environment. */
export type JsCompilerClass = (new () => JsCompilerInstance) & {
	prototype: JsCompilerInstance & {
		compile(this: JsCompilerInstance, environment: unknown, options: object, context?: object, asObject?: boolean):
			unknown;
		preamble(this: JsCompilerInstance): void;
		matchExistingProgram(this: JsCompilerInstance, child: OpcodeProgram): OpcodeProgram | undefined;
	};
};

const SOURCE_NODE_ERROR = 'Expected a SourceNode, string, or an array of SourceNodes and strings. Got ';

/**
 * source-map's SourceNode keeps a line, column, file and contents table per chunk for a source map nobody asks for
 * (the runtime passes no `srcName`): ~20 % of the compile's heap. This node keeps only the tree: the same
 * `add`/`prepend` rules, the same `children` (Handlebars renames aliases in place through `children[0]`), the same
 * text.
 */
class CodeNode {
	children: unknown[] = [];

	constructor(chunks?: unknown) {
		if (chunks !== null && chunks !== undefined) this.add(chunks);
	}

	add(chunk: unknown): this {
		if (Array.isArray(chunk)) for (const each of chunk) this.add(each);
		else if (chunk instanceof CodeNode || typeof chunk === 'string') {
			if (chunk) this.children.push(chunk);
		} else throw new TypeError(SOURCE_NODE_ERROR + String(chunk));
		return this;
	}

	prepend(chunk: unknown): this {
		if (Array.isArray(chunk)) for (let i = chunk.length - 1; i >= 0; i--) this.prepend(chunk[i]);
		else if (chunk instanceof CodeNode || typeof chunk === 'string') this.children.unshift(chunk);
		else throw new TypeError(SOURCE_NODE_ERROR + String(chunk));
		return this;
	}

	/** The leaves in order, without recursion (a generated expression may nest as deeply as the template does). */
	toString(): string {
		const parts: string[] = [];
		const stack: unknown[] = [this];
		while (stack.length > 0) {
			const node = stack.pop();
			if (node instanceof CodeNode) for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
			else parts.push(String(node));
		}
		return parts.join('');
	}
}

/** code-gen.js `castChunk`, building CodeNodes. */
function castChunk(chunk: unknown, codeGen: CodeGenLike): unknown {
	if (Array.isArray(chunk)) return chunk.map((each) => codeGen.wrap(each));
	if (typeof chunk === 'boolean' || typeof chunk === 'number') return String(chunk);
	return chunk;
}

/** Makes one CodeGen build CodeNodes: `wrap` and `empty` are the only places it creates nodes. */
function lighten(codeGen: CodeGenLike): void {
	codeGen.empty = () => new CodeNode();
	codeGen.wrap = (chunk: unknown) => (chunk instanceof CodeNode ? chunk : new CodeNode(castChunk(chunk, codeGen)));
}

/** Per compile (one `context` is shared by a template and all its nested programs): equal programs by key. */
interface ProgramIndex {
	buckets: Map<string, OpcodeProgram[]>;
	/** Looked up, not matched, so compiled and stored next; they finish innermost first. */
	pending: OpcodeProgram[];
	ids: Map<string, number>;
	keys: WeakMap<OpcodeProgram, string>;
}

const indexes = new WeakMap<object, ProgramIndex>();

function indexFor(context: object): ProgramIndex {
	let index = indexes.get(context);
	if (!index) indexes.set(context, (index = { buckets: new Map(), pending: [], ids: new Map(), keys: new WeakMap() }));
	return index;
}

/** Files the programs compiled since the last lookup (compileChildren stores each at `environments[child.index]`). */
function settle(index: ProgramIndex, environments: (OpcodeProgram | undefined)[]): void {
	const finished = (top: OpcodeProgram | undefined): top is OpcodeProgram =>
		top !== undefined && top.index !== undefined && environments[top.index] === top;
	for (let top = index.pending.at(-1); finished(top); top = index.pending.at(-1)) {
		index.pending.pop();
		const key = childProgramKey(top, index.ids, index.keys);
		const bucket = index.buckets.get(key);
		if (bucket) bucket.push(top);
		else index.buckets.set(key, [top]);
	}
}

/**
 * Upstream `matchExistingProgram` compares each new block with every program compiled before it (quadratic: 7 s of
 * 23 s for 15,000 `{{#if}}` blocks). Programs that `equals` are keyed alike (programKey.ts), so only a key's bucket is
 * compared, and of its equal programs the first in `environments` order is returned, as upstream does.
 */
function matchExistingProgram(this: JsCompilerInstance, child: OpcodeProgram): OpcodeProgram | undefined {
	const index = indexFor(this.context);
	settle(index, this.context.environments);
	let found: OpcodeProgram | undefined;
	for (const program of index.buckets.get(childProgramKey(child, index.ids, index.keys)) ?? []) {
		if ((found === undefined || (program.index ?? 0) < (found.index ?? 0)) && program.equals(child)) found = program;
	}
	if (found === undefined) index.pending.push(child);
	return found;
}

/**
 * `compile` (asObject) builds each block's function with its own `Function(...)` call, ~65 µs apiece. The precompile
 * form of the same template is one source text holding the very same functions; evaluated once, it is what
 * `Handlebars.template(precompiled)` users run. Only the top-level call (no shared context yet) is replaced.
 */
function compileOnce(Base: JsCompilerClass) {
	return function compile(this: JsCompilerInstance, env: unknown, opts: object, context?: object, asObject?: boolean) {
		const base = Base.prototype.compile;
		const mapped = (opts as { srcName?: string }).srcName;
		if (!asObject || context || mapped) return base.call(this, env, opts, context, asObject);
		const source = String(base.call(this, env, opts, undefined, false));
		// Code Handlebars generated from the template, evaluated as Handlebars itself evaluates it (with Function).
		const spec = new Function(`return ${source}`)() as Record<string, unknown>;
		// What asObject adds: the options the runtime compiles string partials with.
		spec.compilerOptions = this.options;
		return spec;
	};
}

const faster = new WeakMap<JsCompilerClass, JsCompilerClass>();

/** A subclass of `Base` (Handlebars' documented way to customise its compiler) with the three costs removed. */
export function fasterJavaScriptCompiler(Base: JsCompilerClass): JsCompilerClass {
	const known = faster.get(Base);
	if (known) return known;
	const Faster = function FasterJavaScriptCompiler(this: JsCompilerInstance) {
		Base.call(this);
	} as unknown as JsCompilerClass;
	Faster.prototype = Object.create(Base.prototype) as JsCompilerClass['prototype'];
	Object.assign(Faster.prototype, {
		compiler: Faster,
		compile: compileOnce(Base),
		matchExistingProgram,
		preamble(this: JsCompilerInstance) {
			Base.prototype.preamble.call(this);
			// With a source name the caller wants a source map: that needs the real SourceNode.
			if (this.options.srcName) return;
			lighten(this.source);
			lighten(this.decorators);
		},
	});
	faster.set(Base, Faster);
	return Faster;
}
