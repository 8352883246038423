// The command table: id → handler factory; failures are shown to the user and logged, never swallowed.
import * as vscode from 'vscode';
import type { Comparisons } from './compare/comparisons';
import type { Ctx } from './ctx';
import { errorMessage } from '../../server/src/core';
import type { ApiKeys } from './run/apiKeys';
import type { RunHistoryView } from './run/runHistoryView';
import type { Runner } from './run/runner';
import type { PromptTests } from './tests/promptTests';
import type { MigrationReports } from './migration/migrationReports';

/** What the commands act on; built once in activate(). */
export interface Services {
	ctx: Ctx;
	runner: Runner;
	keys: ApiKeys;
	history: RunHistoryView;
	comparisons: Comparisons;
	tests: PromptTests;
	migrations: MigrationReports;
}

type Command = (services: Services) => (...args: unknown[]) => unknown;

const COMMANDS: Record<string, Command> = {
	'promptLens.restartServer': ({ ctx }) => async () => {
		await ctx.restart();
		void vscode.window.setStatusBarMessage('Prompt Lens: language server restarted', 3000);
	},
	'promptLens.showLogs': ({ ctx }) => () => ctx.log.show(),
	// The lens passes the prompt's URI (a string), the editor title menu a Uri, the keybinding nothing (the active editor).
	'promptLens.run': ({ runner }) => (target) => runner.run(target),
	'promptLens.setApiKey': ({ keys }) => (providerId, key) => keys.setCommand(providerId, key),
	'promptLens.clearApiKey': ({ keys }) => (providerId) => keys.clearCommand(providerId),
	'promptLens.showRunHistory': ({ history }) => (target, runId) => history.show(target, runId),
	'promptLens.diffWithPreviousRun': ({ history }) => (target, runId) => history.diff(target, runId),
	// The lens passes the prompt's URI; scripts and tests may add `{ models, variants }` to skip the questions.
	'promptLens.compare': ({ comparisons }) => (target, options) => comparisons.compare(target, options),
	'promptLens.openComparison': ({ comparisons }) => (file) => comparisons.openSaved(file),
	// The ▶ Test lens passes the prompt's URI; without one, every test in the workspace.
	'promptLens.test': ({ tests }) => (target) => tests.testCommand(target),
	// Scripts and tests may pass `{ to, from, run, maxCost }` to skip the questions.
	'promptLens.compareModelsAcrossWorkspace': ({ migrations }) => (options) =>
		migrations.acrossWorkspace(options as object | undefined),
	// The deprecated-model / unpinned-model quick fix passes the prompt's URI and the replacement model.
	'promptLens.checkReplacement': ({ migrations }) => (target, model, options) =>
		migrations.checkReplacement(target, model, options as object | undefined),
};

export function registerCommands(services: Services): vscode.Disposable[] {
	return Object.entries(COMMANDS).map(([id, factory]) => {
		const handler = factory(services);
		return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
			try {
				// The value goes back to executeCommand callers (the run outcome, for tests and scripts).
				return await handler(...args);
			} catch (error) {
				services.ctx.log.error(`${id} failed`, error);
				void vscode.window.showErrorMessage(`Prompt Lens: ${id} failed: ${errorMessage(error)}`);
				return undefined;
			}
		});
	});
}
