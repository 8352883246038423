// startServer(connection): wires documents, settings and the LSP handlers; injectable so tests run it in-process.
import {
	CodeActionKind,
	DidChangeConfigurationNotification,
	TextDocuments,
	TextDocumentSyncKind,
	type Connection,
	type InitializeParams,
	type InitializeResult,
} from 'vscode-languageserver';
import { fileURLToPath } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { foldingSpans, outlinePrompt } from './core';
import { Analyses } from './lsp/analyses';
import { codeActions, FIX_ALL_KIND } from './lsp/codeActions';
import { completion, COMPLETION_TRIGGERS } from './lsp/completion';
import { definition, prepareRename, references, rename } from './lsp/navigation';
import { toDocumentSymbol, toFoldingRange } from './lsp/convert';
import { codeLenses, inlayHints, promptStatus } from './lsp/estimateFeatures';
import { hover } from './lsp/hover';
import { RunPlans } from './lsp/runPlan';
import { PromptStatusRequest, RunPlanRequest } from './protocol';
import { VERSION } from './version';
import { DiagnosticsPublisher } from './lsp/diagnostics';
import { guard } from './lsp/guard';
import { SettingsCache } from './lsp/settings';

export const SERVER_NAME = 'Prompt Lens';

export function startServer(connection: Connection): void {
	const documents = new TextDocuments(TextDocument);
	const settings = new SettingsCache(connection);
	const analyses = new Analyses(settings);
	const isOpen = (uri: string): boolean => documents.get(uri) !== undefined;
	analyses.isOpen = isOpen;
	settings.isOpen = isOpen;
	const diagnostics = new DiagnosticsPublisher(connection, analyses);
	const runPlans = new RunPlans(analyses);
	let canRegisterConfiguration = false;
	let canRefreshLenses = false;
	let canRefreshHints = false;
	let canSnippet = true;
	let runLens = false;

	connection.onInitialize((params): InitializeResult => {
		settings.supportsConfiguration = params.capabilities.workspace?.configuration === true;
		canRegisterConfiguration = params.capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true;
		canRefreshLenses = params.capabilities.workspace?.codeLens?.refreshSupport === true;
		canRefreshHints = params.capabilities.workspace?.inlayHint?.refreshSupport === true;
		analyses.roots = workspaceRoots(params);
		canSnippet = params.capabilities.textDocument?.completion?.completionItem?.snippetSupport === true;
		runLens = (params.initializationOptions as { runLens?: unknown } | undefined)?.runLens === true;
		return {
			capabilities: {
				textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
				documentSymbolProvider: true,
				foldingRangeProvider: true,
				codeLensProvider: { resolveProvider: false },
				hoverProvider: true,
				inlayHintProvider: true,
				codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
				completionProvider: { triggerCharacters: COMPLETION_TRIGGERS },
				definitionProvider: true,
				referencesProvider: true,
				renameProvider: { prepareProvider: true },
			},
			serverInfo: { name: SERVER_NAME, version: VERSION },
		};
	});

	connection.onInitialized(() => {
		if (canRegisterConfiguration) {
			void connection.client.register(DidChangeConfigurationNotification.type, { section: 'promptLens' }).catch(() => undefined);
		}
	});

	connection.onDidChangeConfiguration(() => {
		settings.clear();
		analyses.clear();
		for (const document of documents.all()) diagnostics.schedule(document);
		// Lenses and hints depend on settings (catalog overrides, comparison targets); ask the client to re-pull them.
		if (canRefreshLenses) void connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
		if (canRefreshHints) void connection.languages.inlayHint.refresh().catch(() => undefined);
	});

	documents.onDidOpen((event) => diagnostics.schedule(event.document));
	documents.onDidChangeContent((event) => diagnostics.schedule(event.document));
	documents.onDidClose((event) => {
		settings.forget(event.document.uri);
		analyses.forget(event.document.uri);
		diagnostics.clear(event.document.uri);
	});

	connection.onDocumentSymbol(guard(connection, 'documentSymbol', [], async (params) => {
		const document = documents.get(params.textDocument.uri);
		if (!document) return [];
		const { doc } = await analyses.get(document);
		return outlinePrompt(doc).map((item) => toDocumentSymbol(document, item));
	}));

	connection.onFoldingRanges(guard(connection, 'foldingRanges', [], async (params) => {
		const document = documents.get(params.textDocument.uri);
		if (!document) return [];
		const { doc } = await analyses.get(document);
		return foldingSpans(doc).map((span) => toFoldingRange(document, span)).filter((range) => range !== undefined);
	}));

	connection.onCodeLens(guard(connection, 'codeLens', [], async (params) => {
		const document = documents.get(params.textDocument.uri);
		return document ? codeLenses(analyses, document, runLens) : [];
	}));

	connection.onHover(guard(connection, 'hover', null, async (params) => {
		const document = documents.get(params.textDocument.uri);
		return document ? hover(analyses, document, params.position) : null;
	}));

	connection.languages.inlayHint.on(guard(connection, 'inlayHint', [], async (params) => {
		const document = documents.get(params.textDocument.uri);
		return document ? inlayHints(analyses, document) : [];
	}));

	connection.onCodeAction(guard(connection, 'codeAction', [], async (params) => {
		const document = documents.get(params.textDocument.uri);
		return document ? codeActions(analyses, document, params) : [];
	}));

	connection.onCompletion(guard(connection, 'completion', [], async (params) => {
		const document = documents.get(params.textDocument.uri);
		return document ? completion(analyses, document, params, canSnippet) : [];
	}));

	connection.onDefinition(guard(connection, 'definition', null, async (params) => {
		const document = documents.get(params.textDocument.uri);
		return document ? definition(analyses, document, params.position) : null;
	}));

	connection.onReferences(guard(connection, 'references', [], async (params) => {
		const document = documents.get(params.textDocument.uri);
		return document ? references(analyses, document, params.position, params.context.includeDeclaration) : [];
	}));

	connection.onPrepareRename(guard(connection, 'prepareRename', null, async (params) => {
		const document = documents.get(params.textDocument.uri);
		return document ? prepareRename(analyses, document, params.position) : null;
	}));

	connection.onRenameRequest(guard(connection, 'rename', null, async (params) => {
		const document = documents.get(params.textDocument.uri);
		return document ? rename(analyses, document, params.position, params.newName) : null;
	}));

	connection.onRequest(PromptStatusRequest, guard(connection, 'promptStatus', null, async (params) => {
		const document = documents.get(params.uri);
		return document ? promptStatus(analyses, document) : null;
	}));

	connection.onRequest(RunPlanRequest, guard(connection, 'runPlan', { error: 'Prompt Lens could not prepare the run: see the "Prompt Lens" output for details.' }, async (params) => {
		const document = documents.get(params.uri);
		return document ? runPlans.plan(document, params) : { error: 'Open the prompt in the editor to run it.' };
	}));

	documents.listen(connection);
	connection.listen();
}

/** Workspace folders as paths (file: URIs only), for settings that hold relative paths. */
function workspaceRoots(params: InitializeParams): string[] {
	const uris = params.workspaceFolders?.map((folder) => folder.uri) ?? (params.rootUri ? [params.rootUri] : []);
	return uris.flatMap((uri) => {
		try {
			return uri.startsWith('file:') ? [fileURLToPath(uri)] : [];
		} catch {
			return [];
		}
	});
}
