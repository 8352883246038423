// Caches one analysis per document version so diagnostics, symbols and folding share a single parse.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzePrompt, type ParseResult } from '../core';
import type { SettingsCache } from './settings';

interface Entry {
	version: number;
	result: ParseResult;
}

export class Analyses {
	private readonly entries = new Map<string, Entry>();

	constructor(private readonly settings: SettingsCache) {}

	async get(document: TextDocument): Promise<ParseResult> {
		const settings = await this.settings.get(document.uri);
		const entry = this.entries.get(document.uri);
		if (entry && entry.version === document.version) return entry.result;
		const result = analyzePrompt(document.getText(), settings);
		this.entries.set(document.uri, { version: document.version, result });
		return result;
	}

	forget(uri: string): void {
		this.entries.delete(uri);
	}

	clear(): void {
		this.entries.clear();
	}
}
