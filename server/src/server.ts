// startServer(connection): wires documents, settings and the LSP handlers; injectable so tests run it in-process.
import {
	CodeActionKind,
	DidChangeConfigurationNotification,
	DidChangeWatchedFilesNotification,
	FileChangeType,
	TextDocuments,
	TextDocumentSyncKind,
	type Connection,
	type InitializeParams,
	type InitializeResult,
} from 'vscode-languageserver';
import { fileURLToPath } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Analyses } from './lsp/analyses';
import { EditableDocument } from './lsp/editableDocument';
import { WorkerRunner } from './lsp/analysisRunner';
import { codeActions, FIX_ALL_KIND } from './lsp/codeActions';
import { completion, COMPLETION_TRIGGERS } from './lsp/completion';
import { definition, prepareRename, references, rename } from './lsp/navigation';
import { toDocumentSymbol, toFoldingRange } from './lsp/convert';
import { codeLenses, inlayHints, promptStatus } from './lsp/estimateFeatures';
import { hover } from './lsp/hover';
import { RunPlans } from './lsp/runPlan';
import { JudgePlanRequest, MigrationRequest, PromptStatusRequest, RunPlanRequest } from './protocol';
import { migrationFor } from './lsp/migration';
import { VERSION } from './version';
import { DiagnosticsPublisher } from './lsp/diagnostics';
import { guard } from './lsp/guard';
import { SettingsCache } from './lsp/settings';
import { SOURCE_WATCH_GLOB, WorkspaceRegistrations } from './lsp/registrations';

export const SERVER_NAME = 'Prompt Lens';

export interface ServerOptions {
	/** The worker-thread script (dist/analysisWorker.js) that renders and counts; without it, that runs in process. */
	analysisWorker?: string;
}

export function startServer(connection: Connection, options: ServerOptions = {}): void {
	const documents = new TextDocuments(EditableDocument);
	const settings = new SettingsCache(connection);
	const runner = options.analysisWorker
		? new WorkerRunner(options.analysisWorker, (m) => connection.console.error(m), (m) => connection.console.info(m))
		: undefined;
	const analyses = new Analyses(settings, runner);
	const isOpen = (uri: string): boolean => documents.get(uri) !== undefined;
	analyses.isOpen = isOpen;
	settings.isOpen = isOpen;
	const diagnostics = new DiagnosticsPublisher(connection, analyses);
	const runPlans = new RunPlans(analyses);
	let canRegisterConfiguration = false;
	let canWatchFiles = false;
	let canRefreshLenses = false;
	let canRefreshHints = false;
	let canSnippet = true;
	let runLens = false;

	connection.onInitialize((params): InitializeResult => {
		settings.supportsConfiguration = params.capabilities.workspace?.configuration === true;
		canRegisterConfiguration = params.capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true;
		canWatchFiles = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
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
		// Partials are read once and kept: the client tells us when a .prompt file changes on disk; source files for
		// the helpers and partials they register.
		if (canWatchFiles) {
			void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.prompt' }, { globPattern: SOURCE_WATCH_GLOB }] }).catch(() => undefined);
		}
		registrations.supportsConfiguration = settings.supportsConfiguration;
		registrations.start();
	});

	/** Everything that depends on files or settings is stale: analyze the open documents again and ask for new lenses. */
	const refreshAll = (): void => {
		for (const document of documents.all()) diagnostics.schedule(document);
		if (canRefreshLenses) void connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
		if (canRefreshHints) void connection.languages.inlayHint.refresh().catch(() => undefined);
	};

	const registrations = new WorkspaceRegistrations(connection, analyses, refreshAll);

	connection.onDidChangeWatchedFiles((params) => {
		const sources: { path: string; deleted: boolean }[] = [];
		let prompts = false;
		for (const change of params.changes) {
			const path = filePathOf(change.uri);
			if (path && registrations.isSource(path)) sources.push({ path, deleted: change.type === FileChangeType.Deleted });
			else if (path) {
				analyses.partialChanged(path, change.type !== FileChangeType.Changed);
				prompts = true;
			}
		}
		if (prompts || sources.length === 0) refreshAll();
		void registrations.changed(sources);
	});

	connection.onDidChangeConfiguration(() => {
		settings.clear();
		analyses.clear();
		void registrations.rescan();
		// Lenses and hints depend on settings (catalog overrides, comparison targets) too.
		refreshAll();
	});

	connection.onShutdown(() => runner?.dispose());

	documents.onDidOpen((event) => diagnostics.schedule(event.document));
	documents.onDidChangeContent((event) => diagnostics.schedule(event.document));
	documents.onDidClose((event) => {
		settings.forget(event.document.uri);
		analyses.forget(event.document.uri);
		diagnostics.clear(event.document.uri);
	});

	/** A guarded handler for a request about one open document; a closed or unknown document gets `empty`. */
	const forDocument = <P extends { textDocument: { uri: string } }, R>(name: string, empty: R, handler: (document: TextDocument, params: P) => R | Promise<R>) =>
		guard(connection, name, empty, async (params: P) => {
			const document = documents.get(params.textDocument.uri);
			return document ? handler(document, params) : empty;
		});

	connection.onDocumentSymbol(forDocument('documentSymbol', [], async (document) => {
		const outline = (await analyses.structure(document))?.outline ?? [];
		return outline.map((item) => toDocumentSymbol(document, item));
	}));
	connection.onFoldingRanges(forDocument('foldingRanges', [], async (document) => {
		const spans = (await analyses.structure(document))?.folding ?? [];
		return spans.map((span) => toFoldingRange(document, span)).filter((range) => range !== undefined);
	}));
	connection.onCodeLens(forDocument('codeLens', [], (document) => codeLenses(analyses, document, runLens)));
	connection.onHover(forDocument('hover', null, (document, p) => hover(analyses, document, p.position)));
	connection.languages.inlayHint.on(forDocument('inlayHint', [], (document, p) => inlayHints(analyses, document, p.range)));
	connection.onCodeAction(forDocument('codeAction', [], (document, p) => codeActions(analyses, document, p, runLens)));
	connection.onCompletion(forDocument('completion', [], (document, p) => completion(analyses, document, p, canSnippet)));
	connection.onDefinition(forDocument('definition', null, (document, p) => definition(analyses, document, p.position)));
	connection.onReferences(forDocument('references', [], (document, p) => references(analyses, document, p.position, p.context.includeDeclaration)));
	connection.onPrepareRename(forDocument('prepareRename', null, (document, p) => prepareRename(analyses, document, p.position)));
	connection.onRenameRequest(forDocument('rename', null, (document, p) => rename(analyses, document, p.position, p.newName)));

	connection.onRequest(PromptStatusRequest, guard(connection, 'promptStatus', null, async (params) => {
		const document = documents.get(params.uri);
		return document ? promptStatus(analyses, document) : null;
	}));

	connection.onRequest(RunPlanRequest, guard(connection, 'runPlan', { error: 'Prompt Lens could not prepare the run: see the "Prompt Lens" output for details.' }, async (params) => {
		const document = documents.get(params.uri);
		return document ? runPlans.plan(document, params) : { error: 'Open the prompt in the editor to run it.' };
	}));

	connection.onRequest(JudgePlanRequest, guard(connection, 'judgePlan', { error: 'Prompt Lens could not prepare the judge: see the "Prompt Lens" output.' }, (params) => runPlans.judgePlan(params)));

	connection.onRequest(
		MigrationRequest,
		guard(connection, 'migration', { error: 'Prompt Lens could not build the report: see the "Prompt Lens" output.' }, (params) =>
			migrationFor(analyses, params),
		),
	);

	documents.listen(connection);
	connection.listen();
}

function filePathOf(uri: string): string | undefined {
	try {
		return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
	} catch {
		return undefined;
	}
}

/** Workspace folders as paths (file: URIs only), for settings that hold relative paths. */
function workspaceRoots(params: InitializeParams): string[] {
	const uris = params.workspaceFolders?.map((folder) => folder.uri) ?? (params.rootUri ? [params.rootUri] : []);
	return uris.map(filePathOf).filter((path): path is string => path !== undefined);
}
