// Git's ignore rules for a folder scan: .git/info/exclude, then .gitignore files from the repository root down.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';

/** The line that decided: `file` is absolute, `line` 1-based. */
export interface IgnoreRule {
	file: string;
	line: number;
	pattern: string;
}

export interface IgnoreVerdict {
	ignored: boolean;
	/** Present when `ignored`: the rule that excluded the path or the folder it is in. */
	rule?: IgnoreRule;
}

/**
 * One matcher for a whole scan. Each .gitignore's patterns are rebased onto the repository root and added in walk
 * order (a folder's file before its subfolders'), so "the last matching pattern wins" in the one list is git's rule
 * that a deeper .gitignore overrides a shallower one and info/exclude yields to both.
 */
export class GitIgnore {
	private readonly matcher: Ignore;
	private readonly rules: IgnoreRule[] = [];
	private readonly loaded = new Set<string>();

	private constructor(
		readonly root: string,
		ignoreCase: boolean,
	) {
		this.matcher = ignore({ ignorecase: ignoreCase });
	}

	/** The rules inside `folder` (absolute): its repository's, or without one the folder's own .gitignore files. */
	static for(folder: string): GitIgnore {
		const gitDir = repositoryOf(folder);
		const root = gitDir ? dirname(gitDir) : folder;
		const rules = new GitIgnore(root, gitDir !== undefined && ignoreCaseOf(gitDir));
		if (gitDir) rules.addFile(join(gitDir, 'info', 'exclude'), '');
		for (let dir = root; ; ) {
			rules.enter(dir);
			if (dir === folder) break;
			const next = relative(dir, folder).split(sep)[0];
			dir = join(dir, next);
		}
		return rules;
	}

	/** Reads `dir`'s .gitignore, once; call it before checking anything inside `dir`. */
	enter(dir: string): void {
		if (this.loaded.has(dir)) return;
		this.loaded.add(dir);
		this.addFile(join(dir, '.gitignore'), posix(relative(this.root, dir)));
	}

	/** Whether git would leave `path` (absolute, inside the root) untracked; folders are told apart by `isFolder`. */
	check(path: string, isFolder: boolean): IgnoreVerdict {
		const rel = posix(relative(this.root, path));
		if (!rel || rel.startsWith('../') || rel === '..') return { ignored: false };
		const result = this.matcher.test(isFolder ? `${rel}/` : rel);
		if (!result.ignored) return { ignored: false };
		const mark = result.rule?.mark;
		return { ignored: true, rule: mark === undefined ? undefined : this.rules[Number(mark)] };
	}

	private addFile(file: string, prefix: string): void {
		let text: string;
		try {
			text = readFileSync(file, 'utf8');
		} catch {
			return;
		}
		text.split(/\r?\n/).forEach((line, index) => {
			const pattern = rebase(line, prefix);
			if (pattern === undefined) return;
			try {
				this.matcher.add({ pattern, mark: String(this.rules.length) });
				this.rules.push({ file, line: index + 1, pattern: line.trim() });
			} catch {
				// A pattern the matcher cannot read (e.g. a reversed range) matches nothing, as in git.
			}
		});
	}
}

/**
 * A pattern of the .gitignore in `prefix` (a folder relative to the root) as a pattern of the root's: with a slash
 * before its end it was relative to its own folder; without, it matches a name at any depth below that folder.
 */
export function rebase(line: string, prefix: string): string | undefined {
	// Git drops trailing spaces unless escaped with a backslash.
	const trimmed = line.replace(/(?<!\\) +$/, '');
	if (!trimmed || trimmed.startsWith('#')) return undefined;
	if (!prefix) return trimmed;
	const negation = trimmed.startsWith('!') ? '!' : '';
	const body = trimmed.slice(negation.length);
	if (!body || body === '/') return undefined;
	const anchored = body.replace(/\/+$/, '').includes('/');
	return `${negation}${prefix}/${anchored ? body.replace(/^\//, '') : `**/${body}`}`;
}

/** The nearest `.git` (a folder, or a worktree's or submodule's file) at or above `folder`. */
function repositoryOf(folder: string): string | undefined {
	for (let dir = folder; ; dir = dirname(dir)) {
		const git = join(dir, '.git');
		if (existsSync(git)) return git;
		if (dirname(dir) === dir) return undefined;
	}
}

/** `core.ignorecase`, which git sets when it creates a repository on a case-insensitive file system. */
function ignoreCaseOf(gitDir: string): boolean {
	try {
		if (!statSync(gitDir).isDirectory()) return false;
		return /^\s*ignorecase\s*=\s*true\s*$/im.test(readFileSync(join(gitDir, 'config'), 'utf8'));
	} catch {
		return false;
	}
}

function posix(path: string): string {
	return sep === '/' ? path : path.split(sep).join('/');
}
