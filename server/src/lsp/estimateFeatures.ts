// LSP features built on the estimate: CodeLens, hovers, inlay hints and the status summary — thin conversions of core results.
import { InlayHintKind, MarkupKind, type CodeLens, type Hover, type InlayHint, type Position, type Range } from 'vscode-languageserver';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { approx, budgetDiagnostics, findFrontmatterKey, lensTooltip, formatTokens, lensTitle, modelHover, sectionHover, sectionTokens, statusSummary } from '../core';
import type { PromptStatus } from '../protocol';
import type { Analyses } from './analyses';
import { offsetOf, toRange } from './convert';

/** The client's commands (client/src/commands.ts); each takes the prompt's URI. */
export const RUN_COMMAND = 'promptLens.run';
export const COMPARE_COMMAND = 'promptLens.compare';
export const TEST_COMMAND = 'promptLens.test';

/** `runLens`: the client can run prompts (VS Code's Prompt Lens client says so at initialize). */
export async function codeLenses(analyses: Analyses, document: TextDocument, runLens: boolean): Promise<CodeLens[]> {
	const found = await analyses.estimate(document);
	if (!found?.estimate.ok) return [];
	const range = toRange(document, { start: 0, end: 0 });
	const e = found.estimate.primary;
	const tokens: CodeLens = { range, command: { title: lensTitle(e), command: '', tooltip: lensTooltip(e) } };
	if (!runLens) return [tokens];
	return [
		{ range, command: { title: '▶ Run', command: RUN_COMMAND, arguments: [document.uri], tooltip: 'Send this prompt to its model and stream the answer into a tab beside it (Ctrl+Alt+R)' } },
		{ range, command: { title: '⇄ Compare', command: COMPARE_COMMAND, arguments: [document.uri], tooltip: 'Run this prompt on several models at once (promptLens.compare in the frontmatter, the promptLens.compareModels setting, or a pick) and compare answers, latency, tokens and cost side by side' } },
		...(hasTests(document.uri) ? [{ range, command: { title: '▶ Test', command: TEST_COMMAND, arguments: [document.uri], tooltip: 'Run the tests in the .test.yaml beside this prompt (results in the Test Explorer)' } }] : []),
		tokens,
	];
}

/** `name.test.yaml` beside `name.prompt` (local files only). */
function hasTests(uri: string): boolean {
	try {
		return uri.startsWith('file:') && existsSync(fileURLToPath(uri).replace(/\.prompt$/i, '.test.yaml'));
	} catch {
		return false;
	}
}

export async function estimateHover(analyses: Analyses, document: TextDocument, position: Position): Promise<Hover | null> {
	const found = await analyses.estimate(document);
	const doc = found?.estimate.ok ? (await analyses.structure(document))?.doc : undefined;
	if (!found?.estimate.ok || !doc) return null;
	const { estimate } = found;
	const offset = offsetOf(document, position);
	const model = findFrontmatterKey(doc.frontmatter, 'model');
	if (model && offset >= model.keySpan.start && offset <= Math.max(model.valueSpan.end, model.keySpan.end)) {
		return markdown(modelHover(estimate), document, { start: model.keySpan.start, end: Math.max(model.valueSpan.end, model.keySpan.end) });
	}
	const hit = sectionTokens(doc, estimate.primary).find(({ section }) => offset >= section.span.start && offset <= section.span.end);
	if (!hit || offset < doc.body.start) return null;
	const range = hit.section.markerSpan ?? { start: hit.section.span.start, end: hit.section.span.start };
	return markdown(sectionHover(estimate, hit.section.role, hit.tokens), document, offset <= range.end ? range : { start: offset, end: offset });
}

/** `range`: the part of the document the editor shows; a large prompt's other sections get no hints. */
export async function inlayHints(analyses: Analyses, document: TextDocument, range?: Range): Promise<InlayHint[]> {
	const found = await analyses.estimate(document);
	const doc = found?.estimate.ok && found.settings.inlayHints ? (await analyses.structure(document))?.doc : undefined;
	if (!found?.estimate.ok || !doc) return [];
	const e = found.estimate.primary;
	const [from, to] = range ? [offsetOf(document, range.start), offsetOf(document, range.end)] : [0, Infinity];
	const shown = sectionTokens(doc, e).filter(({ section }) => section.span.end >= from && section.span.end <= to);
	return shown.map(({ section, tokens }) => ({
		position: toRange(document, { start: section.span.end, end: section.span.end }).end,
		label: `${approx(e)}${formatTokens(tokens)} tokens`,
		kind: InlayHintKind.Type,
		paddingLeft: true,
		tooltip: `Tokens the ${section.role} message adds to the prompt (message overhead included)`,
	}));
}

export async function promptStatus(analyses: Analyses, document: TextDocument): Promise<PromptStatus | null> {
	const found = await analyses.estimate(document);
	const doc = found && (await analyses.structure(document))?.doc;
	if (!found || !doc) return null;
	const summary = statusSummary(found.estimate);
	const diagnostics = budgetDiagnostics(doc, found.estimate, found.settings);
	const severity = diagnostics.some((d) => d.severity === 'error') ? 'error' : diagnostics.length ? 'warning' : 'info';
	return { ...summary, severity };
}

export function markdown(value: string, document: TextDocument, span: { start: number; end: number }): Hover {
	return { contents: { kind: MarkupKind.Markdown, value }, range: toRange(document, span) };
}
