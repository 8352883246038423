// Compiles a large template in pieces cut inside its top-level text, for the same output as one compile (render.ts).
import type { TemplateNode } from './types';

/**
 * Templates shorter than `from` compile whole (every prompt a person writes by hand); longer ones in pieces of about
 * `length` (5 MB of dense tags: 3.1 s whole, 1.5 s in 16 k pieces; smaller ones cost more in per-piece compiles).
 */
export interface PieceSizes {
	from: number;
	length: number;
}

export const PIECE_SIZES: PieceSizes = { from: 256 * 1024, length: 16 * 1024 };

/** Handlebars' `compile` as the runtime calls it: text and options in, a template function out. */
export type Compile = (input: unknown, options?: unknown) => (context: unknown, execOptions?: unknown) => string;

/**
 * Where `template` (which starts at `base` in the document `nodes` were parsed from) may be cut: between two non-blank
 * characters of top-level literal text that holds no brace or backslash. Handlebars' whitespace control only looks at
 * a tag's neighbouring text up to its first (or from its last) non-blank character, so both pieces strip and keep
 * exactly what the whole would; there is no tag state to carry over, and no escaped `\{{` whose inside would read as a
 * tag. An inline partial (`{{#*inline}}`) can be used anywhere, so a template with one is never cut. Empty: compile it
 * whole.
 */
export function cutPoints(
	template: string,
	base: number,
	nodes: readonly TemplateNode[],
	pieceLength: number,
): number[] {
	if (nodes.some((node) => node.decorator) || /\{\{~?\s*#?\s*\*/.test(template)) return [];
	const cuts: number[] = [];
	let last = 0;
	let from = 0;
	for (let i = 0; i <= nodes.length; i++) {
		const to = i < nodes.length ? nodes[i].span.start - base : template.length;
		if (to - last >= pieceLength) {
			const cut = cutIn(template, Math.max(from, 0), Math.min(to, template.length), last + pieceLength);
			if (cut !== undefined) {
				cuts.push(cut);
				last = cut;
			}
		}
		if (i < nodes.length) from = nodes[i].span.end - base;
	}
	return cuts;
}

/** A cut between two non-blank characters of the text [from, to), at `wanted` or later; undefined when none is safe. */
function cutIn(template: string, from: number, to: number, wanted: number): number | undefined {
	if (to - from < 2 || /[{}\\]/.test(template.slice(from, to))) return undefined;
	const blank = (at: number) => /\s/.test(template[at]);
	for (let at = Math.max(from + 1, wanted); at < to; at++) {
		// Not inside a surrogate pair: each piece stays well-formed text.
		const low = template.charCodeAt(at) >= 0xdc00 && template.charCodeAt(at) <= 0xdfff;
		if (!blank(at - 1) && !blank(at) && !low) return at;
	}
	return undefined;
}

/** Handlebars' environment, the two functions this replaces. */
export interface PiecewiseEnv {
	parse(input: unknown, options?: unknown): unknown;
	compile: Compile;
}

/** Lets other work in; true when the render in hand is no longer wanted (a newer version came). */
export type Pause = () => Promise<boolean>;

/** What compileInPieces leaves to its caller: compiling the pieces ahead, a slice at a time. */
export interface Pieces {
	/**
	 * Compiles every piece with `options` (the runtime's, see render.ts), pausing after each (a 16 k piece compiles in
	 * milliseconds); true if stopped. A piece that fails to compile ends it: the render then finds the runtime's error.
	 */
	precompile(options: object, pause: Pause): Promise<boolean>;
}

/**
 * Makes `env` compile `template` as its pieces (cut at `cuts`), and find its partials in the pieces' parses: the
 * runtime asks for the template's parse (no options) to find partials, and each piece's compile then gets its piece's
 * tree (render.ts parses each text once). Any failure of a piece (an unknown helper, a runtime error) runs the whole
 * template instead, so the message and its line numbers are the runtime's own.
 */
export function compileInPieces(env: PiecewiseEnv, template: string, cuts: number[]): Pieces {
	const parse = env.parse.bind(env);
	const compile = env.compile.bind(env);
	const bounds = [0, ...cuts, template.length];
	const texts = bounds.slice(1).map((end, i) => template.slice(bounds[i], end));
	const trees: { body: unknown[] }[] = [];
	let ahead: { key: string; pieces: ReturnType<Compile>[] } | undefined;
	const treeOf = (i: number) => (trees[i] ??= parse(texts[i]) as { body: unknown[] });
	const treesOf = () => texts.map((_, i) => treeOf(i));
	env.parse = (input, options) => {
		if (input !== template || options !== undefined) return parse(input, options);
		return { type: 'Program', body: treesOf().flatMap((tree) => tree.body), strip: {} };
	};
	env.compile = (input, options) => {
		if (input !== template) return compile(input, options);
		const pieces = ahead?.key === JSON.stringify(options) ? ahead.pieces : texts.map((text) => compile(text, options));
		return (context, execOptions) => {
			try {
				return pieces.map((piece) => piece(context, execOptions)).join('');
			} catch {
				return compile(template, options)(context, execOptions);
			}
		};
	};
	return {
		async precompile(options, pause) {
			const pieces: ReturnType<Compile>[] = [];
			for (const [i, text] of texts.entries()) {
				// The partial finder's parse of the piece first: the compile then takes that tree.
				treeOf(i);
				const piece = compile(text, options) as ReturnType<Compile> & { _setup(options: object): void };
				try {
					// Handlebars compiles on first use; `_setup` is that use without a render (each render sets up again).
					piece._setup({});
				} catch {
					return false;
				}
				pieces.push(piece);
				if (await pause()) return true;
			}
			ahead = { key: JSON.stringify(options), pieces };
			return false;
		},
	};
}
