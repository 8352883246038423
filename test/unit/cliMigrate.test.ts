// `prompt-lens migrate --to` without --run (with --run: cliMigrateRun.test.ts): tokens with each model's tokenizer, cost per 1,000 calls and the ratio, window
// use, what the new model lacks or retires, parameters it renames; totals; a prompt that cannot render is a row, not a stop.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../../server/src/cli/runCli';

function folder(): string {
	const dir = mkdtempSync(join(tmpdir(), 'prompt-lens-migrate-'));
	writeFileSync(
		join(dir, 'reason.prompt'),
		'---\nmodel: openai/gpt-5.4-mini-2026-03-17\nconfig:\n  maxOutputTokens: 300\n---\nSummarize the release notes in three bullets.\n',
	);
	writeFileSync(join(dir, 'broken.prompt'), '---\nmodel: openai/gpt-5.4-mini-2026-03-17\n---\n{{#if x}}never closed\n');
	writeFileSync(join(dir, '_partial.prompt'), 'a partial is not a prompt of its own');
	return dir;
}

async function migrate(dir: string, args: string[]) {
	const out: string[] = [];
	const err: string[] = [];
	const code = await runCli(['migrate', ...args], { stdout: (t) => out.push(t), stderr: (t) => err.push(t), cwd: dir });
	return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

test('JSON: each prompt on both models, the ratio, the notes, and totals; partials are not prompts', async () => {
	const { code, stdout, stderr } = await migrate(folder(), [
		'.',
		'--to',
		'openai/gpt-4o-2024-08-06',
		'--format',
		'json',
	]);
	assert.equal(code, 0, stderr);
	const report = JSON.parse(stdout);
	assert.deepEqual(
		report.prompts.map((p: { prompt: string }) => p.prompt),
		['broken.prompt', 'reason.prompt'],
	);
	const [broken, reason] = report.prompts;
	assert.match(broken.error, /not analyzed/);
	assert.equal(reason.from.model, 'openai/gpt-5.4-mini-2026-03-17');
	assert.equal(reason.to.model, 'openai/gpt-4o-2024-08-06');
	assert.equal(reason.from.exact, true);
	assert.ok(reason.to.costPer1k > 0 && reason.from.costPer1k > 0);
	assert.ok(Math.abs(reason.costRatio - reason.to.costPerCall / reason.from.costPerCall) < 1e-9);
	assert.ok(
		reason.notes.some((n: string) => /will be retired by OpenAI on 2027-01-14/.test(n)),
		reason.notes.join('\n'),
	);
	assert.ok(
		reason.notes.includes('`max_completion_tokens` is sent as `max_tokens` to openai/gpt-4o-2024-08-06'),
		reason.notes.join('\n'),
	);
	assert.equal(report.totals.prompts, 2);
	assert.ok(Math.abs(report.totals.ratio - reason.to.costPer1k / reason.from.costPer1k) < 1e-9);
});

test('Markdown for a pull request; --to is required; --format is md, json or html', async () => {
	const dir = folder();
	const { stdout } = await migrate(dir, ['--to', 'openai/gpt-4o-2024-08-06']);
	assert.match(
		stdout,
		/^## Moving to `openai\/gpt-4o-2024-08-06`: 2 prompts\n\n\| prompt \| from \| input tokens \| per 1,000 calls \| cost ratio \| window use \| what changes \|/,
	);
	assert.match(
		stdout,
		/\| reason\.prompt \| openai\/gpt-5\.4-mini-2026-03-17 \| \d+ → \d+ \| \$[\d.]+ → \$[\d.]+ \| [\d.]+× \|/,
	);
	assert.match(stdout, /\*\*Per 1,000 calls of each prompt:\*\* \$[\d.]+ → \$[\d.]+ \([\d.]+×\)\./);
	assert.equal((await migrate(dir, ['.'])).code, 2);
	assert.equal((await migrate(dir, ['--to', 'x/y', '--format', 'xml'])).code, 2);
	assert.equal((await migrate(dir, ['--to', 'x/y', '--max-cost', '1'])).code, 2, '--max-cost without --run');
});
