// Reads partials the way Dotprompt's directory store names them: `{{> a/b}}` → `a/_b.prompt`, next to the prompt, then in `promptLens.partialPaths`.
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { partialFileName, type PartialSource } from '../core/partialGraph';

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
export function partialLookupFor(uri: string, partialPaths: string[] = [], roots: string[] = []): PartialLookup | undefined {
	const file = filePath(uri);
	if (!file) return undefined;
	const folder = dirname(file);
	const root = roots.find((r) => isInside(r, file)) ?? folder;
	const folders = [folder, ...partialPaths.map((p) => (isAbsolute(p) ? p : resolve(root, p)))].filter((f, i, all) => all.indexOf(f) === i);
	const searched = folders.map((f, i) => (i === 0 ? 'the prompt\'s folder' : relative(root, f) || '.'));
	return { source: (name) => readPartial(folders, name), searched, folders };
}

/** The text-only reader the renderer wants. */
export function partialResolverFor(uri: string, partialPaths: string[] = [], roots: string[] = []): ((name: string) => Promise<string | null>) | undefined {
	const lookup = partialLookupFor(uri, partialPaths, roots);
	return lookup && (async (name) => (await lookup.source(name))?.text ?? null);
}

async function readPartial(folders: string[], name: string): Promise<{ location: string; text: string } | null> {
	if (!isSafeName(name)) return null;
	const fileName = partialFileName(name);
	for (const folder of folders) {
		const location = join(folder, fileName);
		try {
			return { location, text: await readFile(location, 'utf8') };
		} catch {
			// Not here: try the next folder.
		}
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
