// Which prompt a command acts on (a lens passes a URI string, menus a Uri, the palette nothing) and how runs name it.
import * as vscode from 'vscode';
import type { Settings } from '../../../server/src/core';
import { historyFile } from '../../../server/src/host/runHistory';
import { RUN_SCHEME } from './runDocuments';

/** The prompt to act on: the argument when given, else the active editor's dotprompt document. */
export function targetUri(arg: unknown): vscode.Uri | undefined {
	if (arg instanceof vscode.Uri) return arg;
	if (typeof arg === 'string' && arg !== '') {
		try {
			return vscode.Uri.parse(arg, true);
		} catch {
			return undefined;
		}
	}
	const document = vscode.window.activeTextEditor?.document;
	if (document?.uri.scheme === RUN_SCHEME) return promptOfRunDocument(document.uri);
	return document?.languageId === 'dotprompt' ? document.uri : undefined;
}

/** From a run tab (its query is the prompt's URI, `#id` for history entries) back to the prompt, so Ctrl+Alt+R re-runs from there. */
function promptOfRunDocument(uri: vscode.Uri): vscode.Uri | undefined {
	try {
		return vscode.Uri.parse(uri.query.replace(/#[^#]*$/, ''), true);
	} catch {
		return undefined;
	}
}

/** The file name, for titles and messages. */
export function promptFile(uri: vscode.Uri): string {
	return uri.path.split('/').pop() || uri.toString();
}

/**
 * The prompt as the history records it: relative to its workspace folder with `/` (as the CLI writes it), so runs
 * from the editor and from `prompt-lens run` share one history per file; the URI outside a workspace folder.
 */
export function historyName(uri: vscode.Uri): string {
	const folder = vscode.workspace.getWorkspaceFolder(uri);
	if (!folder) return uri.toString();
	const base = folder.uri.path.replace(/\/+$/, '');
	return uri.path.startsWith(`${base}/`) ? uri.path.slice(base.length + 1) : uri.toString();
}

/** The history file of the prompt's workspace folder (local folders only); undefined when history is off. */
export function historyPath(uri: vscode.Uri, settings: Settings): string | undefined {
	const folder = vscode.workspace.getWorkspaceFolder(uri);
	return folder?.uri.scheme === 'file' ? historyFile(folder.uri.fsPath, settings) : undefined;
}
