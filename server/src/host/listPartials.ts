// Lists the partials completion can offer: `_name.prompt` files in the partial folders, and one level of subfolders (`sub/name`).
import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** A partial's file: `_name.prompt`, not a variant (`_name.variant.prompt`). */
const PARTIAL_FILE = /^_([\w-]+)\.prompt$/;

export async function listPartials(folders: string[]): Promise<string[]> {
	const names = new Set<string>();
	for (const folder of folders) {
		const entries = await entriesOf(folder);
		for (const entry of entries) {
			if (entry.isFile()) addPartial(names, '', entry.name);
			else if (entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules') {
				for (const inner of await entriesOf(join(folder, entry.name))) if (inner.isFile()) addPartial(names, `${entry.name}/`, inner.name);
			}
		}
	}
	return [...names].sort();
}

function addPartial(names: Set<string>, prefix: string, fileName: string): void {
	const match = PARTIAL_FILE.exec(fileName);
	if (match) names.add(`${prefix}${match[1]}`);
}

async function entriesOf(folder: string): Promise<Dirent[]> {
	try {
		return await readdir(folder, { withFileTypes: true });
	} catch {
		// A missing or unreadable folder has no partials.
		return [];
	}
}
