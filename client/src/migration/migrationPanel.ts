// The migration report in a webview: the same page `prompt-lens migrate --format html` writes (no script; a CSP that
// allows only its own nonce'd style; model output escaped), and Save as Markdown / HTML for a pull request.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { migrationHtml, migrationMarkdown, type MigrationReport } from '../../../server/src/core';

export const MIGRATION_VIEW_TYPE = 'promptLens.migrationReport';

/** What the extension-host tests read of an open report. */
export interface MigrationPanelProbe {
	title: string;
	html: string;
	report: MigrationReport;
}

export class MigrationPanels implements vscode.Disposable {
	private readonly open = new Set<{ panel: vscode.WebviewPanel; report: MigrationReport }>();

	show(report: MigrationReport): void {
		const title = `Models: ${report.from ? `${report.from} → ` : ''}${report.to}`;
		const panel = vscode.window.createWebviewPanel(MIGRATION_VIEW_TYPE, title, vscode.ViewColumn.Active, {
			enableScripts: false,
			localResourceRoots: [],
		});
		panel.webview.html = migrationHtml(report, { nonce: randomBytes(16).toString('base64') });
		const entry = { panel, report };
		this.open.add(entry);
		panel.onDidDispose(() => this.open.delete(entry));
		void this.offerSave(report);
	}

	probes(): MigrationPanelProbe[] {
		return [...this.open].map(({ panel, report }) => ({ title: panel.title, html: panel.webview.html, report }));
	}

	dispose(): void {
		for (const { panel } of this.open) panel.dispose();
	}

	private async offerSave(report: MigrationReport): Promise<void> {
		const choice = await vscode.window.showInformationMessage(
			`Prompt Lens: the report on ${report.prompts.length} prompt${report.prompts.length === 1 ? '' : 's'} is open.`,
			'Save as Markdown…',
			'Save as HTML…',
		);
		if (!choice) return;
		const markdown = choice.startsWith('Save as Markdown');
		const target = await vscode.window.showSaveDialog({
			filters: markdown ? { Markdown: ['md'] } : { HTML: ['html'] },
			defaultUri: vscode.workspace.workspaceFolders?.[0]
				? vscode.Uri.joinPath(vscode.workspace.workspaceFolders[0].uri, markdown ? 'migration.md' : 'migration.html')
				: undefined,
		});
		if (!target) return;
		const text = markdown
			? migrationMarkdown(report)
			: migrationHtml(report, { nonce: randomBytes(16).toString('base64') });
		await vscode.workspace.fs.writeFile(target, Buffer.from(`${text}\n`, 'utf8'));
	}
}
