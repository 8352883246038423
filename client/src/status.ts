// The language status item for the active prompt: tokens, cost and window use, asked from the server as the user types.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { PromptStatusRequest } from '../../server/src/protocol';

const SEVERITY = {
	info: vscode.LanguageStatusSeverity.Information,
	warning: vscode.LanguageStatusSeverity.Warning,
	error: vscode.LanguageStatusSeverity.Error,
} as const;

/** Debounce so a burst of keystrokes asks once; the server caches per document version anyway. */
const DELAY_MS = 250;

export class PromptStatusItem implements vscode.Disposable {
	private readonly item = vscode.languages.createLanguageStatusItem('promptLens.status', { language: 'dotprompt' });
	private readonly disposables: vscode.Disposable[] = [];
	private timer: NodeJS.Timeout | undefined;

	constructor(private readonly client: () => LanguageClient | undefined) {
		this.item.name = 'Prompt Lens';
		this.item.text = 'Prompt Lens';
		this.item.command = { title: 'Logs', command: 'promptLens.showLogs' };
		this.disposables.push(
			vscode.window.onDidChangeActiveTextEditor(() => this.schedule()),
			vscode.workspace.onDidChangeTextDocument((e) => {
				if (e.document === vscode.window.activeTextEditor?.document) this.schedule();
			}),
		);
		this.schedule();
	}

	schedule(): void {
		if (this.timer) clearTimeout(this.timer);
		this.timer = setTimeout(() => void this.update(), DELAY_MS);
	}

	private async update(): Promise<void> {
		const document = vscode.window.activeTextEditor?.document;
		const client = this.client();
		if (!document || document.languageId !== 'dotprompt' || !client?.isRunning()) return;
		try {
			const status = await client.sendRequest(PromptStatusRequest, { uri: document.uri.toString() });
			if (vscode.window.activeTextEditor?.document !== document) return;
			this.item.text = status?.text ?? 'Prompt Lens: not analyzed';
			this.item.detail = status?.detail;
			this.item.severity = SEVERITY[status?.severity ?? 'info'];
			this.item.busy = false;
		} catch {
			// The server logs its own failures; a stale status is better than a popup on every keystroke.
		}
	}

	dispose(): void {
		if (this.timer) clearTimeout(this.timer);
		this.item.dispose();
		this.disposables.forEach((d) => d.dispose());
	}
}
