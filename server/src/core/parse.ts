// parsePrompt: text → located document + syntax diagnostics. Never throws, also on half-typed or hostile input.
import { detectForeignDialect } from './dialect';
import { parseFrontmatter } from './frontmatter';
import { frontmatterShapeDiagnostics } from './frontmatterShape';
import { parseTemplate } from './template';
import type { CoreDiagnostic, ParseResult, PromptDoc } from './types';

export function parsePrompt(text: string): ParseResult {
	try {
		return parseUnguarded(text);
	} catch (error) {
		// A bug of ours must not cost the user their editor features; report it where they can see it.
		return {
			doc: { text, body: { start: 0, end: text.length }, nodes: [], roleSections: [] },
			diagnostics: [internalError(error)],
		};
	}
}

function parseUnguarded(text: string): ParseResult {
	const front = parseFrontmatter(text);
	const body = { start: front.bodyStart, end: text.length };
	const dialect = detectForeignDialect(text, front.frontmatter?.closed ? front.bodyStart : 0);
	if (dialect) {
		const doc: PromptDoc = { text, frontmatter: front.frontmatter, body, nodes: [], roleSections: [], dialect };
		return {
			doc,
			diagnostics: [{
				code: 'foreign-dialect',
				severity: 'info',
				message: `This looks like a ${dialect.name} prompt (${dialect.evidence}), not Dotprompt; Prompt Lens checks only Dotprompt files and leaves this one alone.`,
				span: dialect.span,
			}],
		};
	}
	const template = parseTemplate(text, front.bodyStart);
	const doc: PromptDoc = { text, frontmatter: front.frontmatter, body, nodes: template.nodes, roleSections: template.roleSections };
	const shape = front.frontmatter ? frontmatterShapeDiagnostics(front.frontmatter) : [];
	return { doc, diagnostics: [...front.diagnostics, ...shape, ...template.diagnostics] };
}

function internalError(error: unknown): CoreDiagnostic {
	const detail = error instanceof Error ? error.message : String(error);
	return {
		code: 'internal-error',
		severity: 'warning',
		message: `Prompt Lens could not analyze this file (${detail}). Please report this with the file's contents.`,
		span: { start: 0, end: 0 },
	};
}
