// startServer(connection): wires documents, settings and the LSP handlers; injectable so tests run it in-process.
import {
	DidChangeConfigurationNotification,
	TextDocuments,
	TextDocumentSyncKind,
	type Connection,
	type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { foldingSpans, outlinePrompt } from './core';
import { Analyses } from './lsp/analyses';
import { toDocumentSymbol, toFoldingRange } from './lsp/convert';
import { DiagnosticsPublisher } from './lsp/diagnostics';
import { guard } from './lsp/guard';
import { SettingsCache } from './lsp/settings';

export const SERVER_NAME = 'Prompt Lens';

export function startServer(connection: Connection): void {
	const documents = new TextDocuments(TextDocument);
	const settings = new SettingsCache(connection);
	const analyses = new Analyses(settings);
	const diagnostics = new DiagnosticsPublisher(connection, analyses);
	let canRegisterConfiguration = false;

	connection.onInitialize((params): InitializeResult => {
		settings.supportsConfiguration = params.capabilities.workspace?.configuration === true;
		canRegisterConfiguration = params.capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true;
		return {
			capabilities: {
				textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
				documentSymbolProvider: true,
				foldingRangeProvider: true,
			},
			serverInfo: { name: SERVER_NAME, version: SERVER_VERSION },
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

	documents.listen(connection);
	connection.listen();
}

declare const __SERVER_VERSION__: string | undefined;
const SERVER_VERSION = typeof __SERVER_VERSION__ === 'string' ? __SERVER_VERSION__ : '0.0.0-dev';
