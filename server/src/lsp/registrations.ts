// The server's view of helpers and partials registered in the workspace's code: scanned after start (off the request
// path), updated file by file from the watcher, handed to the analyses; open prompts are refreshed when names change.
import type { Connection } from 'vscode-languageserver';
import { SOURCE_EXTENSIONS, sourceLanguageOf } from '../core';
import { CodeRegistrations, scanSummaryText } from '../host/helperScan';
import type { Analyses } from './analyses';
import { logFailure } from './guard';

/** What the server asks the client to watch, besides `.prompt` files. */
export const SOURCE_WATCH_GLOB = `**/*.{${SOURCE_EXTENSIONS.join(',')}}`;

export class WorkspaceRegistrations {
	private readonly code = new CodeRegistrations();
	/** Watcher events wait for the first scan, so they cannot be overwritten by it. */
	private scanned: Promise<void> = Promise.resolve();
	/** Whether `files.exclude` can be read from the client. */
	supportsConfiguration = false;
	/** The last scan's summary line, as logged. */
	private logged?: string;

	constructor(private readonly connection: Connection, private readonly analyses: Analyses, private readonly refresh: () => void) {}

	/** Scans the workspace folders on a later turn of the event loop: the first diagnostics do not wait for it. */
	start(): void {
		this.scanned = new Promise((resolve) => setImmediate(resolve)).then(() => this.scan());
	}

	/** True when the event is about a source file (then it is handled here, not as a partial). */
	isSource(path: string): boolean {
		return sourceLanguageOf(path) !== undefined;
	}

	async changed(events: { path: string; deleted: boolean }[]): Promise<void> {
		if (events.length === 0) return;
		try {
			await this.scanned;
			const changes = await Promise.all(events.map((e) => this.code.update(e.path, e.deleted)));
			if (changes.some(Boolean)) this.publish();
		} catch (error) {
			logFailure(this.connection, 'updating helper registrations failed', error);
		}
	}

	/** Walks the folders again (settings such as `files.exclude` may have changed); unchanged files are not read again. */
	rescan(): Promise<void> {
		this.scanned = this.scanned.then(() => this.scan());
		return this.scanned;
	}

	private async scan(): Promise<void> {
		try {
			const before = JSON.stringify(this.snapshot());
			const summary = await this.code.scan(this.analyses.roots, await this.excluded());
			const text = `Prompt Lens: ${scanSummaryText(summary)}`;
			// Every settings change rescans; the log says it again only when the outcome changed.
			if (text !== this.logged) {
				if (summary.capped) this.connection.console.warn(text);
				else this.connection.console.info(text);
				this.logged = text;
			}
			if (JSON.stringify(this.snapshot()) !== before) this.publish();
		} catch (error) {
			logFailure(this.connection, 'scanning the workspace for helper registrations failed', error);
		}
	}

	private publish(): void {
		this.analyses.registered = this.code.registered();
		this.analyses.registrationsChanged();
		this.refresh();
	}

	private snapshot(): [string, string | undefined][] {
		const { helpers, partials } = this.code.registered();
		const entries = (kind: string, names: Iterable<{ name: string; location?: string }>) =>
			[...names].map((r): [string, string | undefined] => [`${kind} ${r.name}`, r.location]);
		return [...entries('helper', helpers.values()), ...entries('partial', partials.values())];
	}

	/** `files.exclude` globs that are on (`{ "**\/gen": true }`); the client may not support configuration requests. */
	private async excluded(): Promise<string[]> {
		if (!this.supportsConfiguration) return [];
		try {
			const value: unknown = await this.connection.workspace.getConfiguration({ section: 'files.exclude' });
			return value && typeof value === 'object' ? Object.entries(value).filter(([, on]) => on === true).map(([glob]) => glob) : [];
		} catch {
			return [];
		}
	}
}
