// `check --format sarif`: valid against the official SARIF 2.1.0 schema, clean under the SARIF multitool's GitHub ingestion rules, and true to the diagnostics.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import Ajv2020 from 'ajv/dist/2020';
import { ALL_RULES } from '../../server/src/core';
import { DIAGNOSTIC_CODES } from '../../server/src/core/diagnosticCodes';
import type { CheckReport } from '../../server/src/cli/check';
import { runCli } from '../../server/src/cli/runCli';
import { formatSarif } from '../../server/src/cli/sarif';
import { FIXTURES, REPO_ROOT } from '../support/paths';

const CLI = join(FIXTURES, 'cli');

/**
 * The devDependency `@microsoft/sarif-multitool` (Microsoft's SARIF SDK) installs, for this platform, the Multitool
 * and the SARIF 2.1.0 schema beside it (`sarif-2.1.0.json`, the one schemastore serves).
 */
function multitool(): { binary: string; schema: string } {
	let binary: string;
	try {
		// eslint-disable-next-line @typescript-eslint/no-require-imports -- a JSON schema file read as data
		binary = require('@microsoft/sarif-multitool') as string;
	} catch (error) {
		throw new Error(`the devDependency @microsoft/sarif-multitool is missing (npm install): ${String(error)}`);
	}
	// npm 11 skips install scripts by default, and the package's postinstall is what marks the binary executable.
	if ((statSync(binary).mode & 0o100) === 0) chmodSync(binary, 0o755);
	return { binary, schema: join(dirname(binary), 'sarif-2.1.0.json') };
}

async function sarifOf(cwd: string, ...paths: string[]) {
	const out: string[] = [];
	const err: string[] = [];
	const code = await runCli(['check', '--format', 'sarif', ...paths], { stdout: (t) => out.push(t), stderr: (t) => err.push(t), cwd });
	assert.equal(out.length, 1, 'one SARIF log on stdout');
	return { code, log: JSON.parse(out[0]), stderr: err.join('\n') };
}

function validator() {
	// The schema's formats, checked as strictly as GitHub parses them (ajv-formats is not needed for four formats).
	const ajv = new Ajv2020({
		allErrors: true,
		strict: false,
		formats: {
			uri: (s: string) => URL.canParse(s),
			'uri-reference': (s: string) => !/[\s\\]/.test(s) && URL.canParse(s, 'file:///base/'),
			'date-time': (s: string) => !Number.isNaN(Date.parse(s)),
			uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
		},
	});
	return ajv.compile(JSON.parse(readFileSync(multitool().schema, 'utf8')));
}

function unreadableReport(): CheckReport {
	return {
		diagnostics: [{ file: 'dir with space/é.prompt', line: 1, column: 1, endLine: 1, endColumn: 1, severity: 'hint', code: 'no-such-code', message: 'm' }],
		unreadable: [{ file: 'gone.prompt', reason: 'EACCES: permission denied' }],
	};
}

test('the log is valid against the official SARIF 2.1.0 JSON schema', async () => {
	const validate = validator();
	const { log } = await sarifOf(CLI, 'sarif/problems.prompt', 'rc-project');
	// The check itself can fail: a log with a property SARIF does not define is rejected.
	assert.equal(validate({ ...log, runs: [{ ...log.runs[0], columns: 'utf16' }] }), false);
	assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
	const synthetic = JSON.parse(formatSarif(unreadableReport(), { cwd: CLI, informationUri: 'https://example.com/x', configWarnings: ['w'] }));
	assert.ok(validate(synthetic), JSON.stringify(validate.errors, null, 2));
});

test('the log passes the SARIF multitool\'s own validation, with GitHub code scanning\'s ingestion rules', async () => {
	const { binary } = multitool();
	const dir = mkdtempSync(join(tmpdir(), 'prompt-lens-sarif-'));
	const { log } = await sarifOf(CLI, 'sarif/problems.prompt');
	writeFileSync(join(dir, 'check.sarif'), JSON.stringify(log));
	writeFileSync(join(dir, 'unreadable.sarif'), formatSarif(unreadableReport(), { cwd: CLI, informationUri: 'https://example.com/x' }));
	const output = join(dir, 'validation.sarif');
	// One run for both logs: the Multitool takes a few seconds to start.
	const run = spawnSync(binary, ['validate', join(dir, 'check.sarif'), join(dir, 'unreadable.sarif'), '--rule-kind', 'Sarif;Gh', '--output', output, '--log', 'ForceOverwrite'], { encoding: 'utf8', timeout: 120_000 });
	assert.equal(run.status, 0, run.stdout + run.stderr);
	// Errors and warnings only (a result without a level is a warning); the notes are advice GitHub does not need
	// (snippets, numeric rule ids).
	const problems = JSON.parse(readFileSync(output, 'utf8')).runs[0].results.filter((r: { level?: string }) => r.level === 'error' || r.level === 'warning' || r.level === undefined);
	assert.deepEqual(problems.map((r: { ruleId: string; message: { arguments?: string[] } }) => `${r.ruleId} ${r.message.arguments?.join(' ')}`), []);
	assert.match(run.stdout, /Done\. 2 files scanned\./, 'both logs were validated');
});

test('results carry the rule id and index, level, message, region and quick fix of each diagnostic', async () => {
	const { code, log } = await sarifOf(CLI, 'sarif/problems.prompt');
	assert.equal(code, 1);
	assert.equal(log.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
	assert.equal(log.version, '2.1.0');
	const [run] = log.runs;
	assert.equal(run.tool.driver.name, 'Prompt Lens');
	assert.equal(run.tool.driver.version, JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).version);
	assert.equal(run.tool.driver.informationUri, 'https://github.com/prompt-lens/prompt-lens');
	assert.equal(run.columnKind, 'utf16CodeUnits');
	assert.deepEqual(run.originalUriBaseIds, { '%SRCROOT%': { uri: `${pathToFileURL(CLI).href}/` } });
	assert.deepEqual(run.invocations, [{ executionSuccessful: true }]);
	const location = { uri: 'sarif/problems.prompt', uriBaseId: '%SRCROOT%' };
	const role = run.results.find((r: { ruleId: string }) => r.ruleId === 'invalid-role');
	assert.equal(run.tool.driver.rules[role.ruleIndex].id, 'invalid-role');
	assert.equal(role.level, 'error');
	assert.match(role.message.text, /`assistant` is not a Dotprompt role/);
	const region = { startLine: 4, startColumn: 9, endLine: 4, endColumn: 18 };
	assert.deepEqual(role.locations, [{ physicalLocation: { artifactLocation: location, region } }]);
	assert.deepEqual(role.fixes, [{
		description: { text: 'Change to "model"' },
		artifactChanges: [{ artifactLocation: location, replacements: [{ deletedRegion: region, insertedContent: { text: 'model' } }] }],
	}]);
	const model = run.results.find((r: { ruleId: string }) => r.ruleId === 'unknown-model');
	assert.equal(run.tool.driver.rules[model.ruleIndex].id, 'unknown-model');
	assert.equal(model.level, 'warning');
	assert.deepEqual(model.locations[0].physicalLocation.region, { startLine: 2, startColumn: 8, endLine: 2, endColumn: 26 });
	assert.equal(model.fixes, undefined);
});

test('rules list every lint rule and every other code, with default levels (info and hint are notes)', async () => {
	const { log } = await sarifOf(CLI, 'sarif/problems.prompt');
	const rules = log.runs[0].tool.driver.rules as { id: string; shortDescription: { text: string }; defaultConfiguration: { level: string } }[];
	assert.deepEqual(rules.map((r) => r.id), [...ALL_RULES.map((r) => r.id), ...DIAGNOSTIC_CODES.map((c) => c.id)]);
	const level = (id: string) => rules.find((r) => r.id === id)?.defaultConfiguration.level;
	assert.equal(level('block-role'), 'error');
	assert.equal(level('unknown-model'), 'warning');
	assert.equal(level('foreign-dialect'), 'note');
	for (const rule of rules) assert.ok(rule.shortDescription.text.endsWith('.'), rule.id);
});

test('every code the core can report, and every code ARCHITECTURE.md lists, has a rule', () => {
	const described = new Set([...ALL_RULES.map((r) => r.id), ...DIAGNOSTIC_CODES.map((c) => c.id)]);
	const inCore = sourceFiles(join(REPO_ROOT, 'server', 'src', 'core')).flatMap((file) =>
		[...readFileSync(file, 'utf8').matchAll(/\bcode: '([a-z-]+)'|\bskipped\('([a-z-]+)'/g)].map((m) => m[1] ?? m[2]));
	const inDocs = [...readFileSync(join(REPO_ROOT, 'ARCHITECTURE.md'), 'utf8').matchAll(/^\| `([a-z-]+)`(?:, `([a-z-]+)`)? \|/gm)].flatMap((m) => [m[1], m[2]]).filter(Boolean);
	assert.ok(inCore.length > 10 && inDocs.length > 10, 'the scans find codes');
	assert.deepEqual([...new Set([...inCore, ...inDocs])].filter((c) => !described.has(c)), []);
});

test('an unreadable file is a tool execution notification and makes the run unsuccessful; odd names are URI-encoded', () => {
	const log = JSON.parse(formatSarif(unreadableReport(), { cwd: CLI, configWarnings: ['.promptlensrc.json: unknown setting "x" is ignored'] }));
	const [invocation] = log.runs[0].invocations;
	assert.equal(invocation.executionSuccessful, false);
	assert.deepEqual(invocation.toolExecutionNotifications, [{
		level: 'error',
		message: { text: 'Cannot read gone.prompt: EACCES: permission denied' },
		locations: [{ physicalLocation: { artifactLocation: { uri: 'gone.prompt', uriBaseId: '%SRCROOT%' } } }],
	}]);
	assert.deepEqual(invocation.toolConfigurationNotifications, [{ level: 'warning', message: { text: '.promptlensrc.json: unknown setting "x" is ignored' } }]);
	const [result] = log.runs[0].results;
	assert.equal(result.level, 'note');
	assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, 'dir%20with%20space/%C3%A9.prompt');
	assert.equal(log.runs[0].tool.driver.rules[result.ruleIndex].id, 'no-such-code', 'a code missing from the tables still gets a rule');
});

test('a file outside the current folder gets an absolute file URI', async () => {
	const { log } = await sarifOf(join(CLI, 'rc-project'), '../sarif/problems.prompt');
	assert.deepEqual(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation, { uri: pathToFileURL(join(CLI, 'sarif', 'problems.prompt')).href });
});

function sourceFiles(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		return statSync(path).isDirectory() ? sourceFiles(path) : name.endsWith('.ts') ? [path] : [];
	});
}
