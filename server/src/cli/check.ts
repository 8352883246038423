// `prompt-lens check`: analyzes files and prints every diagnostic as text or JSON; the exit code says whether any is an error.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { analyzePrompt, createTokenizer, deferredDiagnostics, errorMessage, hasSyntaxErrors, estimatePrompt, LineIndex, loadCatalog, type CoreDiagnostic, type Settings } from '../core';
import { partialLookupFor } from '../host/partials';
import { today } from '../host/today';

export interface CheckedDiagnostic {
	file: string;
	line: number;
	column: number;
	endLine: number;
	endColumn: number;
	severity: CoreDiagnostic['severity'];
	code: string;
	message: string;
}

export interface CheckReport {
	diagnostics: CheckedDiagnostic[];
	/** Files that could not be read, with the reason. */
	unreadable: { file: string; reason: string }[];
}

/** Syntax diagnostics, then — for files that render — the same budget diagnostics the editor shows. */
export async function checkFiles(files: string[], settings: Settings): Promise<CheckReport> {
	const report: CheckReport = { diagnostics: [], unreadable: [] };
	const context = { catalog: loadCatalog(settings.models), tokenizer: createTokenizer(), settings, today: today() };
	for (const file of files) {
		let text: string;
		try {
			text = readFileSync(file, 'utf8');
		} catch (error) {
			report.unreadable.push({ file, reason: errorMessage(error) });
			continue;
		}
		const lines = new LineIndex(text);
		const parsed = analyzePrompt(text, settings, context);
		const found = [...parsed.diagnostics];
		if (!parsed.skipped && !hasSyntaxErrors(found)) {
			const lookup = partialLookupFor(pathToFileURL(file).href, settings.partialPaths, [process.cwd()]);
			const resolvePartial = lookup && (async (name: string) => (await lookup.source(name))?.text ?? null);
			const estimate = await estimatePrompt(parsed.doc, { ...context, resolvePartial });
			found.push(...await deferredDiagnostics(parsed.doc, estimate, { ...context, partialSource: lookup?.source, searched: lookup?.searched, immediate: parsed.diagnostics }));
		}
		for (const diagnostic of found) report.diagnostics.push(locate(file, lines, diagnostic));
	}
	return report;
}

export function formatText(report: CheckReport): string {
	return report.diagnostics
		.map((d) => `${d.file}:${d.line}:${d.column} ${d.severity} ${d.code} ${d.message}`)
		.join('\n');
}

export function formatJson(report: CheckReport): string {
	return JSON.stringify(report.diagnostics, null, 2);
}

export function summary(report: CheckReport, fileCount: number): string {
	const count = (severity: string) => report.diagnostics.filter((d) => d.severity === severity).length;
	const parts = [plural(count('error'), 'error'), plural(count('warning'), 'warning')];
	return `${parts.join(', ')} in ${plural(fileCount, 'file')}`;
}

/** 1-based lines and columns, columns in UTF-16 code units as editors count them. */
function locate(file: string, lines: LineIndex, diagnostic: CoreDiagnostic): CheckedDiagnostic {
	const startLine = lines.lineAt(diagnostic.span.start);
	const endLine = lines.lineAt(diagnostic.span.end);
	return {
		file,
		line: startLine + 1,
		column: diagnostic.span.start - lines.lineStart(startLine) + 1,
		endLine: endLine + 1,
		endColumn: diagnostic.span.end - lines.lineStart(endLine) + 1,
		severity: diagnostic.severity,
		code: diagnostic.code,
		message: diagnostic.message,
	};
}

function plural(n: number, word: string): string {
	return `${n} ${word}${n === 1 ? '' : 's'}`;
}
