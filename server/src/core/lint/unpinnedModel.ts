// unpinned-model: a moving alias (`gpt-4o`, `claude-sonnet-4-5`) follows the provider's new snapshots, so the prompt's behaviour changes under it.
import { findFrontmatterKey } from '../frontmatter';
import type { ModelInfo } from '../models/types';
import type { Fix, PromptDoc } from '../types';
import { deprecationStatus, docModels, frontValue, isPinned, providerName, replaceBare, type ModelRef } from './modelKey';
import type { LintRule } from './rule';

/**
 * The providers whose snapshot names the catalog lists, with the prefixes under which those names are valid model ids.
 * Azure deployments, Bedrock ids and Vertex AI's `claude-…@date` are pinned differently, so they stay quiet. Not Mistral:
 * its `-latest` names moved to Mistral Large 3 (`mistral-large-2512`, a model of its own in the data), so the newest
 * snapshot the data lists for `mistral-large` is older than what the alias serves.
 */
const SNAPSHOT_PREFIXES: Readonly<Record<string, readonly string[]>> = {
	openai: ['', 'openai'],
	anthropic: ['', 'anthropic'],
	google: ['', 'googleai', 'google-genai', 'gemini', 'google', 'vertexai', 'vertex'],
};

/** Genkit's googleai and vertexai plugins send `config.version` to the API instead of the model name. */
const CONFIG_VERSION_PREFIXES = ['googleai', 'vertexai'];

export const unpinnedModel: LintRule = {
	id: 'unpinned-model',
	description: 'A moving model alias where dated snapshots exist: provider updates change the prompt\'s behaviour.',
	defaultSeverity: 'warning',
	check({ doc, catalog, today }) {
		if (!catalog || !today) return [];
		const ref = docModels(doc, catalog).primary;
		const model = ref?.model;
		// config.version already names the model that runs; a deprecated model needs replacing, not pinning (deprecated-model says so).
		if (!ref || !model || !(ref.alias || isMovingAlias(ref, model)) || frontValue(doc, 'config', 'version') !== undefined || deprecationStatus(model, today)) return [];
		if (ref.alias) return [aliasDiagnostic(doc, ref, model, providerName(catalog, model))];
		const snapshot = model.snapshots![0];
		return [{
			code: 'unpinned-model',
			message: `\`${ref.name}\` is a moving alias: ${providerName(catalog, model)} points it at new snapshots over time. Model updates you do not control will change this prompt's behaviour. Pin the newest snapshot, \`${snapshot}\`, and move on purpose after testing.`,
			span: ref.span,
			fixes: ref.exact ? pinFixes(doc, ref, snapshot) : [],
		}];
	},
};

/** A documented alias (`gemini-flash-latest`): say where it points today, and pin that (its newest snapshot, if dated). */
function aliasDiagnostic(doc: PromptDoc, ref: ModelRef, model: ModelInfo, provider: string) {
	const target = ref.alias!.target;
	const pin = model.snapshots?.[0] ?? target;
	return {
		code: 'unpinned-model',
		message: `\`${ref.name}\` is a moving alias → currently \`${target}\` (${provider}'s documentation, checked ${ref.alias!.checked}). ${provider} points it at newer models without notice, which changes this prompt's behaviour, price and context window. Pin \`${pin}\` and move on purpose after testing.`,
		span: ref.span,
		fixes: ref.exact ? pinFixes(doc, ref, pin) : [],
	};
}

function isMovingAlias(ref: ModelRef, model: ModelInfo): boolean {
	if (!model.snapshots?.length || isPinned(ref, model)) return false;
	const prefixes = SNAPSHOT_PREFIXES[model.provider];
	if (!prefixes?.includes(ref.via ?? '')) return false;
	if (model.provider === 'google' && !model.id.startsWith('gemini')) return false;
	const id = model.id.toLowerCase();
	// Only the family's own name: aliases like `gpt-5.1-chat-latest` are other models that the data prices alike.
	return ref.bare === id || `${ref.bare}-latest` === id || ref.bare === `${id}-latest`;
}

function pinFixes(doc: PromptDoc, ref: ModelRef, snapshot: string): Fix[] {
	const byName: Fix = { title: `Pin to ${snapshot}`, edits: [replaceBare(ref, snapshot)] };
	const byConfig = CONFIG_VERSION_PREFIXES.includes(ref.via ?? '') ? configVersionFix(doc, snapshot) : undefined;
	// Older Genkit googleai plugins register only the family names, so `config.version` is the pin that always works there.
	return byConfig ? [byConfig, byName] : [byName];
}

/** Adds `version: <snapshot>` under an existing block `config:`, or a new `config:` block after the `model:` line. */
function configVersionFix(doc: PromptDoc, snapshot: string): Fix | undefined {
	// The frontmatter's own line ends (what the body uses neither matters here nor may change this finding).
	const eol = doc.text.slice(0, doc.body.start).includes('\r\n') ? '\r\n' : '\n';
	const title = `Pin with config.version: ${snapshot}`;
	const config = findFrontmatterKey(doc.frontmatter, 'config');
	if (config) {
		const first = doc.frontmatter?.keys.find((k) => k.path.length === 2 && k.path[0] === 'config');
		const lineStart = first ? doc.text.lastIndexOf('\n', first.keySpan.start - 1) + 1 : -1;
		const indent = first ? doc.text.slice(lineStart, first.keySpan.start) : '';
		// Flow mappings (`config: {temperature: 1}`) and empty values are left to the user.
		if (!first || !/^[ ]+$/.test(indent)) return undefined;
		return { title, edits: [{ span: { start: first.keySpan.start, end: first.keySpan.start }, newText: `version: ${snapshot}${eol}${indent}` }] };
	}
	const model = findFrontmatterKey(doc.frontmatter, 'model');
	if (!model || model.keySpan.start !== doc.text.lastIndexOf('\n', model.keySpan.start) + 1) return undefined;
	const lineEnd = doc.text.indexOf(eol, model.valueSpan.end);
	if (lineEnd < 0) return undefined;
	return { title, edits: [{ span: { start: lineEnd, end: lineEnd }, newText: `${eol}config:${eol}  version: ${snapshot}` }] };
}
