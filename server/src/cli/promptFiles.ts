// The CLI's file and folder arguments → the prompt files to check, and which files a folder scan skipped and why.
import { readdirSync, statSync, type Dirent } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { GitIgnore, type IgnoreRule } from '../host/gitIgnore';

/** `.prompt` in any case: `.PROMPT` files are prompts on case-insensitive file systems and in VS Code. */
const PROMPT_FILE = /\.prompt$/i;
/** Never scanned, ignored or not: git's own data, and installed packages (their prompts are not the project's). */
const NEVER_SCANNED = new Set(['.git', 'node_modules']);
/** How many entries of skipped folders we look through to count the prompt files in them (node_modules can be huge). */
const COUNT_BUDGET = 100_000;

export type SkipReason = 'gitignore' | 'node_modules' | 'link';

/** A prompt file a folder scan left out, or (reason `link`) a linked folder it did not follow. */
export interface SkippedFile {
	path: string;
	reason: SkipReason;
	/** For `gitignore`: the rule, as `file:line pattern`. */
	rule?: string;
}

export type PromptFiles =
	| { ok: true; files: string[]; skipped: SkippedFile[]; countStopped: boolean }
	| { ok: false; message: string };

interface Walk {
	cwd: string;
	rules: GitIgnore;
	files: string[];
	skipped: SkippedFile[];
	budget: number;
}

/**
 * Files named explicitly are always checked. Folders contribute their prompt files, recursively, as git sees them:
 * what .gitignore (and .git/info/exclude) ignores is skipped, hidden folders are not, `.git` and `node_modules` always
 * are. A folder without any prompt file to check is an error. Names stay relative to `cwd` as given.
 */
export function collectPromptFiles(paths: string[], cwd: string): PromptFiles {
	const files: string[] = [];
	const skipped: SkippedFile[] = [];
	let budget = COUNT_BUDGET;
	for (const path of paths) {
		let stats;
		try {
			stats = statSync(resolve(cwd, path));
		} catch {
			return { ok: false, message: `no such file or folder: ${path}` };
		}
		if (!stats.isDirectory()) {
			files.push(path);
			continue;
		}
		const walk: Walk = { cwd, rules: GitIgnore.for(resolve(cwd, path)), files: [], skipped: [], budget };
		scanFolder(walk, path);
		budget = walk.budget;
		if (walk.files.length === 0) return { ok: false, message: noPromptFiles(path, walk.skipped) };
		files.push(...walk.files);
		skipped.push(...walk.skipped);
	}
	// The same file reached twice (`a.prompt` and `./a.prompt`, or a file inside a folder also given) is checked once.
	const seen = new Set<string>();
	const unique = files.filter((file) => !seen.has(resolve(cwd, file)) && seen.add(resolve(cwd, file)));
	return { ok: true, files: unique, skipped, countStopped: budget <= 0 };
}

/** A folder given on the command line: ignored as a whole when .gitignore says so (as `git add` and ESLint do). */
function scanFolder(walk: Walk, folder: string): void {
	const verdict = walk.rules.check(resolve(walk.cwd, folder), true);
	if (verdict.ignored) countSkipped(walk, folder, 'gitignore', verdict.rule);
	else walkFolder(walk, folder);
}

function walkFolder(walk: Walk, folder: string): void {
	const absolute = resolve(walk.cwd, folder);
	walk.rules.enter(absolute);
	for (const entry of entriesOf(absolute)) {
		const path = join(folder, entry.name);
		const kind = kindOf(entry, resolve(walk.cwd, path));
		if (kind === 'folder' && NEVER_SCANNED.has(entry.name)) {
			if (entry.name === 'node_modules') countSkipped(walk, path, 'node_modules');
			continue;
		}
		if (kind === 'other' || (kind === 'file' && !PROMPT_FILE.test(entry.name))) continue;
		const verdict = walk.rules.check(resolve(walk.cwd, path), kind !== 'file');
		if (verdict.ignored) {
			const rule = ruleText(verdict.rule, walk.cwd);
			if (kind === 'file') walk.skipped.push({ path, reason: 'gitignore', rule });
			else if (kind === 'folder') countSkipped(walk, path, 'gitignore', verdict.rule);
		} else if (kind === 'folder') {
			walkFolder(walk, path);
		} else if (kind === 'linked folder') {
			// Like git, which stores the link and never looks inside; following links could also loop.
			walk.skipped.push({ path: `${path}/`, reason: 'link' });
		} else {
			walk.files.push(path);
		}
	}
}

type Kind = 'file' | 'folder' | 'linked folder' | 'other';

/** A link to a file counts as the file (git stores the link, but the prompt is what it points to). */
function kindOf(entry: Dirent, path: string): Kind {
	if (entry.isDirectory()) return 'folder';
	if (entry.isFile()) return 'file';
	if (!entry.isSymbolicLink()) return 'other';
	try {
		return statSync(path).isDirectory() ? 'linked folder' : 'file';
	} catch {
		// A broken link named like a prompt is reported by the check as unreadable rather than dropped in silence.
		return 'file';
	}
}

/** The prompt files inside a skipped folder, so the summary can say what was left out and why. */
function countSkipped(walk: Walk, folder: string, reason: SkipReason, rule?: IgnoreRule): void {
	for (const entry of entriesOf(resolve(walk.cwd, folder))) {
		if (--walk.budget < 0) return;
		const path = join(folder, entry.name);
		if (entry.isDirectory() && entry.name !== '.git') countSkipped(walk, path, reason, rule);
		else if (!entry.isDirectory() && PROMPT_FILE.test(entry.name))
			walk.skipped.push({ path, reason, rule: ruleText(rule, walk.cwd) });
	}
}

function entriesOf(folder: string): Dirent[] {
	try {
		return readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
	} catch {
		// A folder we may not read has nothing we could check; the scan goes on.
		return [];
	}
}

function ruleText(rule: IgnoreRule | undefined, cwd: string): string | undefined {
	return rule && `${relative(cwd, rule.file) || rule.file}:${rule.line} ${rule.pattern}`;
}

const REASONS: Record<SkipReason, [string, string]> = {
	gitignore: ['ignored by .gitignore', 'ignored by .gitignore'],
	node_modules: ['in node_modules', 'in node_modules'],
	link: ['linked folder not followed', 'linked folders not followed'],
};

/** One line for stderr: "skipped 3 prompt files: 2 ignored by .gitignore, 1 in node_modules", or undefined. */
export function skippedSummary(skipped: readonly SkippedFile[], countStopped = false): string | undefined {
	if (skipped.length === 0) return undefined;
	const byReason = new Map<SkipReason, number>();
	for (const { reason } of skipped) byReason.set(reason, (byReason.get(reason) ?? 0) + 1);
	const files = skipped.filter((s) => s.reason !== 'link').length;
	const parts = [...byReason].map(([reason, n]) => `${n} ${REASONS[reason][n === 1 ? 0 : 1]}`);
	const count = `${files}${countStopped ? '+' : ''}`;
	const head = files > 0 ? `skipped ${count} prompt file${files === 1 ? '' : 's'}` : 'skipped';
	return `${head}: ${parts.join(', ')}`;
}

/** `--verbose`: one line per skipped file or folder, with the reason (and the .gitignore rule). */
export function skippedList(skipped: readonly SkippedFile[]): string[] {
	return skipped.map(({ path, reason, rule }) => {
		if (reason === 'link') return `skipped ${path}: a link to a folder, not followed`;
		return `skipped ${path}: ${REASONS[reason][0]}${rule ? ` (${rule})` : ''}`;
	});
}

function noPromptFiles(folder: string, skipped: SkippedFile[]): string {
	const why = skippedSummary(skipped);
	const example = skipped.find((s) => s.reason !== 'link');
	return [
		`no prompt files to check in ${folder}${why ? ` (${why})` : ''}`,
		...(example
			? [`files named on the command line are always checked, e.g. prompt-lens check ${example.path}`]
			: []),
	].join('\n');
}
