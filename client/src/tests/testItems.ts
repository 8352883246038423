// The Test Explorer's tree: a test file → its cases (with their ranges, for ▶ in the gutter) → one item per model.
import * as vscode from 'vscode';
import { LineIndex, parseTestFile, type TestCase, type TestSuite } from '../../../server/src/core';
import { frontmatterOf } from '../compare/compareTargets';

/** What a leaf (case × model) runs. */
export interface LeafData {
	testFile: vscode.Uri;
	prompt: vscode.Uri;
	case: TestCase;
	model: string;
	suite: TestSuite;
}

export const TEST_GLOB = '**/*.test.yaml';

export class TestItems {
	readonly leaves = new WeakMap<vscode.TestItem, LeafData>();

	constructor(private readonly controller: vscode.TestController) {}

	/** Reads (or re-reads) one test file into the tree; a file with problems shows them as the item's error. */
	async load(uri: vscode.Uri): Promise<void> {
		const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
		const prompt = vscode.Uri.file(uri.fsPath.replace(/\.test\.yaml$/, '.prompt'));
		const file = this.controller.createTestItem(uri.toString(), vscode.workspace.asRelativePath(uri), uri);
		const { suite, problems } = parseTestFile(text);
		const lines = new LineIndex(text);
		const position = (offset: number) => {
			const line = lines.lineAt(offset);
			return new vscode.Position(line, offset - lines.lineStart(line));
		};
		if (problems.length > 0) file.error = problems.map((p) => `line ${position(p.span.start).line + 1}: ${p.message}`).join('\n');
		const models = suite.models ?? [await promptModel(prompt)].filter((m): m is string => m !== undefined);
		suite.cases.forEach((testCase, index) => {
			const withDefaults = { ...testCase, assert: [...suite.defaults, ...testCase.assert] };
			const item = this.controller.createTestItem(`${uri.toString()}#${index}`, testCase.name, uri);
			item.range = new vscode.Range(position(testCase.span.start), position(testCase.span.start));
			for (const model of models) {
				const leaf = this.controller.createTestItem(`${item.id}#${model}`, model, uri);
				leaf.range = item.range;
				this.leaves.set(leaf, { testFile: uri, prompt, case: withDefaults, model, suite });
				item.children.add(leaf);
			}
			file.children.add(item);
		});
		if (suite.datasets.length > 0) file.description = `+ ${suite.datasets.length} dataset${suite.datasets.length > 1 ? 's' : ''} (run them with prompt-lens test)`;
		this.controller.items.add(file);
	}

	remove(uri: vscode.Uri): void {
		this.controller.items.delete(uri.toString());
	}

	/** Every leaf under `items` (or under the whole tree). */
	collect(items: readonly vscode.TestItem[] | undefined, exclude: readonly vscode.TestItem[] = []): vscode.TestItem[] {
		const out: vscode.TestItem[] = [];
		const skip = new Set(exclude.map((e) => e.id));
		const visit = (item: vscode.TestItem) => {
			if (skip.has(item.id)) return;
			if (this.leaves.has(item)) out.push(item);
			item.children.forEach(visit);
		};
		if (items) items.forEach(visit);
		else this.controller.items.forEach(visit);
		return out;
	}
}

/** The prompt's own `model:` (what its cases run on when the test file names no models). */
async function promptModel(prompt: vscode.Uri): Promise<string | undefined> {
	try {
		const model = frontmatterOf(new TextDecoder().decode(await vscode.workspace.fs.readFile(prompt))).model;
		return typeof model === 'string' && model.trim() !== '' ? model.trim() : undefined;
	} catch {
		return undefined;
	}
}
