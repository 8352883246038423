// Extension entry: activate creates the context, registers commands and starts the language server; failures are visible.
import * as vscode from 'vscode';
import { registerCommands } from './commands';
import { Ctx } from './ctx';
import { describe } from './log';
import { PromptStatusItem } from './status';

let ctx: Ctx | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
	ctx = new Ctx(context);
	context.subscriptions.push(ctx, ...registerCommands(ctx));
	try {
		await ctx.start();
		const status = new PromptStatusItem(() => ctx?.languageClient);
		context.subscriptions.push(status);
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
