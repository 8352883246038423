// A large document's first diagnostics do not wait for its render and counts: the runner sends them ahead.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Connection } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CoreDiagnostic } from '../../server/src/core';
import type { AnalysisJob } from '../../server/src/host/analysisJob';
import { Analyses, LIVE_PARSE_LIMIT } from '../../server/src/lsp/analyses';
import { InProcessRunner, type EarlyDiagnostics, type RunResult } from '../../server/src/lsp/analysisRunner';
import { SettingsCache } from '../../server/src/lsp/settings';

const TEXT = `---\nmodel: openai/gpt-5.4-mini-2026-03-17\n---\n${'Some text.\n'.repeat(LIVE_PARSE_LIMIT / 10)}{{role "assistant"}}\n`;

/** Runs each job in process but holds its outcome until `release()`, as a worker busy rendering would. */
class HoldingRunner extends InProcessRunner {
	private held: (() => void)[] = [];
	override run(job: AnalysisJob, early?: EarlyDiagnostics): Promise<RunResult> {
		const outcome = super.run(job, early);
		return new Promise((resolve) => this.held.push(() => void outcome.then(resolve)));
	}

	release(): void {
		this.held.forEach((go) => go());
	}
}

test('the immediate diagnostics of a large document come before its outcome; its estimate waits for it', async () => {
	const runner = new HoldingRunner();
	const analyses = new Analyses(new SettingsCache({} as Connection), runner);
	const document = TextDocument.create('untitled:big.prompt', 'dotprompt', 1, TEXT);
	let estimated = false;
	const estimate = analyses.estimate(document).then((found) => (estimated = found !== undefined));
	let timer: NodeJS.Timeout | undefined;
	const waited = new Promise<'waited'>((resolve) => (timer = setTimeout(() => resolve('waited'), 10_000)));
	const immediate: CoreDiagnostic[] | undefined | 'waited' = await Promise.race([analyses.immediate(document), waited]);
	clearTimeout(timer);
	assert.notEqual(immediate, 'waited', 'the diagnostics waited for the held outcome');
	assert.deepEqual((immediate as CoreDiagnostic[]).map((d) => d.code), ['invalid-role']);
	assert.equal(estimated, false, 'the outcome is still held');
	runner.release();
	await estimate;
	assert.equal(estimated, true);
});

test('a runner that fails before sending anything fails the diagnostics too, instead of leaving them waiting', async () => {
	class FailingRunner extends InProcessRunner {
		override run(): Promise<RunResult> {
			return Promise.reject(new Error('analysis bug'));
		}
	}
	const analyses = new Analyses(new SettingsCache({} as Connection), new FailingRunner());
	const document = TextDocument.create('untitled:broken.prompt', 'dotprompt', 1, TEXT);
	let timer: NodeJS.Timeout | undefined;
	const waited = new Promise<'waited'>((resolve) => (timer = setTimeout(() => resolve('waited'), 10_000)));
	const failed = analyses.immediate(document).then(() => 'resolved', (error: Error) => error.message);
	const result = await Promise.race([failed, waited]);
	clearTimeout(timer);
	assert.equal(result, 'analysis bug', 'the failure reaches the publisher, which logs it');
});
