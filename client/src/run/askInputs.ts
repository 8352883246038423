// Values for the variables nothing provides: one input box each, remembered per prompt file (workspaceState) as the next default.
import * as vscode from 'vscode';

const STATE_PREFIX = 'promptLens.runInputs.';

/** Text as typed; JSON only for what plainly is JSON (a list or an object), which `{{#each}}` and paths need. */
export function parseInput(text: string): unknown {
	const trimmed = text.trim();
	if (/^[[{]/.test(trimmed)) {
		try {
			return JSON.parse(trimmed);
		} catch {
			return text;
		}
	}
	return text;
}

function display(value: unknown): string {
	return typeof value === 'string' ? value : JSON.stringify(value) ?? '';
}

/** Asks for each missing variable; `undefined` when the user pressed Escape (the run is then not started). */
export async function askInputs(state: vscode.Memento, prompt: vscode.Uri, missing: string[], file: string): Promise<Record<string, unknown> | undefined> {
	const key = `${STATE_PREFIX}${prompt.toString()}`;
	const remembered = state.get<Record<string, unknown>>(key) ?? {};
	const answers: Record<string, unknown> = {};
	for (const [index, name] of missing.entries()) {
		const text = await vscode.window.showInputBox({
			title: `Run ${file}: {{${name}}} (${index + 1} of ${missing.length})`,
			prompt: `No default or sample gives ${name} a value. Type its text (or JSON for a list or an object).`,
			value: name in remembered ? display(remembered[name]) : '',
			ignoreFocusOut: true,
		});
		if (text === undefined) return undefined;
		answers[name] = parseInput(text);
	}
	await state.update(key, { ...remembered, ...answers });
	return answers;
}
