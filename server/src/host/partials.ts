// Resolves `{{> name}}` the way Dotprompt's directory store does: `_name.prompt` next to the prompt file (file: URIs only).
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function partialResolverFor(uri: string): ((name: string) => Promise<string | null>) | undefined {
	if (!uri.startsWith('file:')) return undefined;
	let folder: string;
	try {
		folder = dirname(fileURLToPath(uri));
	} catch {
		return undefined;
	}
	return async (name) => {
		// Names are user text; refuse anything that could leave the folder.
		if (!/^[\w.-]+$/.test(name) || name.includes('..')) return null;
		try {
			return await readFile(join(folder, `_${name}.prompt`), 'utf8');
		} catch {
			return null;
		}
	};
}
