// model-capability: media, PDFs, schema-constrained output or tools sent to a model known not to support them; unknown support stays quiet.
import { findFrontmatterKey } from '../frontmatter';
import type { ModelCapabilities } from '../models/types';
import type { CoreDiagnostic, PromptDoc, Span, TemplateNode } from '../types';
import { docModels, frontValue, type ModelRef } from './modelKey';
import type { LintRule } from './rule';

type Finding = Omit<CoreDiagnostic, 'severity'>;

export const modelCapability: LintRule = {
	id: 'model-capability',
	description: 'Media, PDF, JSON schema output or tools on a model that does not support them.',
	defaultSeverity: 'warning',
	check({ doc, nodes, catalog, today }) {
		if (!catalog || !today) return [];
		const ref = docModels(doc, catalog).effective;
		const caps = ref?.model?.capabilities;
		if (!ref || !caps) return [];
		return [...mediaFindings(doc, nodes, ref, caps), ...outputFindings(doc, ref, caps), ...toolFindings(doc, ref, caps)];
	},
};

/** A hash argument of a mustache, with its string literal (none when the value is a variable or subexpression). */
function hashArgument(text: string, key: string): { literal?: string } | undefined {
	const match = new RegExp(`\\b${key}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s}]+))`).exec(text);
	if (!match) return undefined;
	return { literal: match[1] ?? match[2] };
}

/** What a `{{media}}` sends, as far as the text tells; undefined when it cannot be told (a variable content type). */
function mediaKind(text: string): 'image' | 'pdf' | 'other' | undefined {
	const type = hashArgument(text, 'contentType');
	if (type) {
		if (type.literal === undefined) return undefined;
		const lower = type.literal.trim().toLowerCase();
		return lower === 'application/pdf' ? 'pdf' : lower.startsWith('image/') ? 'image' : 'other';
	}
	const url = hashArgument(text, 'url')?.literal?.trim().toLowerCase() ?? '';
	if (url.startsWith('data:')) return url.startsWith('data:application/pdf') ? 'pdf' : url.startsWith('data:image/') ? 'image' : 'other';
	// Without a content type, runtimes send the URL as an image (Genkit's OpenAI-compatible plugins as image_url).
	return /\.pdf(?:[?#]|$)/.test(url) ? 'pdf' : 'image';
}

function mediaFindings(doc: PromptDoc, nodes: readonly TemplateNode[], ref: ModelRef, caps: ModelCapabilities): Finding[] {
	return nodes
		.filter((node) => node.name === 'media' && node.kind === 'mustache')
		.flatMap((node) => {
			const kind = mediaKind(doc.text.slice(node.span.start, node.span.end));
			if (kind === 'image' && caps.vision === false) {
				return [finding(node.span, `This \`{{media}}\` sends an image, but \`${ref.name}\` takes no image input: the provider rejects the request. Use a model with vision, or remove the media.`)];
			}
			if (kind === 'pdf' && caps.pdf === false) {
				return [finding(node.span, `This \`{{media}}\` sends a PDF, but \`${ref.name}\` cannot read PDF input: the provider rejects the request. Use a model that reads PDFs, or send the document's text instead.`)];
			}
			return [];
		});
}

/** Genkit reads a schema without a format as JSON output. */
function outputFindings(doc: PromptDoc, ref: ModelRef, caps: ModelCapabilities): Finding[] {
	const format = frontValue(doc, 'output', 'format');
	const schema = frontValue(doc, 'output', 'schema');
	if (caps.jsonSchema !== false || schema === undefined || schema === null || (format !== undefined && format !== 'json')) return [];
	const key = findFrontmatterKey(doc.frontmatter, 'output', format === undefined ? 'schema' : 'format');
	if (!key) return [];
	const span = format === undefined ? key.keySpan : key.valueSpan;
	return [finding(span, `\`${ref.name}\` has no structured-output support, so the provider cannot enforce \`output.schema\`: the schema is only described in the prompt, and replies may not match it. Use a model with structured outputs, or validate and retry.`)];
}

function toolFindings(doc: PromptDoc, ref: ModelRef, caps: ModelCapabilities): Finding[] {
	if (caps.tools !== false) return [];
	return ['tools', 'toolDefs'].flatMap((name) => {
		const value = frontValue(doc, name);
		const key = findFrontmatterKey(doc.frontmatter, name);
		if (!Array.isArray(value) || value.length === 0 || !key) return [];
		return [finding(key.keySpan, `\`${ref.name}\` does not support tool calling: the provider rejects a request that declares tools. Remove \`${name}\`, or use a model with function calling.`)];
	});
}

function finding(span: Span, message: string): Finding {
	return { code: 'model-capability', message, span };
}
