// Runs both diagnostics phases on a prompt the way the server does: immediate lint, then render, budget and deferred lint.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyzePrompt, createTokenizer, DEFAULT_SETTINGS, deferredDiagnostics, estimatePrompt, hasSyntaxErrors, loadCatalog, type CoreDiagnostic, type Settings } from '../../server/src/core';
import { partialLookupFor, type PartialLookup } from '../../server/src/host/partials';

/** Fixtures are judged on a fixed date, so deprecation checks do not change with the calendar. */
export const TODAY = '2026-11-26';

const tokenizer = createTokenizer();

/**
 * Partials come from `partials`: the folder the prompt lives in (its `_name.prompt` files), or a name → text map
 * (the conformance suite's partials).
 */
export async function diagnoseText(text: string, partials?: string | Record<string, string>, settings: Settings = DEFAULT_SETTINGS): Promise<CoreDiagnostic[]> {
	const catalog = loadCatalog(settings.models);
	const parsed = analyzePrompt(text, settings, { catalog, today: TODAY });
	if (parsed.skipped || hasSyntaxErrors(parsed.diagnostics)) return parsed.diagnostics;
	const lookup = typeof partials === 'string' ? partialLookupFor(pathToFileURL(join(partials, 'input.prompt')).href, settings.partialPaths, [partials]) : partials && inMemory(partials);
	const estimate = await estimatePrompt(parsed.doc, { catalog, tokenizer, settings, partialSource: lookup?.source });
	const deferred = await deferredDiagnostics(parsed.doc, estimate, { settings, catalog, today: TODAY, partialSource: lookup?.source, searched: lookup?.searched, immediate: parsed.diagnostics });
	return [...parsed.diagnostics, ...deferred];
}

function inMemory(partials: Record<string, string>): PartialLookup {
	return {
		source: async (name) => (name in partials ? { location: `${name}.prompt`, text: partials[name] } : null),
		searched: ['the test\'s partials'],
		folders: [],
	};
}
