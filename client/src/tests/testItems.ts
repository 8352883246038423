// The Test Explorer's tree: a test file → its cases (with their ranges, for ▶ in the gutter) → one item per model.
import * as vscode from 'vscode';
import { LineIndex, parseDataset, parseTestFile, type TestCase, type TestSuite } from '../../../server/src/core';
import { frontmatterOf } from '../compare/compareTargets';

/** What a leaf (case × model) runs. */
export interface LeafData {
	testFile: vscode.Uri;
	prompt: vscode.Uri;
	case: TestCase;
	model: string;
	suite: TestSuite;
}

export class TestItems {
	readonly leaves = new WeakMap<vscode.TestItem, LeafData>();
	/** Test file item id → the prompt it tests. */
	private readonly prompts = new Map<string, string>();

	constructor(private readonly controller: vscode.TestController) {}

	/** Reads (or re-reads) one test file into the tree; a file with problems shows them as the item's error. */
	async load(uri: vscode.Uri): Promise<void> {
		const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
		const file = this.controller.createTestItem(uri.toString(), vscode.workspace.asRelativePath(uri), uri);
		const { suite, problems } = parseTestFile(text);
		const prompt = suite.prompt
			? vscode.Uri.joinPath(uri, '..', suite.prompt)
			: vscode.Uri.file(uri.fsPath.replace(/(\.test)?\.ya?ml$/i, '.prompt'));
		this.prompts.set(file.id, prompt.toString());
		const lines = new LineIndex(text);
		const position = (offset: number) => {
			const line = lines.lineAt(offset);
			return new vscode.Position(line, offset - lines.lineStart(line));
		};
		if (problems.length > 0)
			file.error = problems.map((p) => `line ${position(p.span.start).line + 1}: ${p.message}`).join('\n');
		const models = suite.models ?? [await promptModel(prompt)].filter((m): m is string => m !== undefined);
		const add = (
			parent: vscode.TestItem,
			testCase: TestCase,
			id: string,
			range: vscode.Range | undefined,
			where: vscode.Uri,
		) => {
			const withDefaults = { ...testCase, assert: [...suite.defaults, ...testCase.assert] };
			const item = this.controller.createTestItem(id, testCase.name, where);
			item.range = range;
			for (const model of models) {
				const leaf = this.controller.createTestItem(`${item.id}#${model}`, model, where);
				leaf.range = range;
				this.leaves.set(leaf, { testFile: uri, prompt, case: withDefaults, model, suite });
				item.children.add(leaf);
			}
			parent.children.add(item);
		};
		suite.cases.forEach((testCase, index) => {
			const at = position(testCase.span.start);
			add(file, testCase, `${uri.toString()}#${index}`, new vscode.Range(at, at), uri);
		});
		for (const dataset of suite.datasets)
			await this.loadDataset(file, vscode.Uri.joinPath(uri, '..', dataset.path), add);
		this.controller.items.add(file);
	}

	/** A dataset's rows under a node of their own, each at its line in the dataset file. */
	private async loadDataset(
		file: vscode.TestItem,
		data: vscode.Uri,
		add: (parent: vscode.TestItem, c: TestCase, id: string, range: vscode.Range, where: vscode.Uri) => void,
	): Promise<void> {
		const node = this.controller.createTestItem(data.toString(), vscode.workspace.asRelativePath(data), data);
		let text: string;
		try {
			text = new TextDecoder().decode(await vscode.workspace.fs.readFile(data));
		} catch {
			node.error = `cannot read ${vscode.workspace.asRelativePath(data)}`;
			file.children.add(node);
			return;
		}
		const rows = parseDataset(vscode.workspace.asRelativePath(data), text);
		if (rows.problems.length > 0) node.error = rows.problems.map((p) => p.message).join('\n');
		for (const row of rows.cases) {
			const line = new vscode.Position((row.source?.line ?? 1) - 1, 0);
			add(node, row, `${data.toString()}#${row.source?.line ?? 0}`, new vscode.Range(line, line), data);
		}
		file.children.add(node);
	}

	remove(uri: vscode.Uri): void {
		this.controller.items.delete(uri.toString());
		this.prompts.delete(uri.toString());
	}

	/** The test files that test `prompt`. */
	filesFor(prompt: vscode.Uri): vscode.TestItem[] {
		const out: vscode.TestItem[] = [];
		this.controller.items.forEach((item) => {
			if (this.prompts.get(item.id) === prompt.toString()) out.push(item);
		});
		return out;
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
