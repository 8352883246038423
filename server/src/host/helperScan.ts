// Finds helper and partial registrations in a workspace's source files: walks the folders (skipping dependencies,
// build output and excluded globs), reads each file once, keeps the result per file until the watcher reports a change.
import { promises as fs, type Dirent } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import { formatCount, matchesAnyGlob, registeredNames, scanRegistrations, sourceLanguageOf, type CodeRegistration, type RegisteredNames } from '../core';

export interface ScanLimits {
	/** Source files read at most (the rest are left out, and the log says so). */
	maxFiles: number;
	/** Characters read at most over all files. */
	maxBytes: number;
	/** Larger files (bundles, generated code) are skipped. */
	maxFileBytes: number;
	/** Directory entries looked at at most, so a huge tree of other files cannot keep the walk busy. */
	maxEntries: number;
}

export const SCAN_LIMITS: ScanLimits = { maxFiles: 5000, maxBytes: 50_000_000, maxFileBytes: 1_000_000, maxEntries: 200_000 };

/** Dependencies, caches and build output: registrations there are not the app's (or are copies of its own). */
const SKIPPED_FOLDERS = new Set([
	'node_modules', 'bower_components', 'dist', 'build', 'out', 'target', 'vendor', 'coverage', '__pycache__', 'venv',
	'site-packages', 'Pods',
]);

interface Scanned {
	mtimeMs: number;
	size: number;
	registrations: CodeRegistration[];
}

export interface ScanSummary {
	files: number;
	helpers: number;
	partials: number;
	/** Why the scan stopped early, when it did. */
	capped?: string;
}

export class CodeRegistrations {
	private readonly files = new Map<string, Scanned>();
	private roots: string[] = [];
	private exclude: string[] = [];
	private names?: RegisteredNames;

	constructor(private readonly limits: ScanLimits = SCAN_LIMITS) {}

	/** Walks `roots` from scratch (files unchanged since the last walk are not read again). `exclude`: globs as in `files.exclude`. */
	async scan(roots: string[], exclude: string[] = []): Promise<ScanSummary> {
		this.roots = roots;
		this.exclude = exclude.map((glob) => glob.replace(/^\.\//, ''));
		const budget = { files: 0, bytes: 0, entries: 0, capped: undefined as string | undefined };
		const seen = new Set<string>();
		for (const root of roots) await this.walk(root, root, budget, seen);
		for (const path of [...this.files.keys()]) if (!seen.has(path)) this.files.delete(path);
		this.names = undefined;
		const names = this.registered();
		return { files: seen.size, helpers: names.helpers.size, partials: names.partials.size, capped: budget.capped };
	}

	/**
	 * A source file was created, changed or deleted: read it again. True when what it registers changed, so open
	 * prompts need new diagnostics.
	 */
	async update(path: string, deleted: boolean): Promise<boolean> {
		if (!sourceLanguageOf(path) || !this.inScope(path)) return false;
		const before = JSON.stringify(this.files.get(path)?.registrations ?? []);
		if (deleted) this.files.delete(path);
		else await this.read(path, undefined, true);
		const changed = JSON.stringify(this.files.get(path)?.registrations ?? []) !== before;
		if (changed) this.names = undefined;
		return changed;
	}

	/** Every registered name, the first registration of each (files in path order). */
	registered(): RegisteredNames {
		this.names ??= registeredNames([...this.files.entries()]
			.filter(([, scanned]) => scanned.registrations.length > 0)
			.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
			.map(([path, scanned]) => ({ file: this.display(path), registrations: scanned.registrations })));
		return this.names;
	}

	private async walk(root: string, dir: string, budget: Budget, seen: Set<string>): Promise<void> {
		const pending = [dir];
		while (pending.length > 0 && !budget.capped) {
			const folder = pending.shift()!;
			let entries: Dirent[];
			try {
				entries = await fs.readdir(folder, { withFileTypes: true });
			} catch {
				continue;
			}
			for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
				if (++budget.entries > this.limits.maxEntries) {
					budget.capped = `more than ${formatCount(this.limits.maxEntries)} folder entries`;
					return;
				}
				const path = join(folder, entry.name);
				const rel = relative(root, path).split(sep).join('/');
				if (this.exclude.length > 0 && matchesAnyGlob(rel, this.exclude)) continue;
				if (entry.isDirectory()) {
					if (!entry.name.startsWith('.') && !SKIPPED_FOLDERS.has(entry.name)) pending.push(path);
				} else if (entry.isFile() && sourceLanguageOf(entry.name)) {
					if (budget.files >= this.limits.maxFiles) {
						budget.capped = `more than ${formatCount(this.limits.maxFiles)} source files`;
						return;
					}
					if (await this.read(path, budget)) seen.add(path);
				}
			}
		}
	}

	/** Reads and scans one file unless unchanged since last time; false when it is not kept (too large, unreadable, over budget). */
	private async read(path: string, budget: Budget | undefined, force = false): Promise<boolean> {
		try {
			const stat = await fs.stat(path);
			if (stat.size > this.limits.maxFileBytes) {
				this.files.delete(path);
				return false;
			}
			const known = this.files.get(path);
			if (budget) budget.files++;
			if (!force && known && known.mtimeMs === stat.mtimeMs && known.size === stat.size) return true;
			if (budget && budget.bytes + stat.size > this.limits.maxBytes) {
				budget.capped = `more than ${formatCount(this.limits.maxBytes / 1e6)} MB of source`;
				return false;
			}
			if (budget) budget.bytes += stat.size;
			const text = await fs.readFile(path, 'utf8');
			// Most files register nothing; the scan only runs where the words can appear.
			const registrations = /helper|partial/i.test(text) ? scanRegistrations(text, sourceLanguageOf(path)!) : [];
			this.files.set(path, { mtimeMs: stat.mtimeMs, size: stat.size, registrations });
			return true;
		} catch {
			this.files.delete(path);
			return false;
		}
	}

	private inScope(path: string): boolean {
		return this.roots.some((root) => {
			const rel = relative(root, path);
			if (rel === '' || rel.startsWith('..') || rel.includes(`..${sep}`)) return false;
			const parts = rel.split(sep);
			if (parts.slice(0, -1).some((part) => part.startsWith('.') || SKIPPED_FOLDERS.has(part))) return false;
			return !(this.exclude.length > 0 && matchesAnyGlob(parts.join('/'), this.exclude));
		});
	}

	private display(path: string): string {
		const root = this.roots.find((r) => !relative(r, path).startsWith('..'));
		if (!root) return path;
		const rel = relative(root, path).split(sep).join('/');
		return this.roots.length === 1 ? rel : `${basename(root)}/${rel}`;
	}
}

type Budget = { files: number; bytes: number; entries: number; capped: string | undefined };

/** One line for the log (server) or stderr (CLI). */
export function scanSummaryText(summary: ScanSummary): string {
	const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
	const found = `found ${count(summary.helpers, 'helper')} and ${count(summary.partials, 'partial')} registered in code`;
	const capped = summary.capped
		? `; stopped after ${summary.capped}: helpers registered in the files not read are unknown (list them in the `
			+ 'promptLens.helpers setting)'
		: '';
	return `Scanned ${formatCount(summary.files)} source files, ${found}${capped}.`;
}
