// Runs both diagnostics phases on a prompt the way the server does: immediate lint, then render, budget and deferred lint.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyzePrompt, createTokenizer, DEFAULT_SETTINGS, deferredDiagnostics, estimatePrompt, loadCatalog, normalizeSettings, type CoreDiagnostic, type RegisteredNames, type Settings } from '../../server/src/core';
import { CodeRegistrations } from '../../server/src/host/helperScan';
import { partialLookupFor, type PartialLookup } from '../../server/src/host/partials';

/** Fixtures are judged on a fixed date, so deprecation checks do not change with the calendar. */
export const TODAY = '2026-11-26';

const tokenizer = createTokenizer();

/**
 * Partials come from `partials`: the folder the prompt lives in (its `_name.prompt` files), or a name → text map
 * (the conformance suite's partials). A folder is also scanned for helpers registered in its source files, and its
 * `settings.json`, when there is one, replaces `settings`. `isPartial`: the text is a partial's own file, as the hosts
 * tell from its `_name.prompt` name.
 */
export async function diagnoseText(text: string, partials?: string | Record<string, string>, settings: Settings = DEFAULT_SETTINGS, isPartial = false): Promise<CoreDiagnostic[]> {
	if (typeof partials === 'string' && existsSync(join(partials, 'settings.json'))) settings = normalizeSettings(JSON.parse(readFileSync(join(partials, 'settings.json'), 'utf8')));
	const registered = typeof partials === 'string' ? await registeredIn(partials) : undefined;
	const catalog = loadCatalog(settings.models);
	const parsed = analyzePrompt(text, settings, { catalog, today: TODAY, registered });
	// With a syntax error the deferred phase still runs, as in the editor: missing partials elsewhere are reported.
	if (parsed.skipped) return parsed.diagnostics;
	const lookup = typeof partials === 'string' ? partialLookupFor(pathToFileURL(join(partials, 'input.prompt')).href, settings.partialPaths, [partials]) : partials && inMemory(partials);
	const estimate = await estimatePrompt(parsed.doc, { catalog, tokenizer, settings, partialSource: lookup?.source });
	const deferred = await deferredDiagnostics(parsed.doc, estimate, { settings, catalog, today: TODAY, partialSource: lookup?.source, searched: lookup?.searched, immediate: parsed.diagnostics, registered, isPartial });
	return [...parsed.diagnostics, ...deferred];
}

async function registeredIn(folder: string): Promise<RegisteredNames> {
	const code = new CodeRegistrations();
	await code.scan([folder]);
	return code.registered();
}

function inMemory(partials: Record<string, string>): PartialLookup {
	return {
		source: async (name) => (name in partials ? { location: `${name}.prompt`, text: partials[name] } : null),
		searched: ['the test\'s partials'],
		folders: [],
	};
}
