// Typed getters over the `promptLens` configuration for the client side; the keys are defined in core/settings.ts.
import * as vscode from 'vscode';
import type { ClientSettings } from '../../server/src/core/settings';

export const CONFIG_SECTION = 'promptLens';

export class Config {
	private get section(): vscode.WorkspaceConfiguration {
		return vscode.workspace.getConfiguration(CONFIG_SECTION);
	}

	get traceServer(): ClientSettings['trace.server'] {
		const value = this.section.get<string>('trace.server');
		return value === 'messages' || value === 'verbose' ? value : 'off';
	}
}
