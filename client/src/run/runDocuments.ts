// Read-only virtual documents (scheme prompt-lens-run) for run output: one per prompt file, so a re-run reuses its tab.
import * as vscode from 'vscode';

export const RUN_SCHEME = 'prompt-lens-run';
/** While streaming, the tab is refreshed at most this often (each refresh re-sends the whole text to the editor). */
export const REFRESH_MS = 50;

export class RunDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
	private readonly texts = new Map<string, string>();
	private readonly pending = new Map<string, NodeJS.Timeout>();
	private readonly changed = new vscode.EventEmitter<vscode.Uri>();
	readonly onDidChange = this.changed.event;
	private readonly registration = vscode.workspace.registerTextDocumentContentProvider(RUN_SCHEME, this);

	/** The live output tab of a prompt: the name shows in the tab, the query keeps two equal names apart. */
	static outputUri(prompt: vscode.Uri): vscode.Uri {
		return vscode.Uri.from({ scheme: RUN_SCHEME, path: `/${baseName(prompt)} (run)`, query: prompt.toString() });
	}

	/** A past run from the history, by id. */
	static recordUri(prompt: vscode.Uri, id: string, label: string): vscode.Uri {
		return vscode.Uri.from({ scheme: RUN_SCHEME, path: `/${baseName(prompt)} (${label})`, query: `${prompt.toString()}#${id}` });
	}

	provideTextDocumentContent(uri: vscode.Uri): string {
		return this.texts.get(uri.toString()) ?? 'This run is no longer in memory: run the prompt again, or open it from "Prompt Lens: Show Run History".\n';
	}

	/** Replaces the text now (run start and end). */
	set(uri: vscode.Uri, text: string): void {
		const key = uri.toString();
		this.texts.set(key, text);
		const timer = this.pending.get(key);
		if (timer) clearTimeout(timer);
		this.pending.delete(key);
		this.changed.fire(uri);
	}

	/**
	 * Streaming: the text is rendered and sent to the editor at most every REFRESH_MS, so a long answer arriving in
	 * thousands of small deltas costs a few dozen renders, not one per delta.
	 */
	update(uri: vscode.Uri, render: () => string): void {
		const key = uri.toString();
		if (this.pending.has(key)) return;
		this.pending.set(key, setTimeout(() => {
			this.pending.delete(key);
			this.texts.set(key, render());
			this.changed.fire(uri);
		}, REFRESH_MS));
	}

	/** Brings the tab forward where it already is, else opens it beside the prompt; the focus stays in the prompt. */
	async show(uri: vscode.Uri): Promise<void> {
		const document = await vscode.workspace.openTextDocument(uri);
		const open = vscode.window.tabGroups.all.find((group) =>
			group.tabs.some((tab) => tab.input instanceof vscode.TabInputText && tab.input.uri.toString() === uri.toString()));
		await vscode.window.showTextDocument(document, { viewColumn: open?.viewColumn ?? vscode.ViewColumn.Beside, preview: false, preserveFocus: true });
	}

	dispose(): void {
		for (const timer of this.pending.values()) clearTimeout(timer);
		this.registration.dispose();
		this.changed.dispose();
	}
}

function baseName(uri: vscode.Uri): string {
	return uri.path.split('/').pop() || 'prompt';
}
