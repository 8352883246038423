// Typed getters over the `promptLens` configuration for the client side; the keys are defined in core/settings.ts.
import * as vscode from 'vscode';
import { normalizeSettings, type ClientSettings, type Settings } from '../../server/src/core';
import type { ProviderConfig } from '../../server/src/core';
// The modules themselves, not the run barrel: it would pull the renderer (dotprompt, Handlebars, YAML) into the client.
import { providersFromSettings } from '../../server/src/core';

export const CONFIG_SECTION = 'promptLens';

export class Config {
	private section(scope?: vscode.Uri): vscode.WorkspaceConfiguration {
		return vscode.workspace.getConfiguration(CONFIG_SECTION, scope);
	}

	get traceServer(): ClientSettings['trace.server'] {
		const value = this.section().get<string>('trace.server');
		return value === 'messages' || value === 'verbose' ? value : 'off';
	}

	/**
	 * `promptLens.providers` with where each entry came from: a baseURL from the workspace (or a folder) is marked
	 * `workspace`, which runs only in a trusted workspace. The most specific scope comes first (and wins on equal ids).
	 */
	providers(scope?: vscode.Uri): ProviderConfig[] {
		const inspected = this.section(scope).inspect<unknown>('providers');
		const from = (value: unknown, origin: 'user' | 'workspace'): ProviderConfig[] =>
			providersFromSettings(normalizeSettings({ providers: value }).providers, origin);
		return [
			...from(inspected?.workspaceFolderValue, 'workspace'),
			...from(inspected?.workspaceValue, 'workspace'),
			...from(inspected?.globalValue, 'user'),
		];
	}

	/** Run, history, cache and compare settings (and the rest, normalized) for the prompt at `scope`. */
	settings(scope?: vscode.Uri): Settings {
		const c = this.section(scope);
		return normalizeSettings({
			providers: c.get('providers'),
			compareModels: c.get('compareModels'),
			models: c.get('models'),
			run: { timeoutSeconds: c.get('run.timeoutSeconds'), maxRetries: c.get('run.maxRetries'), concurrency: c.get('run.concurrency') },
			tests: c.get('tests'),
			judgeModel: c.get('judgeModel'),
			judgePrompt: c.get('judgePrompt'),
			embeddingModel: c.get('embeddingModel'),
			history: { enabled: c.get('history.enabled'), path: c.get('history.path') },
			cache: { enabled: c.get('cache.enabled') },
		});
	}
}
