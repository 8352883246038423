// Extension entry: activate creates the context, registers commands and starts the language server; failures are visible.
import * as vscode from 'vscode';
import { registerCommands } from './commands';
import type { ComparePanelProbe } from './compare/comparePanel';
import { Comparisons } from './compare/comparisons';
import { Config } from './config';
import { Ctx } from './ctx';
import { errorMessage } from '../../server/src/core';
import { ApiKeys } from './run/apiKeys';
import { RunDocuments } from './run/runDocuments';
import { RunHistoryView } from './run/runHistoryView';
import { Runner } from './run/runner';
import { PromptStatusItem } from './status';
import { PromptTests } from './tests/promptTests';
import { MigrationPanels, type MigrationPanelProbe } from './migration/migrationPanel';
import { MigrationReports } from './migration/migrationReports';

let ctx: Ctx | undefined;

/** What activate() returns to other extensions and to the extension-host tests. */
export interface PromptLensApi {
	/** The folder of the "Prompt Lens" log file (tests check that no key ever reaches it). */
	logUri: vscode.Uri;
	/** The open compare panels: their state, handshakes, and a way to send them a webview message (extension-host tests). */
	comparePanels(): ComparePanelProbe[];
	/** The open migration reports (extension-host tests). */
	migrationPanels(): MigrationPanelProbe[];
}

export async function activate(context: vscode.ExtensionContext): Promise<PromptLensApi> {
	ctx = new Ctx(context);
	const config = new Config();
	const docs = new RunDocuments();
	const keys = new ApiKeys(context.secrets, config, ctx.log, context.globalState);
	const comparisons = new Comparisons({ ctx, config, keys }, context.extensionUri);
	const tests = new PromptTests({ ctx, config, keys });
	const panels = new MigrationPanels();
	const migrations = new MigrationReports({ ctx, config, keys }, panels);
	const services = { ctx, runner: new Runner(ctx, docs, keys, config), keys, history: new RunHistoryView(docs, config), comparisons, tests, migrations };
	// The serializer first: VS Code restores compare panels (activation event onWebviewPanel) before anything else runs.
	context.subscriptions.push(comparisons.registerSerializer(), comparisons, tests, panels, ctx, docs, ...registerCommands(services));
	try {
		await ctx.start();
		const status = new PromptStatusItem(() => ctx?.languageClient);
		context.subscriptions.push(status);
		return { logUri: context.logUri, comparePanels: () => comparisons.probes(), migrationPanels: () => panels.probes() };
	} catch (error) {
		ctx.log.error('Prompt Lens failed to start its language server', error);
		void vscode.window.showErrorMessage(`Prompt Lens could not start: ${errorMessage(error)}`, 'Show Logs').then((choice) => {
			if (choice) ctx?.log.show();
		});
		throw error;
	}
}

export async function deactivate(): Promise<void> {
	await ctx?.stop();
	ctx = undefined;
}
