// Turns a Handlebars parse failure into one diagnostic a prompt author understands, placed on the construct at fault.
import type { HbsSyntaxError } from './handlebarsParser';
import { LineIndex } from './lineIndex';
import { scanMustaches, type MustacheTag } from './mustacheScanner';
import type { CoreDiagnostic, Span } from './types';

const OPERATORS = new Set(['>', '<', '>=', '<=', '==', '===', '!=', '!==', '&&', '||', '!', '+', '-', '*', '%']);

const TOKEN_NAMES: Record<string, string> = {
	CLOSE: '`}}`',
	CLOSE_UNESCAPED: '`}}}`',
	CLOSE_RAW_BLOCK: '`}}}}`',
	OPEN_ENDBLOCK: '`{{/…}}`',
	OPEN_BLOCK: '`{{#…}}`',
	OPEN: '`{{`',
	EOF: 'the end of the file',
	ID: 'a name',
	STRING: 'a string',
	NUMBER: 'a number',
	INVALID: 'an unexpected character',
};

/** `body` is the template text the error offsets refer to; `offset` maps them into the document. */
export function templateErrorDiagnostic(error: HbsSyntaxError, body: string, offset: number): CoreDiagnostic {
	const located = locate(error, body);
	// Handlebars' lexer can report positions past the end (e.g. after an unterminated `{{!--`); keep spans in the text.
	const start = Math.min(Math.max(located.span.start, 0), body.length);
	const end = Math.min(Math.max(located.span.end, start), body.length);
	return { code: 'template-syntax', severity: 'error', message: located.message, span: shift({ start, end }, offset) };
}

function locate(error: HbsSyntaxError, body: string): { message: string; span: Span } {
	if (error.loc) return mismatchedClose(error, body);
	const tags = scanMustaches(body);
	const openTag = tags.find((tag) => !tag.closed && tag.sigil !== '!' && tag.start <= error.start);
	if (openTag) {
		const snippet = short(firstLine(body.slice(openTag.start, openTag.end)).trimEnd());
		return {
			message: `\`${snippet}\` is missing its closing \`}}\`.`,
			span: { start: openTag.start, end: openTag.start + firstLine(body.slice(openTag.start)).trimEnd().length },
		};
	}
	if (error.token === 'EOF' && error.expected.includes('OPEN_ENDBLOCK')) return unclosedBlock(tags, body);
	if (error.token === 'OPEN_ENDBLOCK') return strayClose(error, tags, body);
	if (error.token === 'INVALID' && OPERATORS.has(error.text.trim())) {
		return {
			message: `Handlebars has no \`${error.text.trim()}\` operator, so this template does not compile. Compute the condition in code and pass it as an input (e.g. \`isAdult: true\`), or compare values with \`{{#ifEquals a b}}\`.`,
			span: { start: error.start, end: Math.max(error.end, error.start + 1) },
		};
	}
	return {
		message: `Template syntax error: expected ${describeExpected(error.expected)} but found ${describeFound(error)}.`,
		span: { start: error.start, end: Math.max(error.end, error.start) },
	};
}

/** Handlebars reports `{{#each}}…{{/if}}` on the opening name; name both tags. */
function mismatchedClose(error: HbsSyntaxError, body: string): { message: string; span: Span } {
	const lines = new LineIndex(body);
	const loc = error.loc!;
	const start = lines.offsetAt(loc.line, loc.column);
	const end = Math.max(lines.offsetAt(loc.endLine, loc.endColumn), start);
	const match = /^(.+) doesn't match (.+)$/.exec(error.message);
	const message = match
		? `\`{{#${match[1]}}}\` is closed by \`{{/${match[2]}}}\`: close it with \`{{/${match[1]}}}\`, or close the inner block first.`
		: `Template syntax error: ${error.message}`;
	return { message, span: { start, end } };
}

function unclosedBlock(tags: MustacheTag[], body: string): { message: string; span: Span } {
	const open = innermostUnclosedBlock(tags);
	if (!open) {
		return { message: 'A block is never closed before the end of the file.', span: { start: body.length, end: body.length } };
	}
	return {
		message: `\`${short(firstLine(body.slice(open.start, open.end)))}\` is never closed: add \`{{/${open.name}}}\` where the block should end.`,
		span: { start: open.start, end: open.end },
	};
}

function strayClose(error: HbsSyntaxError, tags: MustacheTag[], body: string): { message: string; span: Span } {
	const tag = tags.find((t) => t.start === error.start) ?? tags.find((t) => t.start <= error.start && error.start < t.end);
	const span = tag ? { start: tag.start, end: tag.end } : { start: error.start, end: error.end };
	const name = tag?.name ?? firstLine(body.slice(error.end)).split('}}')[0].trim();
	return {
		message: `\`{{/${name}}}\` closes a block that was never opened: remove it or add \`{{#${name}}}\` before it.`,
		span,
	};
}

/** Replays opens and closes to find the block that is still open at the end. */
function innermostUnclosedBlock(tags: MustacheTag[]): MustacheTag | undefined {
	const stack: MustacheTag[] = [];
	for (const tag of tags) {
		if (tag.sigil === '#' || tag.sigil === '^') stack.push(tag);
		else if (tag.sigil === '/') {
			const index = stack.map((t) => t.name).lastIndexOf(tag.name);
			if (index >= 0) stack.length = index;
		}
	}
	return stack[stack.length - 1];
}

function describeExpected(expected: string[]): string {
	const names = [...new Set(expected.map((name) => TOKEN_NAMES[name]).filter(Boolean))];
	if (names.length === 0) return 'something else';
	return names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

function describeFound(error: HbsSyntaxError): string {
	if (error.token === 'EOF') return 'the end of the file';
	return error.text ? `\`${short(error.text)}\`` : TOKEN_NAMES[error.token ?? ''] ?? 'unexpected text';
}

/** Code quoted in a message: a line of a million `{{` is quoted by its start. */
function short(text: string, max = 60): string {
	return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function firstLine(text: string): string {
	return text.split(/\r\n|\r|\n/, 1)[0];
}

function shift(span: Span, offset: number): Span {
	return { start: span.start + offset, end: span.end + offset };
}
