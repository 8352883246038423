// Runs Handlebars' own parser on a private instance so a syntax error comes back with the offending token's offsets.
import parserModule from 'handlebars/dist/cjs/handlebars/compiler/parser';
import * as astHelpers from 'handlebars/dist/cjs/handlebars/compiler/helpers';

/** Minimal shape of the Handlebars AST nodes we read (the package's own typings do not cover the CJS internals). */
export interface HbsPosition {
	line: number;
	column: number;
}
export interface HbsNode {
	type: string;
	loc?: { start: HbsPosition; end: HbsPosition };
	[key: string]: unknown;
}
export interface HbsProgram extends HbsNode {
	body: HbsNode[];
}

export type HbsParse =
	| { ok: true; program: HbsProgram }
	| { ok: false; error: HbsSyntaxError };

/** A parse failure located by offsets into the parsed text. */
export interface HbsSyntaxError {
	/** Jison token name of the offending token (`EOF`, `INVALID`, `OPEN_ENDBLOCK`, …), or `null` for lexical and semantic errors. */
	token: string | null;
	/** The offending token's text. */
	text: string;
	/** Token names the parser would have accepted instead. */
	expected: string[];
	start: number;
	end: number;
	/** Handlebars' own message, for errors we do not rephrase. */
	message: string;
	/** For semantic errors (Handlebars `Exception`): the 1-based line/0-based column range it reports. */
	loc?: { line: number; column: number; endLine: number; endColumn: number };
}

interface JisonLexer {
	matched: string;
	match: string;
}
interface JisonParser {
	yy: Record<string, unknown>;
	lexer: JisonLexer;
	parse(input: string): HbsProgram;
}
interface JisonHash {
	text?: string;
	token?: string | null;
	expected?: string[];
}

const ParserClass = (parserModule as unknown as { Parser: new () => JisonParser }).Parser;

export function parseHandlebars(text: string): HbsParse {
	const parser = new ParserClass();
	let located: HbsSyntaxError | undefined;
	parser.yy = {
		...astHelpers,
		locInfo: (info: unknown) => new (astHelpers as unknown as { SourceLocation: new (s: unknown, i: unknown) => unknown }).SourceLocation(undefined, info),
		parseError(message: string, hash: JisonHash) {
			const lexer = parser.lexer;
			const end = lexer.matched.length;
			const tokenText = hash.text ?? lexer.match ?? '';
			located = {
				token: hash.token ?? null,
				text: tokenText,
				expected: (hash.expected ?? []).map((name) => name.replace(/'/g, '')),
				start: Math.max(0, end - lexer.match.length),
				end,
				message,
			};
			throw new Error(message);
		},
	};
	try {
		return { ok: true, program: parser.parse(text) };
	} catch (error) {
		if (located) return { ok: false, error: located };
		return { ok: false, error: fromException(error, text) };
	}
}

/** Semantic errors (`each doesn't match if`) are thrown as Handlebars `Exception`s with line/column fields. */
function fromException(error: unknown, text: string): HbsSyntaxError {
	const e = (error ?? {}) as { message?: string; lineNumber?: number; column?: number; endLineNumber?: number; endColumn?: number };
	const message = String(e.message ?? error).replace(/ - \d+:\d+$/, '');
	const loc = typeof e.lineNumber === 'number' && typeof e.column === 'number'
		? { line: e.lineNumber, column: e.column, endLine: e.endLineNumber ?? e.lineNumber, endColumn: e.endColumn ?? e.column }
		: undefined;
	return { token: null, text: '', expected: [], start: loc ? -1 : text.length, end: loc ? -1 : text.length, message, loc };
}
