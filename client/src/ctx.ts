// Owns the extension's long-lived state: the language client, the log and the disposables; start/stop/restart.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { createLanguageClient } from './client';
import { Log } from './log';

export class Ctx implements vscode.Disposable {
	readonly log = new Log('Prompt Lens');
	private client: LanguageClient | undefined;

	constructor(readonly context: vscode.ExtensionContext) {}

	/** The running language client, if any (it is replaced on restart). */
	get languageClient(): LanguageClient | undefined {
		return this.client;
	}

	get isRunning(): boolean {
		return this.client?.isRunning() ?? false;
	}

	async start(): Promise<void> {
		this.client ??= createLanguageClient(this.context, this.log.channel);
		await this.client.start();
		this.log.info('language server started');
	}

	async stop(): Promise<void> {
		const client = this.client;
		this.client = undefined;
		if (client) await client.dispose();
	}

	async restart(): Promise<void> {
		await this.stop();
		await this.start();
	}

	dispose(): void {
		void this.stop();
		this.log.dispose();
	}
}
