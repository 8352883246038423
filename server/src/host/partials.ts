// Reads partials the way Dotprompt's directory store names them: `{{> a/b}}` → `a/_b.prompt`, next to the prompt, then in
// `promptLens.partialPaths`, then (bare names) anywhere under the prompt folder, as Genkit registers them.
import { readFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { partialFileName, type PartialSource } from '../core';
import { indexPartials, promptTreeRoot, type PartialIndex } from './partialTree';

/**
 * Partial files read once and kept until they change: the server drops an entry when the client's file watcher reports
 * the file (workspace/didChangeWatchedFiles), so typing in a prompt no longer re-reads every partial it includes.
 * Missing files are remembered too (a `{{> name}}` looks in several folders).
 */
export class PartialFiles {
	private readonly texts = new Map<string, Promise<string | null>>();
	private readonly trees = new Map<string, Promise<PartialIndex>>();

	/** Every `_name.prompt` under `root`, walked once until a partial file is created or deleted. */
	tree(root: string): Promise<PartialIndex> {
		let index = this.trees.get(root);
		if (!index) {
			index = indexPartials(root);
			this.trees.set(root, index);
		}
		return index;
	}

	read(path: string): Promise<string | null> {
		let text = this.texts.get(path);
		if (!text) {
			text = readFile(path, 'utf8').catch(() => null);
			this.texts.set(path, text);
		}
		return text;
	}

	/**
	 * One file changed, was created or deleted; without a path, everything (e.g. the settings' folders changed). Only a
	 * partial file created or deleted (`moved`) changes which partials exist, so only then are the folder walks redone.
	 */
	invalidate(path?: string, moved = true): void {
		if (path === undefined) this.texts.clear();
		else this.texts.delete(path);
		if (path === undefined || (moved && basename(path).startsWith('_'))) this.trees.clear();
	}
}

export interface PartialLookup {
	source: PartialSource;
	/** The folders searched, in order, as shown to the user. */
	searched: string[];
	/** The same folders as absolute paths, for listing partials in completion. */
	folders: string[];
}

/**
 * `roots` are the workspace folders (paths); a relative entry of `partialPaths` starts at the root holding the
 * prompt, or at the prompt's folder when none does. Only `file:` URIs have partials.
 */
export function partialLookupFor(uri: string, partialPaths: string[] = [], roots: string[] = [], files?: PartialFiles): PartialLookup | undefined {
	const file = filePath(uri);
	if (!file) return undefined;
	const folder = dirname(file);
	const root = roots.find((r) => isInside(r, file)) ?? folder;
	const folders = [folder, ...partialPaths.map((p) => (isAbsolute(p) ? p : resolve(root, p)))].filter((f, i, all) => all.indexOf(f) === i);
	const searched = folders.map((f, i) => (i === 0 ? 'the prompt\'s folder' : relative(root, f) || '.'));
	const read = files ? (path: string) => files.read(path) : (path: string) => readFile(path, 'utf8').catch(() => null);
	const treeRoot = promptTreeRoot(folder, root);
	// Without the server's cache (the CLI), the walk happens once per lookup and only when a partial is missed.
	let own: Promise<PartialIndex> | undefined;
	const tree = files ? () => files.tree(treeRoot) : () => (own ??= indexPartials(treeRoot));
	const source: PartialSource = async (name) =>
		(await readPartial(folders, name, read)) ?? (await readFromTree(tree, name, read));
	const under = treeRoot === folder ? 'the prompt\'s' : relative(root, treeRoot) || 'the workspace';
	const anywhere = `any folder below ${under} (a name without /, as Genkit loads partials)`;
	return { source, searched: [...searched, anywhere], folders };
}

/** A bare name (`{{> style}}`) is also found in a subfolder of the prompt folder: Genkit registers it as `style`. */
async function readFromTree(
	tree: () => Promise<PartialIndex>,
	name: string,
	read: (path: string) => Promise<string | null>,
): Promise<{ location: string; text: string } | null> {
	if (!isSafeName(name) || name.includes('/')) return null;
	const location = (await tree()).get(name);
	const text = location ? await read(location) : null;
	return location && text !== null ? { location, text } : null;
}

async function readPartial(folders: string[], name: string, read: (path: string) => Promise<string | null>): Promise<{ location: string; text: string } | null> {
	if (!isSafeName(name)) return null;
	const fileName = partialFileName(name);
	for (const folder of folders) {
		const location = join(folder, fileName);
		const text = await read(location);
		if (text !== null) return { location, text };
	}
	return null;
}

/**
 * Names are user text: refuse anything that could leave the folder (`..`, absolute paths, backslashes, drive
 * letters) but keep what Handlebars accepts and a file can be called (`café`, `my partial`, `v1.2`).
 */
function isSafeName(name: string): boolean {
	// eslint-disable-next-line no-control-regex -- control characters are not allowed in partial names
	return name.split('/').every((part) => part !== '' && part !== '.' && part !== '..' && !/[\\:*?"<>|\u0000-\u001f]/.test(part));
}

/** `relative` starts with `..` for a path outside; a folder merely named `..x` is inside. */
function isInside(root: string, file: string): boolean {
	const path = relative(root, file);
	return path !== '..' && !path.startsWith(`..${sep}`) && !isAbsolute(path);
}

function filePath(uri: string): string | undefined {
	if (!uri.startsWith('file:')) return undefined;
	try {
		return fileURLToPath(uri);
	} catch {
		return undefined;
	}
}
