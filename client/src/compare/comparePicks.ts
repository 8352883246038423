// The compare command's questions and look-ups: models from the catalog (price and window in each item), prompt versions.
import * as vscode from 'vscode';
import { modelItems } from '../../../server/src/core';
import { loadCatalog } from '../../../server/src/core';
import type { PromptVersion } from './compareTargets';

/**
 * A multi-select of every catalog model (`promptLens.models` included) as `provider/id`, with its price per million
 * tokens and context window; the prompt's own model comes first, picked. Undefined when the user backed out.
 */
export async function pickModels(file: string, userModels: unknown[], mainModel: string | undefined): Promise<string[] | undefined> {
	const items = catalogPickItems(userModels);
	if (mainModel) {
		const index = items.findIndex((i) => i.label.toLowerCase() === mainModel.toLowerCase());
		const own = index >= 0 ? items.splice(index, 1)[0] : { label: mainModel, description: 'not in the catalog' };
		items.unshift({ ...own, description: `the prompt's model · ${own.description ?? ''}`, picked: true });
	}
	const picked = await vscode.window.showQuickPick(items, {
		title: `Compare ${file} on which models?`,
		placeHolder: 'Pick two or more (type to filter by name or price). Set promptLens.compare in the frontmatter to skip this question.',
		canPickMany: true,
		matchOnDescription: true,
		ignoreFocusOut: true,
	});
	return picked?.map((p) => p.label);
}

/** Every catalog model as a pick item with price and window: current models with a known window first, then legacy, then deprecated. */
export function catalogPickItems(userModels: unknown[]): vscode.QuickPickItem[] {
	const catalog = loadCatalog(userModels);
	const ranked = modelItems(catalog, '', { start: 0, end: 0 }).sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? ''));
	return ranked.map((item) => ({ label: item.label, description: `${item.deprecated ? 'deprecated · ' : ''}${item.detail ?? ''}` }));
}

/** Which versions of the prompt to compare (the opened one picked); each runs on every chosen model. */
export async function pickVersions(file: string, versions: PromptVersion[], own: string | undefined): Promise<(string | undefined)[] | undefined> {
	const items = versions.map((v) => ({ label: v.file, description: v.variant ? `variant "${v.variant}"` : 'the prompt', picked: v.variant === own, variant: v.variant }));
	const picked = await vscode.window.showQuickPick(items, {
		title: `Compare which versions of ${file}?`,
		placeHolder: 'Each version runs on every chosen model (variant × model).',
		canPickMany: true,
		ignoreFocusOut: true,
	});
	return picked?.map((p) => p.variant);
}

/** File names in the prompt's folder (empty when it cannot be listed, e.g. an untitled document). */
export async function siblingFiles(uri: vscode.Uri): Promise<string[]> {
	try {
		const entries = await vscode.workspace.fs.readDirectory(vscode.Uri.joinPath(uri, '..'));
		return entries.filter(([, type]) => (type & vscode.FileType.File) !== 0).map(([name]) => name);
	} catch {
		return [];
	}
}
