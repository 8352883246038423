// renderPrompt: renders through the official `dotprompt` runtime (what users get at run time), isolated per call.
import { Dotprompt, type DataArgument, type RenderedPrompt } from 'dotprompt';
import { errorMessage } from './errors';
import { fasterJavaScriptCompiler, type JsCompilerClass } from './fastCompile';
import { frontmatterDocument, parseFrontmatter } from './frontmatter';
import type { PartialSource } from './partialGraph';
import { runtimeParsed } from './runtimeParse';
import { compileInPieces, cutPoints, PIECE_SIZES } from './piecewiseCompile';
import type { Pause, PieceSizes, Pieces, PiecewiseEnv } from './piecewiseCompile';
import type { Frontmatter, TemplateNode } from './types';

export interface RenderOptions {
	/** Partials by name, as `{{> name}}` refers to them. */
	partials?: Record<string, string>;
	/** Finds partials not in `partials` (e.g. `_name.prompt` next to the file): the one shape partials reach the core in. */
	partialSource?: PartialSource;
	/** Named schemas and tools the prompt may reference. */
	schemas?: Record<string, unknown>;
	tools?: Record<string, unknown>;
	/** Metadata merged over the frontmatter (the runtime's `options` argument). */
	metadata?: Record<string, unknown>;
	/** Also resolve the input schema into the result (a second pass over the metadata); on unless set to false. */
	inputSchema?: boolean;
	/** `source`'s frontmatter as parseFrontmatter found it (a PromptDoc has it), so it is not parsed again. */
	frontmatter?: Frontmatter;
	/**
	 * `source`'s top-level template nodes (a PromptDoc's, when it parsed without errors): a large template is then
	 * compiled in pieces cut inside its top-level text (piecewiseCompile.ts), the same output for less memory and time.
	 */
	nodes?: readonly TemplateNode[];
	/** When a template is cut and how long its pieces are (tests cut small ones). */
	pieces?: PieceSizes;
	/** Lets other work in between the pieces' compiles, and stops the render when it says so (the result: `stopped`). */
	pause?: Pause;
}

export type RenderResult =
	| { ok: true; prompt: RenderedPrompt }
	| { ok: false; message: string; stopped?: true };

interface HandlebarsEnv {
	helpers: Record<string, unknown>;
	parse(input: unknown, options?: unknown): unknown;
	create(): HandlebarsEnv;
	registerHelper(name: string, fn: unknown): void;
	JavaScriptCompiler: JsCompilerClass;
}

/**
 * Renders `source` with `data` (`input`, `context`, `messages`, `docs`). The frontmatter's `input.default` fills
 * inputs the caller leaves out, as Genkit does. Never throws: failures come back as `{ ok: false }`.
 */
export async function renderPrompt(source: string, data: DataArgument = {}, options: RenderOptions = {}): Promise<RenderResult> {
	const frontmatter = options.frontmatter ?? parseFrontmatter(source).frontmatter;
	// Unclosed or invalid YAML: the runtime reads no frontmatter and sends the whole file (see runtimeParsed). YAML nested
	// too deep to read safely is the exception: we cannot tell what the runtime would make of it.
	if (frontmatter?.closed && frontmatter.data === undefined && !frontmatterDocument(frontmatter)) {
		return { ok: false, message: 'The frontmatter nests too deeply to read; flatten it before rendering.' };
	}
	try {
		const runtime = isolatedRuntime(options);
		const parsed = runtimeParsed(source, frontmatter);
		const pieces = inPiecesWhenLarge(runtime, source, parsed.template, options);
		if (pieces && options.pause && (await pieces.precompile(compileOptions(runtime), options.pause))) {
			return { ok: false, message: 'A newer version came before this render finished.', stopped: true };
		}
		const parse = runtime.parse.bind(runtime);
		runtime.parse = ((text: string) => (text === source ? parsed : parse(text))) as typeof runtime.parse;
		const metadata = withDefaults(options.metadata, frontmatter?.data);
		const prompt = await runtime.render(source, data, metadata);
		if (options.inputSchema === false) return { ok: true, prompt };
		// The runtime's render result drops `input` (it consumes the defaults); keep the resolved input schema for callers.
		const { input } = await runtime.renderMetadata(source, metadata);
		return { ok: true, prompt: input === undefined ? prompt : { ...prompt, input } };
	} catch (error) {
		return { ok: false, message: errorMessage(error) };
	}
}

/**
 * Every `Dotprompt` shares one Handlebars environment (the runtime calls `noConflict()`, which returns the module
 * singleton), so partials from one render would leak into the next. Give each render a fresh environment.
 */
function isolatedRuntime(options: RenderOptions): Dotprompt {
	const runtime = new Dotprompt({
		partialResolver: options.partialSource ? async (name) => (await options.partialSource!(name))?.text ?? null : undefined,
		schemas: options.schemas as never,
		tools: options.tools as never,
	});
	const internals = runtime as unknown as { handlebars: HandlebarsEnv };
	const shared = internals.handlebars;
	const fresh = shared.create();
	// create() leaves out some statics the runtime uses (e.g. `Visitor`, to find partials); share those, not state.
	for (const key of Object.keys(shared)) if (!(key in fresh)) (fresh as unknown as Record<string, unknown>)[key] = (shared as unknown as Record<string, unknown>)[key];
	for (const [name, helper] of Object.entries(shared.helpers)) fresh.registerHelper(name, helper);
	// Handlebars' compile is quadratic in blocks and heavy per tag; this subclass generates the same JavaScript faster.
	fresh.JavaScriptCompiler = fasterJavaScriptCompiler(shared.JavaScriptCompiler);
	parseEachTextOnce(fresh);
	internals.handlebars = fresh;
	for (const [name, partial] of Object.entries(options.partials ?? {})) runtime.definePartial(name, partial);
	return runtime;
}

function inPiecesWhenLarge(runtime: Dotprompt, source: string, template: string, options: RenderOptions):
	Pieces | undefined {
	const { nodes, pieces = PIECE_SIZES } = options;
	if (!nodes || template.length < pieces.from) return undefined;
	// The runtime's template is the body trimmed: where it starts in `source`, for the nodes' offsets.
	const base = source.lastIndexOf(template, source.length - template.length);
	const cuts = base < 0 ? [] : cutPoints(template, base, nodes, pieces.length);
	if (cuts.length === 0) return undefined;
	return compileInPieces((runtime as unknown as { handlebars: PiecewiseEnv }).handlebars, template, cuts);
}

/** The options the runtime's compile passes Handlebars (dotprompt `compile`); pieces compiled ahead need equal ones. */
function compileOptions(runtime: Dotprompt): object {
	const { knownHelpers } = runtime as unknown as { knownHelpers: object };
	return { knownHelpers, knownHelpersOnly: true, noEscape: true };
}

/**
 * With a partial resolver, the runtime parses the template to find its partials (identifyPartials), then Handlebars'
 * compile parses it again: a second at 5 MB. The second parse of a text gets the first one's tree instead: the
 * partial finder only reads it, and both parse with the same effective options (WhitespaceControl reads only
 * `ignoreStandalone`, which neither sets). Each tree is handed on once, as compile changes the tree it gets.
 */
function parseEachTextOnce(env: HandlebarsEnv): void {
	const parse = env.parse.bind(env);
	const unclaimed = new Map<string, unknown>();
	env.parse = (input, options) => {
		if (typeof input !== 'string') return parse(input, options);
		const kept = unclaimed.get(input);
		unclaimed.delete(input);
		if (kept) return kept;
		const tree = parse(input, options);
		// Only the partial finder parses without options; compile's parse (with them) claims its tree.
		if (options === undefined) unclaimed.set(input, tree);
		return tree;
	};
}

function withDefaults(metadata: Record<string, unknown> | undefined, frontmatter: unknown): Record<string, unknown> | undefined {
	const input = (frontmatter as { input?: { default?: unknown } } | undefined)?.input;
	const defaults = input && typeof input === 'object' ? input.default : undefined;
	if (defaults === undefined || (metadata?.input as { default?: unknown } | undefined)?.default !== undefined) return metadata;
	return { ...metadata, input: { ...(metadata?.input as object | undefined), default: defaults } };
}
