// The measured part of a migration report, for the CLI and VS Code alike: which cases measure a prompt (its tests, else
// its samples or input.default), and the runs of those cases on two models → pass rates, latency, cost, answer pairs.
import { existsSync, readFileSync } from 'node:fs';
import { analyzePrompt, measureModel, type MeasuredPair, type MigrationRow, type Settings } from '../core';
import { findTestFiles, loadTests, samplesAsTests, type LoadedTests } from './testLoader';
import type { CaseResult } from './testRunner';

/** A prompt to measure: its row in the report, its cases, and the model it moves from. */
export interface Subject {
	row: MigrationRow;
	tests: LoadedTests;
	from: string;
}

/** The prompt's test file (beside it, or one whose `prompt:` names it), else its samples; undefined when unreadable. */
export function casesOf(
	promptPath: string,
	context: { settings: Settings; cwd: string; root: string },
): LoadedTests | undefined {
	const found = findTestFiles([promptPath], context.cwd, context.settings.tests, context.root);
	if (found.files.length) return loadTests(found.files[0], context.settings, context.cwd);
	return existsSync(promptPath)
		? samplesAsTests(promptPath, readFileSync(promptPath, 'utf8'), context.settings)
		: undefined;
}

/** The prompt's own `model:`. */
export function promptModel(tests: LoadedTests, settings: Settings): string | undefined {
	const own = (analyzePrompt(tests.promptText, settings).doc.frontmatter?.data as { model?: unknown } | undefined)
		?.model;
	return typeof own === 'string' ? own : undefined;
}

/** The runs of one prompt's cases on `from` and `to` (results of other prompts are ignored). */
export function measuredPair(tests: LoadedTests, from: string, to: string, results: CaseResult[]): MeasuredPair {
	const own = results.filter((r) => r.testFile === tests.testFile);
	const firstAnswer = (name: string, model: string) =>
		own.find((r) => r.case.name === name && r.model === model)?.runs.find((run) => run.result.status === 'ok')?.result
			.output;
	const answers = tests.cases.flatMap((c) => {
		const [a, b] = [firstAnswer(c.name, from), firstAnswer(c.name, to)];
		return a !== undefined && b !== undefined ? [{ case: c.name, from: a, to: b }] : [];
	});
	return {
		source: tests.testFile === tests.promptFile ? 'samples' : 'tests',
		cases: tests.cases.length,
		from: measureModel(from, own),
		to: measureModel(to, own),
		answers,
	};
}
