// `prompt-lens check`: analyzes files into located diagnostics (with their quick fixes) and prints them as text or JSON; SARIF is in sarif.ts.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyzePrompt, capDiagnostics, createTokenizer, deferredDiagnostics, errorMessage, estimatePrompt, isPartialFile, LineIndex, loadCatalog, type CoreDiagnostic, type Settings, type Span } from '../core';
import { CodeRegistrations, scanSummaryText } from '../host/helperScan';
import { PartialFiles, partialLookupFor } from '../host/partials';
import { today } from '../host/today';

/** 1-based lines and columns; columns count UTF-16 code units, as editors do; the end is exclusive. */
export interface CheckedRange {
	line: number;
	column: number;
	endLine: number;
	endColumn: number;
}

export interface CheckedDiagnostic extends CheckedRange {
	file: string;
	severity: CoreDiagnostic['severity'];
	code: string;
	message: string;
	/** Quick fixes, as the editor offers them: replace each range with `newText`. */
	fixes?: { title: string; edits: (CheckedRange & { newText: string })[] }[];
}

export interface CheckOptions {
	/** Relative file names start here. */
	cwd: string;
	/** The folder `partialPaths` were resolved against (the settings file's), for messages. */
	root: string;
}

export interface CheckReport {
	diagnostics: CheckedDiagnostic[];
	/** Files that could not be read, with the reason. */
	unreadable: { file: string; reason: string }[];
	/** Said on stderr: e.g. that the scan for helpers registered in code stopped early. */
	notes?: string[];
	/** Files in another tool's `.prompt` format (one `foreign-dialect` note each, nothing else checked). */
	foreign?: { file: string; dialect: string }[];
}

/** Syntax diagnostics, then — for files that render — the same budget diagnostics the editor shows. */
export async function checkFiles(files: string[], settings: Settings, options: CheckOptions): Promise<CheckReport> {
	const report: CheckReport = { diagnostics: [], unreadable: [], foreign: [] };
	// Helpers and partials the app registers in code, found as the editor finds them, from the settings file's folder.
	const code = new CodeRegistrations();
	const scanned = await code.scan([options.root]);
	if (scanned.capped) report.notes = [scanSummaryText(scanned)];
	const context = { catalog: loadCatalog(settings.models), tokenizer: createTokenizer(), settings, today: today(), registered: code.registered() };
	// One partial cache for the run: the folder walk for Genkit-style partials happens once, not once per prompt.
	const partialFiles = new PartialFiles();
	for (const file of files) {
		let text: string;
		try {
			text = readFileSync(resolve(options.cwd, file), 'utf8');
		} catch (error) {
			report.unreadable.push({ file, reason: errorMessage(error) });
			continue;
		}
		const lines = new LineIndex(text);
		const parsed = analyzePrompt(text, settings, context);
		const found = [...parsed.diagnostics];
		if (parsed.doc.dialect) report.foreign?.push({ file, dialect: parsed.doc.dialect.name });
		// With a syntax error the render fails (and says nothing new), but missing partials elsewhere are still found.
		if (!parsed.skipped) {
			const lookup = partialLookupFor(pathToFileURL(resolve(options.cwd, file)).href, settings.partialPaths, [options.root], partialFiles);
			const estimate = await estimatePrompt(parsed.doc, { ...context, partialSource: lookup?.source });
			found.push(...await deferredDiagnostics(parsed.doc, estimate, { ...context, partialSource: lookup?.source, searched: lookup?.searched, immediate: parsed.diagnostics, isPartial: isPartialFile(file) }));
		}
		for (const diagnostic of capDiagnostics(found)) report.diagnostics.push(locate(file, lines, diagnostic));
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
	return `${parts.join(', ')} in ${plural(fileCount, 'file')}${foreignNote(report.foreign ?? [], fileCount)}`;
}

/** "; 2 are in another tool's format (Humanloop), not checked as Dotprompt" — a folder of them is not a clean pass. */
function foreignNote(foreign: { dialect: string }[], fileCount: number): string {
	if (foreign.length === 0) return '';
	const names = [...new Set(foreign.map((f) => f.dialect))].sort().join(', ');
	const which = foreign.length === fileCount
		? `${fileCount === 1 ? 'it is' : 'all are'} in another tool's format (${names})`
		: `${foreign.length} ${foreign.length === 1 ? 'is' : 'are'} in another tool's format (${names})`;
	return `; ${which}, not checked as Dotprompt`;
}

function locate(file: string, lines: LineIndex, diagnostic: CoreDiagnostic): CheckedDiagnostic {
	const located: CheckedDiagnostic = { file, ...range(lines, diagnostic.span), severity: diagnostic.severity, code: diagnostic.code, message: diagnostic.message };
	if (diagnostic.fixes?.length) {
		located.fixes = diagnostic.fixes.map((fix) => ({ title: fix.title, edits: fix.edits.map((edit) => ({ ...range(lines, edit.span), newText: edit.newText })) }));
	}
	return located;
}

function range(lines: LineIndex, span: Span): CheckedRange {
	const startLine = lines.lineAt(span.start);
	const endLine = lines.lineAt(span.end);
	return {
		line: startLine + 1,
		column: span.start - lines.lineStart(startLine) + 1,
		endLine: endLine + 1,
		endColumn: span.end - lines.lineStart(endLine) + 1,
	};
}

function plural(n: number, word: string): string {
	return `${n} ${word}${n === 1 ? '' : 's'}`;
}
