// Genkit registers every `_name.prompt` under its prompt folder, subfolders included, by the bare name `name`; this
// finds such a partial when the prompt's own folder and `promptLens.partialPaths` have none.
import { readdir } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';

/** Folders never walked: dependencies, VCS data. */
const SKIP = new Set(['node_modules', '.git', '.hg', '.svn']);
/** A bound on the walk, so a workspace root of a huge monorepo cannot stall a lint pass. */
const MAX_FOLDERS = 5_000;
const MAX_DEPTH = 12;

/** Bare partial name → its file, for every `_*.prompt` under `root` (a name found twice: the shallowest). */
export type PartialIndex = Map<string, string>;

/**
 * Where Genkit's prompt folder most likely is for a prompt: the nearest enclosing folder named `prompts` (Genkit's
 * default `promptDir`) inside the workspace root, else the prompt's own folder — never a whole workspace, where a
 * partial of another app would hide a real miss.
 */
export function promptTreeRoot(promptFolder: string, workspaceRoot: string): string {
	for (let dir = promptFolder; ; dir = dirname(dir)) {
		if (basename(dir) === 'prompts') return dir;
		const rel = relative(workspaceRoot, dir);
		if (rel === '' || rel.startsWith(`..${sep}`) || rel === '..' || dirname(dir) === dir) return promptFolder;
	}
}

/** Walks `root` breadth-first; unreadable folders are skipped, never an error. */
export async function indexPartials(root: string): Promise<PartialIndex> {
	const index: PartialIndex = new Map();
	let level = [root];
	let folders = 0;
	for (let depth = 0; level.length > 0 && depth <= MAX_DEPTH; depth++) {
		const next: string[] = [];
		for (const folder of level) {
			if (++folders > MAX_FOLDERS) return index;
			const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
			for (const entry of entries) {
				if (entry.isDirectory() && !SKIP.has(entry.name)) next.push(join(folder, entry.name));
				else if (entry.isFile() && /^_.+\.prompt$/.test(entry.name)) {
					const name = entry.name.slice(1, -'.prompt'.length);
					if (!index.has(name)) index.set(name, join(folder, entry.name));
				}
			}
		}
		level = next;
	}
	return index;
}
