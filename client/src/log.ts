// One logger for the client: a LogOutputChannel whose error() also reveals the channel so failures are seen.
import { errorMessage } from '../../server/src/core';
import * as vscode from 'vscode';

export class Log implements vscode.Disposable {
	readonly channel: vscode.LogOutputChannel;

	constructor(name: string) {
		this.channel = vscode.window.createOutputChannel(name, { log: true });
	}

	info(message: string): void {
		this.channel.info(message);
	}

	warn(message: string): void {
		this.channel.warn(message);
	}

	error(message: string, error?: unknown): void {
		this.channel.error(error === undefined ? message : `${message}: ${errorMessage(error)}`);
		this.channel.show(true);
	}

	show(): void {
		this.channel.show();
	}

	dispose(): void {
		this.channel.dispose();
	}
}
