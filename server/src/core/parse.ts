// parsePrompt: text → located document + syntax diagnostics. Never throws, also on half-typed or hostile input.
import { detectForeignDialect } from './dialect';
import { internalError } from './errors';
import { parseFrontmatterWithMemo, type FrontmatterMemo } from './frontmatter';
import { planShift, reparsePrompt, type Shift, type ShiftableParse } from './reparse';
import { EMPTY_SCOPE } from './scope';
import { parseTemplate } from './template';
import type { CoreDiagnostic, ParseResult, PromptDoc } from './types';

/**
 * Codes of the diagnostics parsePrompt produces for text the runtime cannot even parse. A frontmatter of the wrong
 * shape (a list, wrong types) is not among them: the runtime reads it and ignores or passes on what it does not
 * understand, so the `frontmatter-schema` lint rule reports it and rendering goes ahead.
 */
const SYNTAX_CODES = new Set(['template-syntax', 'yaml-syntax', 'frontmatter-unclosed']);

/** True when an error says the prompt does not parse; then it cannot render either, and its syntax error says why. */
export function hasSyntaxErrors(diagnostics: CoreDiagnostic[]): boolean {
	return diagnostics.some((d) => d.severity === 'error' && SYNTAX_CODES.has(d.code));
}

/**
 * What parsePrompt keeps of a document's previous version (its owner keeps one per open document): the frontmatter,
 * reused while its text is unchanged, and the last parse, shifted instead of parsed again when an edit changed only
 * literal text (see reparsePrompt).
 */
export interface ParseMemo extends FrontmatterMemo {
	parse?: ShiftableParse;
	/** How the last call moved the version before it, when it shifted that parse (analyzePrompt moves its lint too). */
	moved?: Shift;
}

export function parsePrompt(text: string, memo?: ParseMemo): ParseResult {
	const plan = memo?.parse && planShift(memo.parse, text);
	const shifted = plan && reparsePrompt(memo.parse!, text, plan);
	if (memo) memo.moved = shifted ? plan : undefined;
	let parsed: ShiftableParse | undefined = shifted;
	if (!parsed) {
		try {
			parsed = parseUnguarded(text, memo);
		} catch (error) {
			if (memo) memo.parse = undefined;
			return {
				doc: { text, body: { start: 0, end: text.length }, nodes: [], roleSections: [], scope: EMPTY_SCOPE },
				diagnostics: [internalError('Prompt Lens parsing this file', error)],
			};
		}
	}
	if (memo) memo.parse = parsed.textRuns ? parsed : undefined;
	return parsed.result;
}

function parseUnguarded(text: string, memo: FrontmatterMemo | undefined): ShiftableParse {
	const front = parseFrontmatterWithMemo(text, memo);
	const body = { start: front.bodyStart, end: text.length };
	const dialect = detectForeignDialect(text, front.frontmatter?.closed ? front.bodyStart : 0);
	if (dialect) {
		const doc: PromptDoc = { text, frontmatter: front.frontmatter, body, nodes: [], roleSections: [], scope: EMPTY_SCOPE, dialect };
		return {
			result: {
				doc,
				diagnostics: [{
					code: 'foreign-dialect',
					severity: 'info',
					message: `This looks like a ${dialect.name} prompt (${dialect.evidence}), not Dotprompt; Prompt Lens checks only Dotprompt files and leaves this one alone.`,
					span: dialect.span,
				}],
			},
		};
	}
	const template = parseTemplate(text, front.bodyStart);
	const doc: PromptDoc = { text, frontmatter: front.frontmatter, body, nodes: template.nodes, roleSections: template.roleSections, scope: template.scope };
	if (template.recovered?.length) doc.recovered = template.recovered;
	return { result: { doc, diagnostics: [...front.diagnostics, ...template.diagnostics] }, textRuns: template.textRuns };
}
