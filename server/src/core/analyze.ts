// analyzePrompt: the one entry point the server and the CLI share — input guards, then parse, then (later) lint and budgets.
import { lint } from './lint';
import type { LintEnv } from './lint/rule';
import { parsePrompt, type ParseMemo } from './parse';
import { formatCount } from './pricing';
import { withDeclaredHelpers } from './registeredNames';
import { planShift, type LintInputs } from './reparse';
import { EMPTY_SCOPE } from './scope';
import type { Settings } from './settings';
import type { CoreDiagnostic, ParseResult } from './types';

/** A NUL character or many control characters mean the file is not text we should analyze. */
const BINARY_SAMPLE = 8000;

/** `env` carries what the host knows (catalog, today); rules that need more run later, in the deferred phase. */
/** `memo`: what parsePrompt keeps of the document's previous version (ParseMemo), for a host analyzing every edit. */
export function analyzePrompt(text: string, settings: Settings, env: LintEnv = {}, memo?: ParseMemo): ParseResult {
	const tooLarge = tooLargeResult(text.length, settings, text);
	if (tooLarge) return tooLarge;
	if (looksBinary(text)) {
		return { doc: emptyDoc(text), skipped: true, diagnostics: [skipped('binary-file', 'This file looks binary (it contains NUL or many control characters); Prompt Lens does not analyze it.')] };
	}
	const previous = memo?.parse;
	const result = parsePrompt(text, memo);
	const skip = result.doc.dialect !== undefined || result.diagnostics.some((d) => d.code === 'template-too-deep');
	if (skip) return { ...result, skipped: true };
	const inputs = lintInputs(settings, env);
	const last = previous?.lint;
	// Immediate rules judge the frontmatter and the tags, never the text between them (lint/rule.ts): after an edit of
	// that text alone, their findings only move.
	const moved = last && sameInputs(last.inputs, inputs) ? memo?.moved?.diagnostics(last.diagnostics) : undefined;
	const registered = withDeclaredHelpers(env.registered, settings.helpers);
	const found = moved ?? lint(result.doc, settings['lint.rules'], { ...env, registered });
	if (memo?.parse) memo.parse.lint = { inputs, diagnostics: found };
	return { ...result, diagnostics: [...result.diagnostics, ...found] };
}

/**
 * What analyzePrompt will report for `text`, when the edit since the memo's last version changed only literal text:
 * that version's diagnostics moved, without shifting the document itself (a tenth of a second at 5 MB), so a host can
 * show them before it analyzes. Undefined when that cannot be told so cheaply.
 */
export function movedDiagnostics(
	text: string,
	settings: Settings,
	env: LintEnv,
	memo: ParseMemo,
): CoreDiagnostic[] | undefined {
	const last = memo.parse;
	if (!last?.lint || !sameInputs(last.lint.inputs, lintInputs(settings, env))) return undefined;
	if (tooLargeResult(text.length, settings) || looksBinary(text)) return undefined;
	return planShift(last, text)?.diagnostics([...last.result.diagnostics, ...last.lint.diagnostics]);
}

function lintInputs(settings: Settings, env: LintEnv): LintInputs {
	const names = (map?: ReadonlyMap<string, unknown>) => (map ? [...map.values()] : null);
	const registered = env.registered && [names(env.registered.helpers), names(env.registered.partials)];
	const key = JSON.stringify([settings['lint.rules'], settings.helpers, env.today, registered]);
	return { key, catalog: env.catalog };
}

function sameInputs(a: LintInputs, b: LintInputs): boolean {
	return a.key === b.key && a.catalog === b.catalog;
}

/** Over `promptLens.maxFileSize`: the result from the length alone (the server checks it before building the text). */
export function tooLargeResult(length: number, settings: Settings, text = ''): ParseResult | undefined {
	if (length <= settings.maxFileSize) return undefined;
	const message = `This file has ${formatCount(length)} characters, more than \`promptLens.maxFileSize\` (${formatCount(settings.maxFileSize)}); Prompt Lens does not analyze it.`;
	return { doc: emptyDoc(text), skipped: true, diagnostics: [skipped('file-too-large', message)] };
}

function emptyDoc(text: string): ParseResult['doc'] {
	return { text, body: { start: 0, end: text.length }, nodes: [], roleSections: [], scope: EMPTY_SCOPE };
}

function looksBinary(text: string): boolean {
	const sample = text.slice(0, BINARY_SAMPLE);
	if (sample.includes('\u0000')) return true;
	// eslint-disable-next-line no-control-regex -- control characters are what marks a binary file
	const control = sample.match(/[\u0001-\u0008\u000E-\u001A\u001C-\u001F]/g)?.length ?? 0;
	return sample.length > 0 && control / sample.length > 0.1;
}

function skipped(code: string, message: string): CoreDiagnostic {
	return { code, severity: 'info', message, span: { start: 0, end: 0 } };
}
