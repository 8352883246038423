// What the user is told when a run ends: a status bar note on success, a message by error kind (with "Set API Key" for auth).
import * as vscode from 'vscode';
import { formatCost } from '../../../server/src/core';
import type { RunResult } from '../../../server/src/core';
import { duration, errorText } from './runReport';

const SET_KEY = 'Set API Key';

export interface RunLabel {
	file: string;
	provider: string;
	modelId: string;
}

/** An error with a button that opens the key prompt for `providerId`. */
export function offerSetKey(message: string, providerId: string): void {
	void vscode.window.showErrorMessage(message, SET_KEY).then((choice) => {
		if (choice === SET_KEY) void vscode.commands.executeCommand('promptLens.setApiKey', providerId);
	});
}

export function announce(result: RunResult, label: RunLabel): void {
	const where = `${label.provider}/${label.modelId}`;
	if (result.status === 'ok') {
		const cost = result.cost !== undefined ? ` · ${formatCost(result.cost)}` : '';
		void vscode.window.setStatusBarMessage(`Prompt Lens: ${label.file} ran on ${where}${result.cached ? ' (cached)' : ''} in ${duration(result.totalMs)}${cost}`, 8000);
		return;
	}
	if (result.status === 'cancelled') {
		void vscode.window.setStatusBarMessage(`Prompt Lens: run of ${label.file} cancelled; the partial output is kept`, 8000);
		return;
	}
	const kept = result.output ? ' What arrived is kept in the output tab.' : '';
	if (result.status === 'incomplete') {
		void vscode.window.showWarningMessage(`Prompt Lens: the answer from ${where} stopped early: ${errorText(result.error)}${kept}`);
		return;
	}
	const message = `Prompt Lens: ${label.file} failed on ${where}: ${errorText(result.error)}${kept}`;
	if (result.error?.kind === 'auth') offerSetKey(message, label.provider);
	else void vscode.window.showErrorMessage(message);
}
