// Creates the LanguageClient: the bundled server over node IPC (with --inspect in debug mode), for dotprompt documents.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

export const CLIENT_ID = 'promptLens';
export const CLIENT_NAME = 'Prompt Lens';
/** Attach a debugger to the server on this port when the extension runs in debug mode (F5). */
const DEBUG_PORT = 6011;

export function createLanguageClient(context: vscode.ExtensionContext, outputChannel: vscode.LogOutputChannel): LanguageClient {
	const module = context.asAbsolutePath('dist/server.js');
	// The server keeps its compiled code here (see loadWithCodeCache): per user, and removed with the extension. It makes
	// no TLS connections, so it skips loading a corporate CA bundle (tens of milliseconds of every start).
	const env = { PROMPT_LENS_CACHE_DIR: context.globalStorageUri.fsPath, NODE_EXTRA_CA_CERTS: undefined };
	const serverOptions: ServerOptions = {
		run: { module, transport: TransportKind.ipc, options: { env } },
		debug: { module, transport: TransportKind.ipc, options: { env, execArgv: ['--nolazy', `--inspect=${DEBUG_PORT}`] } },
	};
	const clientOptions: LanguageClientOptions = {
		documentSelector: [{ language: 'dotprompt' }],
		outputChannel,
		synchronize: { configurationSection: CLIENT_ID },
		// Only this client can run prompts (it holds the keys); other editors get no `▶ Run` lens they could not use.
		initializationOptions: { runLens: true },
	};
	return new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
}
