// How deeply a YAML text nests, by one linear pass over the yaml package's lexer, before anything recursive reads it.
// The yaml composer recurses per level and, near the stack limit, V8 can abort the whole process compiling a regular
// expression (seen at 5,000 `[`): deep frontmatter must be refused before parseDocument, never caught after.
import { Lexer } from 'yaml';

/** Tokens the lexer emits to steer its parser; they are not source text. */
const CONTROL = new Set(['\u0002', '\u0018', '\u001f']);

export interface NestingDepth {
	/** An upper bound of the nesting (flow brackets + block indentation levels + `-`/`?` indicators on one line). */
	depth: number;
	/** Offset in the text where that depth is first reached. */
	offset: number;
}

/** Stops counting past `limit` (the caller only needs to know it was exceeded, and where). */
export function yamlNestingDepth(content: string, limit = Number.POSITIVE_INFINITY): NestingDepth {
	const state = { flow: 0, indicators: 0, indents: [] as number[], lineIndent: 0, atLineStart: true };
	let offset = 0;
	let max: NestingDepth = { depth: 0, offset: 0 };
	for (const token of new Lexer().lex(content)) {
		if (CONTROL.has(token)) continue;
		const start = offset;
		offset += token.length;
		if (!step(state, token)) continue;
		const depth = state.flow + state.indents.length + state.indicators;
		if (depth > max.depth) max = { depth, offset: start };
		if (depth > limit) break;
	}
	return max;
}

type State = { flow: number; indicators: number; indents: number[]; lineIndent: number; atLineStart: boolean };

/** Advances the counts by one token; false for tokens that cannot deepen the nesting (space, comments, newlines). */
function step(state: State, token: string): boolean {
	if (token === '\n' || token === '\r\n' || token === '') {
		state.atLineStart = true;
		state.lineIndent = 0;
		state.indicators = 0;
		return false;
	}
	const first = token[0];
	if (first === ' ' || first === '\t') {
		if (state.atLineStart) state.lineIndent = token.length;
		return false;
	}
	// Blank and comment-only lines do not end a block: they must not pop its indentation.
	if (first === '#') return false;
	if (state.atLineStart) {
		state.atLineStart = false;
		while (state.indents.length > 0 && state.indents[state.indents.length - 1] >= state.lineIndent) state.indents.pop();
		state.indents.push(state.lineIndent);
	}
	if (token === '[' || token === '{') state.flow++;
	else if (token === ']' || token === '}') state.flow = Math.max(0, state.flow - 1);
	else if (token === '-' || token === '?') state.indicators++;
	return true;
}
