// The host's compare state: a new comparison, the output a plan asks for, saved files (name, shape, no keys), the panel's HTML.
import type { ChatRequest } from '../../../server/src/core';
import { COMPARE_STATE_VERSION, type CompareColumn, type CompareState, type JsonSchema, type OutputSpec } from '../../../media/shared/compareMessages';

export const SAVE_FOLDER = ['.prompt-lens', 'compare'] as const;
/** What a saved comparison says it is, so "Open Comparison" can tell it from any other JSON. */
export const SAVED_KIND = 'prompt-lens-comparison';

export interface NewComparison {
	/** The prompt's file name, e.g. `summarize.prompt`. */
	name: string;
	/** Relative to its workspace folder (`/`-separated), or its URI outside one. */
	path: string;
	inputs: Record<string, unknown>;
	columns: CompareColumn[];
	output: OutputSpec;
}

export function newCompareState(c: NewComparison): CompareState {
	return { version: COMPARE_STATE_VERSION, prompt: { name: c.name, path: c.path }, inputs: c.inputs, columns: c.columns, output: c.output, ui: { raw: [], shownRun: {} } };
}

/** What the prompt asks the model for, read from the request the server built (`output.schema` already JSON Schema there). */
export function outputSpecOf(request: Pick<ChatRequest, 'response_format'>): OutputSpec {
	const format = request.response_format;
	if (!format) return {};
	if (format.type === 'json_schema' && typeof format.json_schema.schema === 'object' && format.json_schema.schema !== null) {
		return { format: 'json', schema: format.json_schema.schema as JsonSchema };
	}
	return { format: 'json' };
}

/** `summarize-2026-11-26T10-04-05Z.json`: sortable, no characters any file system refuses. */
export function comparisonFileName(promptName: string, at: Date, extension: 'json' | 'md', attempt = 1): string {
	const stem = promptName.replace(/\.prompt$/, '').replace(/[^\w.-]+/g, '_') || 'prompt';
	const stamp = at.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/:/g, '-');
	return `${stem}-${stamp}${attempt > 1 ? `-${attempt}` : ''}.${extension}`;
}

/** Keys shorter than this are placeholders (`none`, `ollama`), not secrets (the history uses the same floor). */
const MIN_SECRET_LENGTH = 8;

/**
 * The saved file's text: inputs, columns (targets, every run's output and metrics), the output spec, baseline and vote.
 * The notice is left out (it is about the moment). `error` instead when a key would be written.
 */
export function savedComparison(state: CompareState, savedAt: Date, secrets: readonly (string | undefined)[]): { text: string } | { error: string } {
	const { notice: _notice, ...rest } = state;
	const text = `${JSON.stringify({ kind: SAVED_KIND, savedAt: savedAt.toISOString(), ...rest }, null, '\t')}\n`;
	if (containsSecret(text, secrets)) {
		return { error: 'The comparison was not saved because it contains an API key (in an output, the inputs or an error message). Remove the key from the prompt\'s inputs and run again.' };
	}
	return { text };
}

/** Also in the JSON-escaped form, so a key with characters JSON escapes is still caught. */
export function containsSecret(text: string, secrets: readonly (string | undefined)[]): boolean {
	return secrets.some((s) => s !== undefined && s.length >= MIN_SECRET_LENGTH && (text.includes(s) || text.includes(JSON.stringify(s).slice(1, -1))));
}

export interface PanelAssets {
	cspSource: string;
	nonce: string;
	script: string;
	style: string;
}

/** The panel's page: scripts only with the nonce, styles, fonts and images only from the extension (no inline anything). */
export function comparePanelCsp(cspSource: string, nonce: string): string {
	return `default-src 'none'; script-src 'nonce-${nonce}'; style-src ${cspSource}; font-src ${cspSource}; img-src ${cspSource} data:`;
}

export function comparePanelHtml(a: PanelAssets): string {
	return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(comparePanelCsp(a.cspSource, a.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(a.style)}">
<title>Compare</title>
</head>
<body>
<main id="compare-root"></main>
<script nonce="${attr(a.nonce)}" src="${attr(a.script)}"></script>
</body>
</html>`;
}

function attr(value: string): string {
	return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
