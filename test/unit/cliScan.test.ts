// Which files a folder scan of `check` and `migrate` reads (git's ignore rules, hidden folders, any-case `.prompt`)
// and what it says about the rest.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { collectPromptFiles } from '../../server/src/cli/promptFiles';
import { runCli } from '../../server/src/cli/runCli';
import { GitIgnore, rebase } from '../../server/src/host/gitIgnore';
import { FIXTURES } from '../support/paths';

const CLI = join(FIXTURES, 'cli');

/** The fixture cannot hold a live .gitignore, .git or node_modules (the repository's own git would act on them). */
const LIVE_NAMES: Record<string, string> = {
	'dot-gitignore': '.gitignore',
	'dot-git': '.git',
	'node-modules': 'node_modules',
};

function liveCopy(fixture: string): string {
	const dir = join(mkdtempSync(join(tmpdir(), 'prompt-lens-scan-')), fixture);
	cpSync(join(CLI, fixture), dir, { recursive: true });
	const rename = (folder: string) => {
		for (const entry of readdirSync(folder, { withFileTypes: true })) {
			const live = LIVE_NAMES[entry.name] ?? entry.name;
			if (live !== entry.name) renameSync(join(folder, entry.name), join(folder, live));
			if (entry.isDirectory()) rename(join(folder, live));
		}
	};
	rename(dir);
	return dir;
}

async function runIn(cwd: string, ...argv: string[]) {
	const out: string[] = [];
	const err: string[] = [];
	const code = await runCli(argv, { stdout: (t) => out.push(t), stderr: (t) => err.push(t), cwd });
	return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

test('a folder scan follows .gitignore, info/exclude and nested .gitignore files, and reads hidden folders', () => {
	const dir = liveCopy('scan-project');
	const collected = collectPromptFiles(['.'], dir);
	assert.ok(collected.ok);
	assert.deepEqual([...collected.files].sort(), [
		'.guides/guide.prompt',
		'.prompts/hidden.prompt',
		'docs/new.prompt', // `docs/**/old.prompt` takes only old.prompt
		'keep.draft.prompt', // `!keep.draft.prompt` re-includes it after `*.draft.prompt`
		'main.prompt',
		'sub/anchored.prompt', // `/anchored.prompt` is anchored to the root
		'sub/b.draft.prompt', // sub/.gitignore's `!b.draft.prompt` overrides the root's `*.draft.prompt`
		'UPPER.PROMPT',
	].sort());
	const skipped = Object.fromEntries(collected.skipped.map((s) => [s.path, `${s.reason} ${s.rule ?? ''}`.trim()]));
	assert.deepEqual(skipped, {
		'a.draft.prompt': 'gitignore .gitignore:3 *.draft.prompt',
		'anchored.prompt': 'gitignore .gitignore:5 /anchored.prompt',
		'build/built.prompt': 'gitignore .gitignore:2 build/',
		'docs/guide/old.prompt': 'gitignore .gitignore:7 docs/**/old.prompt',
		'excluded.prompt': 'gitignore .git/info/exclude:1 excluded.prompt',
		'node_modules/pkg/pkg.prompt': 'node_modules',
		'sub/cache/c.prompt': 'gitignore .gitignore:6 **/cache/',
		'sub/local.prompt': 'gitignore sub/.gitignore:1 local.prompt',
		'trailing.prompt': 'gitignore .gitignore:8 trailing.prompt',
	});
});

test('check says in one line what it skipped and why; --verbose lists each file with its rule', async () => {
	const dir = liveCopy('scan-project');
	const brief = await runIn(dir, 'check', '.');
	assert.equal(brief.code, 0, brief.stderr);
	assert.match(brief.stderr, /^prompt-lens: skipped 9 prompt files: 8 ignored by \.gitignore, 1 in node_modules \(--verbose lists them\)$/m);
	assert.match(brief.stderr, /0 errors, 0 warnings in 8 files$/m);
	const verbose = await runIn(dir, 'check', '--verbose', '.');
	assert.match(verbose.stderr, /^prompt-lens: skipped build\/built\.prompt: ignored by \.gitignore \(\.gitignore:2 build\/\)$/m);
	assert.match(verbose.stderr, /^prompt-lens: skipped node_modules\/pkg\/pkg\.prompt: in node_modules$/m);
	assert.doesNotMatch(verbose.stderr, /--verbose lists them/);
});

test('a file named on the command line is checked even when .gitignore ignores it', async () => {
	const dir = liveCopy('scan-project');
	const { code, stderr } = await runIn(dir, 'check', 'build/built.prompt', 'node_modules/pkg/pkg.prompt');
	assert.equal(code, 0, stderr);
	assert.match(stderr, /in 2 files$/m);
	assert.doesNotMatch(stderr, /skipped/);
});

test('a folder with no prompt file to check is a usage error that says why (exit 2)', async () => {
	const empty = await runIn(CLI, 'check', 'no-prompts');
	assert.equal(empty.code, 2);
	assert.match(empty.stderr, /^prompt-lens: no prompt files to check in no-prompts$/m);
	const dir = liveCopy('scan-project');
	const ignored = await runIn(dir, 'check', 'build');
	assert.equal(ignored.code, 2);
	assert.match(ignored.stderr, /no prompt files to check in build \(skipped 1 prompt file: 1 ignored by \.gitignore\)/);
	assert.match(ignored.stderr, /always checked, e\.g\. prompt-lens check build\/built\.prompt/);
});

test('a folder of another tool\'s prompts is counted and named, not passed off as clean Dotprompt', async () => {
	const { code, stdout, stderr } = await runIn(CLI, 'check', 'foreign-only');
	assert.equal(code, 0);
	assert.equal(stdout.split('\n').filter((line) => / info foreign-dialect /.test(line)).length, 2);
	assert.match(stderr, /0 errors, 0 warnings in 2 files; all are in another tool's format \(Continue, Humanloop\), not checked as Dotprompt$/m);
	const mixed = await runIn(CLI, 'check', 'foreign-only', 'warnings');
	assert.match(mixed.stderr, /in 3 files; 2 are in another tool's format \(Continue, Humanloop\)/);
});

test('migrate scans folders by the same rules', async () => {
	const dir = liveCopy('scan-project');
	const { code, stdout } = await runIn(dir, 'migrate', '.', '--to', 'openai/gpt-4o', '--format', 'json');
	assert.equal(code, 0);
	const prompts = (JSON.parse(stdout) as { prompts: { prompt: string }[] }).prompts.map((p) => p.prompt).sort();
	assert.ok(prompts.includes('UPPER.PROMPT') && prompts.includes('.prompts/hidden.prompt'), prompts.join(', '));
	assert.ok(!prompts.some((p) => p.startsWith('build/') || p.startsWith('node_modules/')), prompts.join(', '));
	assert.equal((await runIn(CLI, 'migrate', 'no-prompts', '--to', 'openai/gpt-4o')).code, 2);
});

test('linked folders are not followed, and say so', async (t) => {
	const dir = liveCopy('scan-project');
	try {
		symlinkSync(join(dir, 'docs'), join(dir, 'docs-link'), 'dir');
	} catch {
		t.skip('this file system cannot make links');
		return;
	}
	const collected = collectPromptFiles(['.'], dir);
	assert.ok(collected.ok);
	assert.ok(!collected.files.some((f) => f.startsWith('docs-link')));
	assert.deepEqual(collected.skipped.filter((s) => s.reason === 'link').map((s) => s.path), ['docs-link/']);
});

test('gitignore rules: directory-only patterns, parents that cannot be re-entered, escapes, case', () => {
	const root = mkdtempSync(join(tmpdir(), 'prompt-lens-gitignore-'));
	mkdirSync(join(root, '.git'));
	writeFileSync(join(root, '.gitignore'), 'logs/\nbuild/\n!build/keep.prompt\n\\#hash.prompt\n\\!bang.prompt\nCase.prompt\n');
	const rules = GitIgnore.for(root);
	assert.equal(rules.check(join(root, 'logs'), true).ignored, true);
	assert.equal(rules.check(join(root, 'logs'), false).ignored, false, 'a file named logs is not the folder logs/');
	assert.equal(rules.check(join(root, 'a', 'logs'), true).ignored, true, 'no slash before the end: any depth');
	// "It is not possible to re-include a file if a parent directory of that file is excluded."
	assert.equal(rules.check(join(root, 'build', 'keep.prompt'), false).ignored, true);
	assert.equal(rules.check(join(root, '#hash.prompt'), false).ignored, true);
	assert.equal(rules.check(join(root, '!bang.prompt'), false).ignored, true);
	assert.equal(rules.check(join(root, 'case.prompt'), false).ignored, false, 'case counts unless core.ignorecase');
	writeFileSync(join(root, '.git', 'config'), '[core]\n\tignorecase = true\n');
	assert.equal(GitIgnore.for(root).check(join(root, 'case.prompt'), false).ignored, true);
});

test('a nested .gitignore pattern is rebased onto the root as git scopes it', () => {
	assert.equal(rebase('cache/', 'a/b'), 'a/b/**/cache/');
	assert.equal(rebase('/top.prompt', 'a'), 'a/top.prompt');
	assert.equal(rebase('x/y.prompt', 'a'), 'a/x/y.prompt');
	assert.equal(rebase('!keep.prompt', 'a'), '!a/**/keep.prompt');
	assert.equal(rebase('**/deep', 'a'), 'a/**/deep');
	assert.equal(rebase('# comment', 'a'), undefined);
	assert.equal(rebase('   ', 'a'), undefined);
	assert.equal(rebase('space\\ ', 'a'), 'a/**/space\\ ');
});
