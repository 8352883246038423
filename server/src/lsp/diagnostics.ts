// Pushes diagnostics for open documents: analyze with the document's settings, convert, publish; coalesces bursts of edits.
import type { Connection } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { capDiagnostics, type CoreDiagnostic } from '../core';
import type { Analyses } from './analyses';
import { toDiagnostic } from './convert';
import { logFailure } from './guard';

export class DiagnosticsPublisher {
	private readonly pending = new Map<string, NodeJS.Immediate>();
	private readonly lastDeferred = new Map<string, CoreDiagnostic[]>();

	constructor(private readonly connection: Connection, private readonly analyses: Analyses) {}

	/** Validates on the next turn of the event loop, so a burst of changes is analyzed once. */
	schedule(document: TextDocument): void {
		const previous = this.pending.get(document.uri);
		if (previous) clearImmediate(previous);
		this.pending.set(document.uri, setImmediate(() => {
			this.pending.delete(document.uri);
			void this.publish(document);
		}));
	}

	/**
	 * Two phases: syntax problems go out at once (parsing takes a millisecond); the deferred ones (budgets and the lint
	 * rules that need partials or a render) follow. Until they do, the previous deferred problems are carried over so
	 * nothing flickers.
	 */
	async publish(document: TextDocument): Promise<void> {
		try {
			const version = document.version;
			const diagnostics = await this.analyses.immediate(document);
			// A large document superseded while the runner parsed it: the newer version publishes.
			if (!diagnostics || document.version !== version || !this.analyses.isOpen(document.uri)) return;
			const carried = this.lastDeferred.get(document.uri) ?? [];
			await this.send(document, [...diagnostics, ...carried]);
			// Let requests for other documents in before the render, and drop it when this version is already outdated.
			await new Promise((resolve) => setImmediate(resolve));
			if (document.version !== version || this.pending.has(document.uri) || !this.analyses.isOpen(document.uri)) return;
			const fresh = (await this.analyses.deferred(document))?.diagnostics ?? [];
			// Superseded by a newer edit, or closed meanwhile: its diagnostics were cleared and must stay cleared.
			if (document.version !== version || this.pending.has(document.uri) || !this.analyses.isOpen(document.uri)) return;
			this.lastDeferred.set(document.uri, fresh);
			if (JSON.stringify(fresh) !== JSON.stringify(carried)) await this.send(document, [...diagnostics, ...fresh]);
		} catch (error) {
			logFailure(this.connection, `diagnostics failed for ${document.uri}`, error);
		}
	}

	private send(document: TextDocument, diagnostics: CoreDiagnostic[]): Promise<void> {
		return this.connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics: capDiagnostics(diagnostics).map((d) => toDiagnostic(document, d)) });
	}

	clear(uri: string): void {
		const previous = this.pending.get(uri);
		if (previous) clearImmediate(previous);
		this.pending.delete(uri);
		this.lastDeferred.delete(uri);
		void this.connection.sendDiagnostics({ uri, diagnostics: [] });
	}
}
