// The suite that runs inside code-server's real extension host (loaded through extensionTestsPath by
// test/e2e/runTest.ts), with Prompt Lens loaded from the repository (extensionDevelopmentPath).
// The workspace is a copy of test/fixtures/workspace: ok.prompt (valid), broken.prompt (an unclosed
// `{{#if name}}` block), tokens.prompt (openai/gpt-4o-mini; token/cost checks in tokens.ts) and run.prompt
// (mock/mock-small; run checks against the mock OpenAI server in run.ts) and compare.prompt (mock-small vs mock-large in
// the compare view, compare.ts).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { compareChecks } from './compare';
import { type Check, codeOf, lineOf, runChecks, showDiagnostics, waitFor, workspaceFile } from './harness';
import { runPromptChecks } from './run';
import { tokenChecks } from './tokens';

const EXTENSION_ID = 'prompt-lens.prompt-lens';
const SOURCE = 'Prompt Lens';
const COMMANDS = ['promptLens.restartServer', 'promptLens.showLogs', 'promptLens.run', 'promptLens.setApiKey', 'promptLens.clearApiKey', 'promptLens.showRunHistory', 'promptLens.diffWithPreviousRun', 'promptLens.compare', 'promptLens.openComparison', 'promptLens.test', 'promptLens.compareModelsAcrossWorkspace', 'promptLens.checkReplacement'];

function templateErrors(uri: vscode.Uri): vscode.Diagnostic[] {
	return vscode.languages
		.getDiagnostics(uri)
		.filter((d) => codeOf(d) === 'template-syntax' && d.source === SOURCE);
}

export async function run(): Promise<void> {
	const brokenUri = workspaceFile('broken.prompt');
	const okUri = workspaceFile('ok.prompt');
	let broken: vscode.TextDocument | undefined;
	const brokenDoc = (): vscode.TextDocument => {
		assert.ok(broken, 'broken.prompt was not opened (an earlier check failed)');
		return broken;
	};

	const checks: Check[] = [
		{
			name: 'extension prompt-lens.prompt-lens is loaded from the repository',
			timeoutMs: 10_000,
			fn: async () => {
				const ext = vscode.extensions.getExtension(EXTENSION_ID);
				assert.ok(ext, `${EXTENSION_ID} is not known to the extension host`);
				assert.equal(ext.packageJSON.name, 'prompt-lens');
			},
		},
		{
			name: 'broken.prompt opens with languageId dotprompt',
			timeoutMs: 15_000,
			fn: async () => {
				broken = await vscode.workspace.openTextDocument(brokenUri);
				await vscode.window.showTextDocument(broken);
				assert.equal(broken.languageId, 'dotprompt');
			},
		},
		{
			name: 'opening a .prompt file activates the extension',
			timeoutMs: 20_000,
			fn: async () => {
				const ext = vscode.extensions.getExtension(EXTENSION_ID);
				assert.ok(ext);
				await waitFor(() => (ext.isActive ? true : undefined), 19_000, () => 'extension is not active');
			},
		},
		{
			name: 'template-syntax error for the unclosed {{#if}} on its line',
			timeoutMs: 30_000,
			fn: async () => {
				const doc = brokenDoc();
				const line = lineOf(doc, '{{#if name}}');
				const [d] = await waitFor(
					() => {
						const found = templateErrors(brokenUri);
						return found.length > 0 ? found : undefined;
					},
					29_000,
					() => `no template-syntax diagnostic; diagnostics: ${showDiagnostics(vscode.languages.getDiagnostics(brokenUri))}`,
				);
				assert.equal(d.severity, vscode.DiagnosticSeverity.Error, 'severity');
				assert.equal(d.range.start.line, line, `diagnostic line (expected line ${line + 1}): ${showDiagnostics([d])}`);
				assert.match(d.message, /never closed|\{\{\/if\}\}/, 'message mentions the unclosed block');
			},
		},
		{
			name: 'ok.prompt gets no errors',
			timeoutMs: 20_000,
			fn: async () => {
				// Subscribe before opening, so the server's (empty) publish for ok.prompt cannot be missed.
				let published = false;
				const sub = vscode.languages.onDidChangeDiagnostics((e) => {
					if (e.uris.some((u) => u.toString() === okUri.toString())) published = true;
				});
				try {
					const ok = await vscode.workspace.openTextDocument(okUri);
					assert.equal(ok.languageId, 'dotprompt');
					await vscode.window.showTextDocument(ok, { preview: false });
					await waitFor(
						() => (published ? true : undefined),
						19_000,
						() => 'the language server never published diagnostics for ok.prompt',
					);
					const errors = vscode.languages
						.getDiagnostics(okUri)
						.filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
					assert.equal(errors.length, 0, `errors on a valid file: ${showDiagnostics(errors)}`);
				} finally {
					sub.dispose();
				}
			},
		},
		{
			name: 'commands promptLens.restartServer, showLogs, run, setApiKey, clearApiKey, showRunHistory, diffWithPreviousRun, compare, openComparison and test are registered',
			timeoutMs: 10_000,
			fn: async () => {
				const all = new Set(await vscode.commands.getCommands(true));
				const missing = COMMANDS.filter((c) => !all.has(c));
				assert.deepEqual(missing, [], `missing commands: ${missing.join(', ')}`);
				await vscode.commands.executeCommand('promptLens.showLogs');
			},
		},
		{
			name: 'restartServer: diagnostics come back and follow edits after the restart',
			timeoutMs: 60_000,
			fn: async () => {
				const doc = brokenDoc();
				await vscode.window.showTextDocument(doc, { preview: false });
				await vscode.commands.executeCommand('promptLens.restartServer');
				const has = (): true | undefined => (templateErrors(brokenUri).length > 0 ? true : undefined);
				const gone = (): true | undefined => (templateErrors(brokenUri).length === 0 ? true : undefined);
				const now = (): string => showDiagnostics(vscode.languages.getDiagnostics(brokenUri));
				await waitFor(has, 20_000, () => `no template-syntax diagnostic after the restart: ${now()}`);
				// The new server must answer edits: close the block, then open it again.
				const end = doc.lineAt(doc.lineCount - 1).range.end;
				const fix = new vscode.WorkspaceEdit();
				fix.insert(brokenUri, end, '\n{{/if}}\n');
				assert.ok(await vscode.workspace.applyEdit(fix), 'could not apply the fixing edit');
				await waitFor(gone, 15_000, () => `template-syntax still reported after closing the block: ${now()}`);
				const closeLine = lineOf(doc, '{{/if}}');
				const unfix = new vscode.WorkspaceEdit();
				unfix.delete(brokenUri, new vscode.Range(end, doc.lineAt(closeLine + 1).range.end));
				assert.ok(await vscode.workspace.applyEdit(unfix), 'could not apply the breaking edit');
				await waitFor(has, 15_000, () => `template-syntax not reported again after re-breaking: ${now()}`);
				await vscode.commands.executeCommand('workbench.action.files.revert');
			},
		},
		...tokenChecks(),
		...runPromptChecks(),
		...compareChecks(),
	];

	const failed = await runChecks(checks);
	if (failed > 0) throw new Error(`${failed} of ${checks.length} extension-host checks failed`);
}
