// Extension entry: activate creates the context, registers commands and starts the language server; failures are visible.
import * as vscode from 'vscode';
import { registerCommands } from './commands';
import { Config } from './config';
import { Ctx } from './ctx';
import { describe } from './log';
import { ApiKeys } from './run/apiKeys';
import { RunDocuments } from './run/runDocuments';
import { RunHistoryView } from './run/runHistoryView';
import { Runner } from './run/runPrompt';
import { PromptStatusItem } from './status';

let ctx: Ctx | undefined;

/** What activate() returns to other extensions and to the extension-host tests. */
export interface PromptLensApi {
	/** The folder of the "Prompt Lens" log file (tests check that no key ever reaches it). */
	logUri: vscode.Uri;
}

export async function activate(context: vscode.ExtensionContext): Promise<PromptLensApi> {
	ctx = new Ctx(context);
	const config = new Config();
	const docs = new RunDocuments();
	const keys = new ApiKeys(context.secrets, config, ctx.log);
	const services = { ctx, runner: new Runner(ctx, docs, keys, config), keys, history: new RunHistoryView(docs, config) };
	context.subscriptions.push(ctx, docs, ...registerCommands(services));
	try {
		await ctx.start();
		const status = new PromptStatusItem(() => ctx?.languageClient);
		context.subscriptions.push(status);
		return { logUri: context.logUri };
	} catch (error) {
		ctx.log.error('Prompt Lens failed to start its language server', error);
		void vscode.window.showErrorMessage(`Prompt Lens could not start: ${describe(error)}`, 'Show Logs').then((choice) => {
			if (choice) ctx?.log.show();
		});
		throw error;
	}
}

export async function deactivate(): Promise<void> {
	await ctx?.stop();
	ctx = undefined;
}
