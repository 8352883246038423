// `prompt-lens check` accepts helpers and partials registered in the project's code (scanned from the settings file's
// folder) and those declared in `helpers` of .promptlensrc.json, as the editor does.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../../server/src/cli/runCli';
import { FIXTURES } from '../support/paths';

const PROJECT = join(FIXTURES, 'cli', 'helpers-project');

async function checkIn(cwd: string, ...argv: string[]): Promise<{ code: number; found: { code: string; severity: string; line: number; message: string }[]; stderr: string }> {
	const out: string[] = [];
	const err: string[] = [];
	const code = await runCli(['check', '--format', 'json', ...argv], { stdout: (t) => out.push(t), stderr: (t) => err.push(t), cwd });
	return { code, found: JSON.parse(out.join('\n')), stderr: err.join('\n') };
}

test('check accepts helpers and partials registered in code or declared in settings, and says how to declare the rest', async () => {
	const { code, found } = await checkIn(join(PROJECT, 'prompts'), 'greet.prompt');
	assert.equal(code, 1);
	assert.deepEqual(found.map((d) => `${d.line} ${d.code} ${d.severity}`), ['9 unknown-helper error']);
	assert.match(found[0].message, /^`whisper` is not a Dotprompt helper/);
	assert.match(found[0].message, /add `whisper` to the `promptLens\.helpers` setting/);
	assert.match(found[0].message, /Registered by your app: dateFormat, shout\./);
});

test('another settings file drops the declared helper; the code under its folder still counts', async () => {
	const { found } = await checkIn(join(PROJECT, 'prompts'), '--config', '../../empty-config.json', 'greet.prompt');
	// The config's folder (test/fixtures/cli) holds this project too, so the code is still found there: only dateFormat is lost.
	assert.deepEqual(found.map((d) => `${d.code} ${d.message.slice(0, d.message.indexOf('`', 1) + 1)}`), ['unknown-helper `dateFormat`', 'unknown-helper `whisper`']);
});
