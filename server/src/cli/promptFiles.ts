// Expands the CLI's file and folder arguments into the list of `.prompt` files to check.
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const SKIPPED_FOLDERS = new Set(['node_modules', 'dist', 'out']);

export type PromptFiles = { ok: true; files: string[] } | { ok: false; message: string };

/** Files named explicitly are always checked; folders contribute their `.prompt` files, recursively. Names stay relative to `cwd` as given. */
export function collectPromptFiles(paths: string[], cwd: string): PromptFiles {
	const files: string[] = [];
	for (const path of paths) {
		let stats;
		try {
			stats = statSync(resolve(cwd, path));
		} catch {
			return { ok: false, message: `no such file or folder: ${path}` };
		}
		if (stats.isDirectory()) files.push(...walk(path, cwd));
		else files.push(path);
	}
	// The same file reached twice (`a.prompt` and `./a.prompt`, or a file inside a folder also given) is checked once.
	const seen = new Set<string>();
	return { ok: true, files: files.filter((file) => !seen.has(resolve(cwd, file)) && seen.add(resolve(cwd, file))) };
}

function walk(folder: string, cwd: string): string[] {
	const out: string[] = [];
	const entries = readdirSync(resolve(cwd, folder), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
	for (const entry of entries) {
		const path = join(folder, entry.name);
		if (entry.isDirectory()) {
			if (!entry.name.startsWith('.') && !SKIPPED_FOLDERS.has(entry.name)) out.push(...walk(path, cwd));
		} else if (entry.isFile() && entry.name.endsWith('.prompt')) {
			out.push(path);
		}
	}
	return out;
}
