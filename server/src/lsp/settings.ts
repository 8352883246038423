// Per-document settings pulled from the client (workspace/configuration), normalised and cached until they change.
import type { Connection } from 'vscode-languageserver';
import { DEFAULT_SETTINGS, normalizeSettings, type Settings } from '../core';

export class SettingsCache {
	private readonly cache = new Map<string, Promise<Settings>>();
	supportsConfiguration = false;
	/** Settings asked for a closed document are not kept (see Analyses.isOpen). */
	isOpen: (uri: string) => boolean = () => true;

	constructor(private readonly connection: Connection) {}

	get(uri: string): Promise<Settings> {
		if (!this.supportsConfiguration) return Promise.resolve(DEFAULT_SETTINGS);
		let settings = this.cache.get(uri);
		if (!settings) {
			settings = this.connection.workspace
				.getConfiguration({ scopeUri: uri, section: 'promptLens' })
				.then(normalizeSettings, () => DEFAULT_SETTINGS);
			if (this.isOpen(uri)) this.cache.set(uri, settings);
		}
		return settings;
	}

	forget(uri: string): void {
		this.cache.delete(uri);
	}

	clear(): void {
		this.cache.clear();
	}
}
