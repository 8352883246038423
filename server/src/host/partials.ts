// Reads partials the way Dotprompt's directory store names them: `{{> a/b}}` → `a/_b.prompt`, next to the prompt, then in `promptLens.partialPaths`.
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PartialSource } from '../core';

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
	const root = roots.find((r) => !relative(r, file).startsWith('..')) ?? folder;
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
	// Names are user text; refuse anything that could leave the folder.
	if (!/^[\w.-]+(\/[\w.-]+)*$/.test(name) || name.split('/').includes('..')) return null;
	const slash = name.lastIndexOf('/');
	const fileName = `${name.slice(0, slash + 1)}_${name.slice(slash + 1)}.prompt`;
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

function filePath(uri: string): string | undefined {
	if (!uri.startsWith('file:')) return undefined;
	try {
		return fileURLToPath(uri);
	} catch {
		return undefined;
	}
}
