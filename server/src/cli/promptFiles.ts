// Expands the CLI's file and folder arguments into the list of `.prompt` files to check.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const SKIPPED_FOLDERS = new Set(['node_modules', 'dist', 'out']);

export type PromptFiles = { ok: true; files: string[] } | { ok: false; message: string };

/** Files named explicitly are always checked; folders contribute their `.prompt` files, recursively. */
export function collectPromptFiles(paths: string[]): PromptFiles {
	const files: string[] = [];
	for (const path of paths) {
		let stats;
		try {
			stats = statSync(path);
		} catch {
			return { ok: false, message: `no such file or folder: ${path}` };
		}
		if (stats.isDirectory()) files.push(...walk(path));
		else files.push(path);
	}
	return { ok: true, files: [...new Set(files)] };
}

function walk(folder: string): string[] {
	const out: string[] = [];
	const entries = readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
	for (const entry of entries) {
		const path = join(folder, entry.name);
		if (entry.isDirectory()) {
			if (!entry.name.startsWith('.') && !SKIPPED_FOLDERS.has(entry.name)) out.push(...walk(path));
		} else if (entry.isFile() && entry.name.endsWith('.prompt')) {
			out.push(path);
		}
	}
	return out;
}
