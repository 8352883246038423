// `prompt-lens count` on prompts the runtime cannot render says why in our diagnostics' words, and prints no library warnings.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../../server/src/cli/runCli';
import { DIST } from '../support/paths';

function folder(files: Record<string, string>): string {
	const dir = mkdtempSync(join(tmpdir(), 'prompt-lens-count-'));
	for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
	return dir;
}

async function count(dir: string, file: string): Promise<{ code: number; stderr: string }> {
	const err: string[] = [];
	const code = await runCli(['count', file], { stdout: () => undefined, stderr: (t) => err.push(t), cwd: dir });
	return { code, stderr: err.join('\n') };
}

test('`tools: 5`: the frontmatter problem, not "tools.map is not a function"', async () => {
	const dir = folder({ 'tools.prompt': '---\nmodel: openai/gpt-4o-mini\ntools: 5\n---\nhi\n' });
	const { code, stderr } = await count(dir, 'tools.prompt');
	assert.equal(code, 1);
	assert.match(
		stderr,
		/^prompt-lens: tools\.prompt cannot be rendered:\n {2}tools\.prompt:3:8 warning frontmatter-schema `tools` must be a list of strings/,
	);
	assert.doesNotMatch(stderr, /is not a function/);
});

test('a self-including partial: circular-partial, not "Maximum call stack size exceeded"', async () => {
	const dir = folder({
		'self.prompt': '---\nmodel: openai/gpt-4o-mini\n---\nhi {{> self}}\n',
		'_self.prompt': 'again {{> self}}\n',
	});
	const { code, stderr } = await count(dir, 'self.prompt');
	assert.equal(code, 1);
	assert.match(stderr, /error circular-partial Partial `self` includes itself/);
	assert.doesNotMatch(stderr, /cannot be rendered: Maximum call stack/);
});

test('dist/cli.js: yaml and Handlebars warnings about the prompt do not reach stderr', () => {
	const dir = folder({
		'w.prompt':
			'---\nmodel: openai/gpt-4o-mini\ninput:\n  default:\n    ? [a, b]\n    : 1\n    obj: {a: 1}\n---\nHi {{#with obj}}{{toString}}{{/with}}\n',
	});
	for (const command of ['count', 'check']) {
		const ran = spawnSync(process.execPath, [join(DIST, 'cli.js'), command, 'w.prompt'], {
			cwd: dir,
			encoding: 'utf8',
		});
		assert.doesNotMatch(
			ran.stderr,
			/Keys with collection values|Access has been denied|Warning:/,
			`${command}: ${ran.stderr}`,
		);
		assert.match(ran.stdout, /w\.prompt/);
	}
});
