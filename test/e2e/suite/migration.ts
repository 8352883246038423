// "Compare Models Across Workspace" in the real extension host: the free report from the server, run.prompt's tests on
// mock-small and mock-large against the mock provider within a budget, prompts without a key left out with a note, and
// the report webview (chart, strict CSP, no script).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { MigrationReport } from '../../../server/src/core';
import type { MockOpenAI } from '../../support/mockOpenAI';

const EXTENSION_ID = 'prompt-lens.prompt-lens';

interface Probe {
	title: string;
	html: string;
}

export async function compareModelsAcrossWorkspace(mock: MockOpenAI | undefined): Promise<void> {
	assert.ok(mock, 'the mock server is not running (an earlier check failed)');
	await vscode.workspace
		.getConfiguration('promptLens')
		.update(
			'models',
			[
				{ id: 'mock-small', provider: 'mock', inputPerMTok: 1, outputPerMTok: 2, contextWindow: 8192 },
				{ id: 'mock-large', provider: 'mock', inputPerMTok: 10, outputPerMTok: 20, contextWindow: 8192 },
			],
			vscode.ConfigurationTarget.Global,
		);
	const before = mock.requests.filter((r) => r.path.endsWith('/chat/completions')).length;
	const report = await vscode.commands.executeCommand<MigrationReport | undefined>(
		'promptLens.compareModelsAcrossWorkspace',
		{ to: 'mock/mock-large', run: true, maxCost: 1 },
	);
	assert.ok(report, 'the command returned no report (it refused or failed; see the Prompt Lens log)');
	const run = report.prompts.find((p) => p.prompt === 'run.prompt');
	assert.ok(run?.measured, `run.prompt was not measured: ${JSON.stringify(run)}`);
	assert.equal(run.measured.source, 'tests');
	assert.equal(run.measured.from.model, 'mock/mock-small');
	assert.equal(run.measured.to.model, 'mock/mock-large');
	assert.ok(run.measured.from.passRate !== undefined && run.measured.to.passRate !== undefined);
	assert.ok(run.measured.to.cost > run.measured.from.cost, 'mock-large is priced 10× mock-small');
	const tokens = report.prompts.find((p) => p.prompt === 'tokens.prompt');
	assert.ok(
		tokens?.notes.some((n) => n.startsWith('not measured:')),
		`tokens.prompt (an OpenAI model, no key) should be left out with a note: ${JSON.stringify(tokens)}`,
	);
	assert.ok(report.run && report.run.spent > 0 && report.run.spent <= 1, JSON.stringify(report.run));
	const chats = mock.requests.filter((r) => r.path.endsWith('/chat/completions')).slice(before);
	const models = new Set(chats.map((c) => c.body.model));
	assert.ok(models.has('mock-small') && models.has('mock-large'), [...models].join(', '));
	const api = vscode.extensions.getExtension<{ migrationPanels(): Probe[] }>(EXTENSION_ID)?.exports;
	const panel = api?.migrationPanels().at(-1);
	assert.ok(panel, 'no report webview is open');
	assert.match(panel.html, /<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;/);
	assert.match(panel.html, /<svg [^>]*aria-label="Cost per 1,000 calls against pass rate/);
	assert.doesNotMatch(panel.html, /<script/);
	await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
}
