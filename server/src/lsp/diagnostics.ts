// Pushes diagnostics for open documents: analyze with the document's settings, convert, publish; coalesces bursts of edits.
import type { Connection } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Analyses } from './analyses';
import { toDiagnostic } from './convert';

export class DiagnosticsPublisher {
	private readonly pending = new Map<string, NodeJS.Immediate>();

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

	async publish(document: TextDocument): Promise<void> {
		try {
			const { diagnostics } = await this.analyses.get(document);
			await this.connection.sendDiagnostics({
				uri: document.uri,
				version: document.version,
				diagnostics: diagnostics.map((d) => toDiagnostic(document, d)),
			});
		} catch (error) {
			this.connection.console.error(`diagnostics failed for ${document.uri}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
		}
	}

	clear(uri: string): void {
		const previous = this.pending.get(uri);
		if (previous) clearImmediate(previous);
		this.pending.delete(uri);
		void this.connection.sendDiagnostics({ uri, diagnostics: [] });
	}
}
