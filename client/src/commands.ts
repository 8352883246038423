// The command table: id → handler factory; failures are shown to the user and logged, never swallowed.
import * as vscode from 'vscode';
import type { Ctx } from './ctx';
import { describe } from './log';

type Command = (ctx: Ctx) => (...args: unknown[]) => Promise<void> | void;

const COMMANDS: Record<string, Command> = {
	'promptLens.restartServer': (ctx) => async () => {
		await ctx.restart();
		void vscode.window.setStatusBarMessage('Prompt Lens: language server restarted', 3000);
	},
	'promptLens.showLogs': (ctx) => () => ctx.log.show(),
};

export function registerCommands(ctx: Ctx): vscode.Disposable[] {
	return Object.entries(COMMANDS).map(([id, factory]) => {
		const handler = factory(ctx);
		return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
			try {
				await handler(...args);
			} catch (error) {
				ctx.log.error(`${id} failed`, error);
				void vscode.window.showErrorMessage(`Prompt Lens: ${id} failed: ${describe(error)}`);
			}
		});
	});
}
