// Hover text from the docs tables: a helper's signature and summary, a frontmatter key's meaning, a variable's schema entry.
import { frontmatterKeyDoc } from './docs/frontmatterDocs';
import { helperDoc } from './docs/helperDocs';
import { declarationOf, symbolAt } from './navigate';
import { flatten } from './outline';
import { registeredHelperDoc, type RegisteredNames } from './registeredNames';
import { readSchema } from './schema/picoschema';
import type { PromptDoc, Span } from './types';

/** `registered`: the app's own helpers (code and `promptLens.helpers`), described with where they come from. */
export function docHover(doc: PromptDoc, offset: number, registered?: RegisteredNames): { markdown: string; span: Span } | undefined {
	const own = registered && registeredHelperAt(doc, offset, registered);
	if (own) return own;
	const symbol = symbolAt(doc, offset);
	if (!symbol) return undefined;
	if (symbol.kind === 'helper') {
		const help = helperDoc(symbol.name);
		return help && { markdown: `\`\`\`handlebars\n${help.signature}\n\`\`\`\n${help.summary}`, span: symbol.span };
	}
	if (symbol.kind === 'key') {
		const help = frontmatterKeyDoc(symbol.path);
		return help && { markdown: `**${symbol.path.join('.')}** — ${help.type}\n\n${help.summary}`, span: symbol.span };
	}
	if (symbol.kind === 'variable' && readSchema(doc, 'input')) {
		const field = declarationOf(doc, symbol.path);
		const name = symbol.path.filter((p) => p !== '[]').join('.');
		if (!field) return { markdown: `**${name}** — not declared in input.schema`, span: symbol.span };
		const type = `${field.array ? 'array of ' : ''}${field.type ?? 'any'}${field.optional ? ', optional' : ''}`;
		return { markdown: `**${name}** — ${type}${field.description ? `\n\n${field.description}` : ''}`, span: symbol.span };
	}
	return undefined;
}

function registeredHelperAt(doc: PromptDoc, offset: number, registered: RegisteredNames): { markdown: string; span: Span } | undefined {
	const node = flatten(doc.nodes).find((n) => (n.kind === 'mustache' || n.kind === 'block') && n.hasParams && n.nameSpan.start <= offset && offset <= n.nameSpan.end);
	const helper = node && registered.helpers.get(node.name);
	return helper && { markdown: `**${helper.name}** — helper\n\n${registeredHelperDoc(helper)}`, span: node.nameSpan };
}
