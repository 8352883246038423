// Finds the Handlebars helpers and partials an app registers in its source code (Genkit and Dotprompt in JS/TS, Python,
// Go, Java, Dart), by a lexical scan: comments and string contents are masked first, so neither a commented-out call
// nor a string that only looks like one counts. One pass over the text; never throws.

export type SourceLanguage = 'js' | 'python' | 'go' | 'java' | 'dart';

export interface CodeRegistration {
	kind: 'helper' | 'partial';
	name: string;
	/** UTF-16 offset of the name's string literal (or key) in the source. */
	offset: number;
	/** 1-based line of `offset`. */
	line: number;
}

const EXTENSIONS: Record<string, SourceLanguage> = {
	js: 'js', mjs: 'js', cjs: 'js', jsx: 'js', ts: 'js', mts: 'js', cts: 'js', tsx: 'js',
	py: 'python', go: 'go', java: 'java', dart: 'dart',
};

/** The file extensions the scan reads, without the dot. */
export const SOURCE_EXTENSIONS: readonly string[] = Object.keys(EXTENSIONS);

export function sourceLanguageOf(path: string): SourceLanguage | undefined {
	const dot = path.lastIndexOf('.');
	return dot < 0 ? undefined : EXTENSIONS[path.slice(dot + 1).toLowerCase()];
}

interface LanguageSyntax {
	lineComment: string;
	blockComment: boolean;
	/** Quote characters; `triple` ones also open `'''…'''` strings. */
	quotes: string;
	triple: string;
	/** Quotes whose strings may span lines (template literals, Go raw strings). */
	multiline: string;
	/** Quotes without escapes (Go raw strings). */
	raw?: string;
	/** Text inside a literal that makes its value unknown (`${x}` in a template literal, `$x` in Dart). */
	interpolation?: { quotes: string; pattern: RegExp };
	/** Calls whose first string argument names a helper or a partial. */
	helperCalls: string[];
	partialCalls: string[];
	/** `helpers: {…}` / `helpers={…}` / `Helpers: map[string]any{…}` option maps: their keys are names. */
	maps: RegExp;
}

const C_LIKE = { lineComment: '//', blockComment: true };

const JS_MAPS = /(?<![\w$.])(helpers|partials)\s*:\s*\{/g;

const SYNTAX: Record<SourceLanguage, LanguageSyntax> = {
	js: {
		...C_LIKE,
		quotes: '\'"`',
		triple: '',
		multiline: '`',
		interpolation: { quotes: '`', pattern: /\$\{/ },
		helperCalls: ['defineHelper'],
		partialCalls: ['definePartial'],
		maps: JS_MAPS,
	},
	python: {
		lineComment: '#',
		blockComment: false,
		quotes: '\'"',
		triple: '\'"',
		multiline: '',
		helperCalls: ['define_helper'],
		partialCalls: ['define_partial'],
		maps: /(?<![\w.])(helpers|partials)\s*=\s*\{/g,
	},
	go: {
		...C_LIKE,
		quotes: '"`\'',
		triple: '',
		multiline: '`',
		raw: '`',
		helperCalls: ['DefineHelper'],
		partialCalls: ['DefinePartial'],
		maps: /(?<![\w.])(Helpers|Partials)\s*:\s*map\[string\](?:interface\s*\{\s*\}|[\w.*]+)\s*\{/g,
	},
	// Genkit for Java registers through its registry (registerHelper); Dotprompt for Java has defineHelper, and
	// addHelper on its options builder.
	java: {
		...C_LIKE,
		quotes: '"\'',
		triple: '"',
		multiline: '',
		helperCalls: ['defineHelper', 'registerHelper', 'addHelper'],
		partialCalls: ['definePartial', 'registerPartial', 'addPartial'],
		maps: /(?!)/g,
	},
	dart: {
		...C_LIKE,
		quotes: '\'"',
		triple: '\'"',
		multiline: '',
		interpolation: { quotes: '\'"', pattern: /\$[{A-Za-z_]/ },
		helperCalls: ['defineHelper'],
		partialCalls: ['definePartial'],
		maps: JS_MAPS,
	},
};

/** A generated file can hold thousands of calls; nobody registers more helpers than this in one file. */
const MAX_REGISTRATIONS = 1000;
const NAME = /^[^\s{}()'"`]{1,100}$/;

interface StringLiteral {
	/** The literal's text; undefined when it interpolates (`${x}`, `$x`), so its value is not known. */
	value?: string;
	end: number;
}

interface Lexed {
	/** The text with comments blanked and each string literal replaced by `"` and underscores (same length). */
	masked: string;
	strings: Map<number, StringLiteral>;
}

export function scanRegistrations(text: string, language: SourceLanguage): CodeRegistration[] {
	try {
		const syntax = SYNTAX[language];
		const lexed = lex(text, syntax);
		const found = [...callRegistrations(lexed, syntax), ...mapRegistrations(lexed, syntax, language)];
		return withLines(text, found.sort((a, b) => a.offset - b.offset).slice(0, MAX_REGISTRATIONS));
	} catch {
		// A scan that fails finds nothing; the names can still be declared in promptLens.helpers.
		return [];
	}
}

function callRegistrations({ masked, strings }: Lexed, syntax: LanguageSyntax): Omit<CodeRegistration, 'line'>[] {
	const names = [...syntax.helperCalls, ...syntax.partialCalls].join('|');
	// An optional first argument before the name: Go's `genkit.DefineHelper(g, "name", …)`.
	const call = new RegExp(`(?<![\\w$])(${names})\\s*\\(\\s*(?:[A-Za-z_$][\\w$.]*\\s*,\\s*)?(?=")`, 'g');
	const out: Omit<CodeRegistration, 'line'>[] = [];
	for (const match of masked.matchAll(call)) {
		const at = match.index + match[0].length;
		const value = strings.get(at)?.value;
		const kind = syntax.partialCalls.includes(match[1]) ? 'partial' : 'helper';
		if (value !== undefined && NAME.test(value)) out.push({ kind, name: value, offset: at });
	}
	return out;
}

function mapRegistrations(lexed: Lexed, syntax: LanguageSyntax, language: SourceLanguage): Omit<CodeRegistration, 'line'>[] {
	const out: Omit<CodeRegistration, 'line'>[] = [];
	// `helpers: {…}` is a common shape (settings tables, test data); it counts only in code that uses Dotprompt by name.
	if (!/dotprompt/i.test(lexed.masked)) return out;
	const opener = new RegExp(syntax.maps.source, 'g');
	let match: RegExpExecArray | null;
	while ((match = opener.exec(lexed.masked))) {
		const kind = match[1].toLowerCase() === 'partials' ? 'partial' : 'helper';
		const end = mapKeys(lexed, match.index + match[0].length, language === 'js', (name, offset) => out.push({ kind, name, offset }));
		// Continue after the map: a nested `helpers: {` inside it was already read as part of it.
		opener.lastIndex = Math.max(end, opener.lastIndex);
	}
	return out;
}

/**
 * Reads the keys of a map literal whose `{` ends just before `from`: string keys followed by `:`, and in JavaScript
 * also identifier keys, shorthand properties and methods. Returns the offset after the closing `}`.
 */
function mapKeys({ masked, strings }: Lexed, from: number, identifiers: boolean, add: (name: string, offset: number) => void): number {
	let depth = 1;
	let expectKey = true;
	let i = from;
	while (i < masked.length && depth > 0) {
		const c = masked[i];
		if (depth === 1 && expectKey && !/\s/.test(c)) {
			expectKey = false;
			const key = keyAt(masked, strings, i, identifiers);
			if (key) {
				if (NAME.test(key.name)) add(key.name, i);
				i = key.end;
				continue;
			}
		}
		if (c === '{' || c === '[' || c === '(') depth++;
		else if (c === '}' || c === ']' || c === ')') depth--;
		else if (c === ',' && depth === 1) expectKey = true;
		i++;
	}
	return i;
}

function keyAt(masked: string, strings: Map<number, StringLiteral>, at: number, identifiers: boolean): { name: string; end: number } | undefined {
	const literal = masked[at] === '"' ? strings.get(at) : undefined;
	if (literal) {
		const after = /^\s*:/.exec(masked.slice(literal.end, literal.end + 40));
		return literal.value !== undefined && after ? { name: literal.value, end: literal.end } : undefined;
	}
	if (!identifiers) return undefined;
	const id = /^(?:async\s+)?([A-Za-z_$][\w$]*)\s*([:,}(])/.exec(masked.slice(at, at + 140));
	return id ? { name: id[1], end: at + id[0].length - 1 } : undefined;
}

/** Blanks comments and masks string literals in one pass; every construct is found by one forward search. */
function lex(text: string, syntax: LanguageSyntax): Lexed {
	const parts: string[] = [];
	const strings = new Map<number, StringLiteral>();
	let copied = 0;
	let i = 0;
	const mask = (end: number, replace: (segment: string) => string) => {
		parts.push(text.slice(copied, i), replace(text.slice(i, end)));
		copied = i = end;
	};
	while (i < text.length) {
		const c = text[i];
		if (text.startsWith(syntax.lineComment, i)) {
			mask(lineEnd(text, i), blank);
		} else if (syntax.blockComment && text.startsWith('/*', i)) {
			const close = text.indexOf('*/', i + 2);
			mask(close < 0 ? text.length : close + 2, blank);
		} else if (syntax.quotes.includes(c)) {
			const literal = readString(text, i, syntax);
			strings.set(i, literal);
			mask(literal.end, (segment) => `"${segment.slice(1).replace(/[^\r\n]/g, '_')}`);
		} else {
			i++;
		}
	}
	parts.push(text.slice(copied));
	return { masked: parts.join(''), strings };
}

function readString(text: string, start: number, syntax: LanguageSyntax): StringLiteral {
	const quote = text[start];
	const triple = syntax.triple.includes(quote) && text.startsWith(quote.repeat(3), start);
	const delimiter = triple ? quote.repeat(3) : quote;
	const multiline = triple || syntax.multiline.includes(quote);
	const raw = syntax.raw?.includes(quote) ?? false;
	let i = start + delimiter.length;
	while (i < text.length) {
		const c = text[i];
		if (c === '\\' && !raw) i += 2;
		else if (text.startsWith(delimiter, i)) return literal(text.slice(start + delimiter.length, i), quote, i + delimiter.length, syntax);
		else if (!multiline && (c === '\n' || c === '\r')) break;
		else i++;
	}
	// Unterminated: the string ends with its line (or the text), so one stray quote cannot mask the whole file.
	return { end: Math.min(i, text.length) };
}

function literal(value: string, quote: string, end: number, syntax: LanguageSyntax): StringLiteral {
	const interpolates = syntax.interpolation?.quotes.includes(quote) === true && syntax.interpolation.pattern.test(value);
	return { value: interpolates || value.includes('\\') ? undefined : value, end };
}

function lineEnd(text: string, from: number): number {
	const n = text.indexOf('\n', from);
	return n < 0 ? text.length : n;
}

function blank(segment: string): string {
	return segment.replace(/[^\r\n]/g, ' ');
}

/** Line numbers for offsets in ascending order, counting line breaks once. */
function withLines(text: string, found: Omit<CodeRegistration, 'line'>[]): CodeRegistration[] {
	let line = 1;
	let at = 0;
	return found.map((r) => {
		for (; at < r.offset; at++) if (text[at] === '\n') line++;
		return { ...r, line };
	});
}
