// The GitHub Action's steps run for real with bash, as a runner would, on fixture copies and against the mock
// provider: annotations, outputs, the summary, exit codes, keys never printed (structure: githubActionFiles.test.ts).
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startMockOpenAI, type MockOpenAI } from '../support/mockOpenAI';
import { FIXTURES, REPO_ROOT } from '../support/paths';
import {
	CLI,
	exec,
	KEY,
	readOutputs,
	runAction,
	VERSION,
	workflow,
	type ActionRun,
	type Inputs,
} from '../support/actionRunner';

// ---- Fixtures: copies in a temp folder, the clean one pointed at the mock provider.

let mock: MockOpenAI;
before(async () => {
	mock = await startMockOpenAI();
});
after(() => mock.close());

function fixture(name: 'clean' | 'broken', provider: Record<string, string> = {}): string {
	const dir = mkdtempSync(join(tmpdir(), `prompt-lens-action-${name}-`));
	cpSync(join(FIXTURES, 'action', name), dir, { recursive: true });
	const rcFile = join(dir, '.promptlensrc.json');
	if (existsSync(rcFile)) {
		const rc = JSON.parse(readFileSync(rcFile, 'utf8')) as { providers: Record<string, string>[] };
		rc.providers = [{ ...rc.providers[0], baseURL: mock.baseURL, ...provider }];
		writeFileSync(rcFile, JSON.stringify(rc));
	}
	return dir;
}

const chats = () => mock.requests.filter((r) => r.path.endsWith('/chat/completions'));
const annotations = (run: ActionRun) => run.steps.check.stdout.split('\n').filter((l) => l.startsWith('::'));

test('a clean folder passes: no annotations, zero counts, "No problems", SARIF wired to the upload', async () => {
	const run = await runAction(fixture('clean'), { paths: 'prompts', cli: CLI });
	assert.equal(run.failed, false, run.log);
	assert.deepEqual(annotations(run), []);
	assert.equal(run.outputs.errors, '0');
	assert.equal(run.outputs.warnings, '0');
	const sarif = JSON.parse(readFileSync(run.outputs['sarif-file'], 'utf8')) as { version: string; runs: unknown[] };
	assert.equal(sarif.version, '2.1.0');
	const upload = run.steps['github/codeql-action/upload-sarif@v4'];
	assert.ok(upload.ran);
	assert.deepEqual(upload.with, { sarif_file: run.outputs['sarif-file'], category: 'prompt-lens' });
	assert.match(run.summary, /^### Prompt Lens: check\n\nNo problems found\.$/m);
	assert.equal(run.steps.test.ran, false, 'test is off by default');
	assert.equal(run.steps.migrate.ran, false, 'migrate is off by default');
});

test('errors fail the check with an annotation per problem; SARIF is still uploaded; tests are skipped', async () => {
	const run = await runAction(fixture('broken'), { paths: 'prompts', cli: CLI, test: 'true' });
	assert.equal(run.steps.check.code, 1, run.log);
	assert.equal(run.failed, true);
	const lines = annotations(run);
	assert.equal(lines.length, 4);
	assert.ok(lines.includes('::error file=prompts/bad.prompt,line=4,endLine=4,col=9,endColumn=18,' +
		'title=Prompt Lens%3A invalid-role::`assistant` is not a Dotprompt role: use system, user, model or tool. ' +
		'Did you mean `model`?'), lines.join('\n'));
	// The file name has a space, a comma and a percent sign: decoded from SARIF's URI, escaped as a property.
	assert.ok(lines.some((l) => l.startsWith('::error file=prompts/odd name%2C 50%25.prompt,line=4,endLine=4,col=1,' +
		'endColumn=14,title=Prompt Lens%3A template-syntax::`{{#if ready}}` is never closed')), lines.join('\n'));
	assert.ok(lines.some((l) => l.startsWith('::warning file=prompts/warned/unknown-model.prompt,line=2,')));
	assert.deepEqual([run.outputs.errors, run.outputs.warnings], ['2', '2']);
	const upload = run.steps['github/codeql-action/upload-sarif@v4'];
	assert.ok(upload.ran, 'the upload runs although the check failed');
	assert.equal(upload.with?.sarif_file, run.outputs['sarif-file']);
	const sarif = JSON.parse(readFileSync(run.outputs['sarif-file'], 'utf8')) as { runs: { results: unknown[] }[] };
	assert.equal(sarif.runs[0].results.length, 4);
	assert.equal(run.steps.test.ran, false, 'no money spent on prompts with errors');
	assert.match(run.summary, /^\*\*2 errors, 2 warnings\*\*$/m);
	assert.match(run.summary, /^\| prompts\/bad\.prompt:4:9 \| error \| invalid-role \| `assistant` is not a /m);
});

test('warnings pass unless max-warnings says otherwise; paths split on blanks; upload-sarif: false', async () => {
	const dir = fixture('broken');
	const paths = 'prompts/warned\n prompts/bad.prompt';
	// Independent runs (reports go to each run's own RUNNER_TEMP): at once, to keep the suite quick.
	const [lenient, warned, strict] = await Promise.all([
		runAction(dir, { paths, cli: CLI, 'upload-sarif': 'false' }),
		runAction(dir, { paths: 'prompts/warned', cli: CLI }),
		runAction(dir, { paths: 'prompts/warned', cli: CLI, 'max-warnings': '0' }),
	]);
	assert.equal(lenient.steps.check.code, 1, 'bad.prompt has an error');
	assert.equal(lenient.outputs.warnings, '2', 'both paths were checked');
	assert.equal(lenient.steps['github/codeql-action/upload-sarif@v4'].ran, false);
	assert.equal(warned.failed, false, warned.log);
	assert.equal(annotations(warned).length, 1);
	assert.equal(strict.steps.check.code, 1);
});

test('a usage error stops the check with exit 2, and no SARIF is uploaded', async () => {
	const run = await runAction(fixture('broken'), { paths: 'nowhere', cli: CLI, config: 'missing.json' });
	assert.equal(run.steps.check.code, 2, run.log);
	assert.equal(run.outputs['sarif-file'], '');
	assert.equal(run.steps['github/codeql-action/upload-sarif@v4'].ran, false);
});

test('test: true writes JUnit; a repository\'s provider gets a key only when allowed; keys never printed', async () => {
	const allowed = await runAction(
		fixture('clean', { apiKeyEnv: 'MOCK_KEY' }),
		{ paths: 'prompts', cli: CLI, test: 'true', 'allow-key-env': 'MOCK_KEY' },
		{ MOCK_KEY: KEY },
	);
	assert.equal(allowed.failed, false, allowed.log);
	assert.equal(chats().at(-1)?.headers.authorization, `Bearer ${KEY}`);
	const junit = readFileSync(allowed.outputs['results-file'], 'utf8');
	assert.match(junit, /<testsuites name="prompt-lens" tests="1" failures="0">/);
	assert.match(allowed.summary, /^### Prompt Lens: tests\n\n\*\*1 passed, 0 failed\*\*$/m);
	const refused = await runAction(
		fixture('clean', { apiKeyEnv: 'MOCK_KEY' }),
		{ paths: 'prompts', cli: CLI, test: 'true' },
		{ MOCK_KEY: KEY },
	);
	assert.equal(refused.failed, false, refused.log);
	assert.notEqual(chats().at(-1)?.headers.authorization, `Bearer ${KEY}`, 'not allowed: not sent');
	for (const run of [allowed, refused]) {
		assert.ok(!run.log.includes(KEY) && !run.summary.includes(KEY), 'never printed');
	}
});

test('a failing case fails the test step (exit 1) and is listed; over max-cost: exit 3, nothing sent', async () => {
	const dir = fixture('clean');
	const tests = join(dir, 'prompts', 'about.test.yaml');
	const text = readFileSync(tests, 'utf8');
	writeFileSync(tests, text.replace('name: cats', 'name: "cats & <dogs>"').replace('icontains', 'equals'));
	const failing = await runAction(dir, { paths: 'prompts', cli: CLI, test: 'true' });
	assert.equal(failing.steps.test.code, 1, failing.log);
	assert.match(readFileSync(failing.outputs['results-file'], 'utf8'), /failures="1"/);
	assert.match(failing.summary, /^\*\*0 passed, 1 failed\*\*\n\n- ✗ prompts\/about\.test\.yaml › mock/m);
	assert.match(failing.summary, / › cats &amp; &lt;dogs>: equals: the output differs/);
	const sent = chats().length;
	const inputs = { paths: 'prompts', cli: CLI, test: 'true', 'max-cost': '0.0000001' };
	const broke = await runAction(fixture('clean'), inputs);
	assert.equal(broke.steps.test.code, 3, broke.log);
	assert.equal(chats().length, sent);
	assert.equal(broke.outputs['results-file'], '');
	assert.match(broke.summary, /Over budget \(`max-cost`\)/);
});

test('migrate-to appends its Markdown to the summary after the check\'s, even when the check failed', async () => {
	const run = await runAction(fixture('broken'), { paths: 'prompts', cli: CLI, 'migrate-to': 'openai/gpt-4o-mini' });
	assert.equal(run.steps.check.code, 1);
	assert.equal(run.steps.migrate.code, 0, run.log);
	const report = readFileSync(run.outputs['migrate-report'], 'utf8');
	assert.match(report, /^## Moving to `openai\/gpt-4o-mini`/);
	assert.ok(run.summary.indexOf('### Prompt Lens: check') < run.summary.indexOf(report.trim()), run.summary);
});

test('without cli, npx runs the prompt-lens package at the action\'s own version, or the version given', async () => {
	// A stand-in npx on PATH records its arguments and runs the built CLI, as npx would run the package's bin.
	const bin = mkdtempSync(join(tmpdir(), 'prompt-lens-npx-'));
	const npx = `#!/bin/bash\necho "$*" >> "${bin}/calls"\nexec node "${CLI}" "\${@:3}"\n`;
	writeFileSync(join(bin, 'npx'), npx, { mode: 0o755 });
	const env = { PATH: `${bin}:${process.env.PATH}` };
	const own = await runAction(fixture('clean'), { paths: 'prompts', 'migrate-to': 'mock/mock-small' }, env);
	assert.equal(own.failed, false, own.log);
	const pinned = await runAction(fixture('clean'), { paths: 'prompts', version: 'next' }, env);
	assert.equal(pinned.failed, false, pinned.log);
	assert.deepEqual(readFileSync(join(bin, 'calls'), 'utf8').trim().split('\n'), [
		`--yes prompt-lens@${VERSION} check prompts --format sarif`,
		`--yes prompt-lens@${VERSION} migrate prompts --to mock/mock-small --format md --output ${
			own.outputs['migrate-report']}`,
		'--yes prompt-lens@next check prompts --format sarif',
	]);
});

test('a version npx could read as a path, a URL or another package, or a cli that is no file: exit 2', async () => {
	const cases: Inputs[] = [{ version: '../evil' }, { version: 'git+https://example.com/x' }, { cli: 'nope.js' }];
	for (const inputs of cases) {
		const run = await runAction(fixture('clean'), { paths: 'prompts', 'migrate-to': 'mock/mock-small', ...inputs });
		assert.equal(run.steps.setup.code, 2, JSON.stringify(inputs));
		assert.match(run.steps.setup.stdout, /^::error title=Prompt Lens::the input (version|cli) /m);
		assert.deepEqual([run.steps.check.ran, run.steps.migrate.ran], [false, false]);
	}
});

test('the repository\'s own workflow passes: the action on examples/ with a workspace-relative cli', async () => {
	const self = Object.values(workflow('prompt-lens.yml').jobs)[0].steps.find((s) => s.uses === './')!;
	const run = await runAction(REPO_ROOT, { paths: self.with!.paths, cli: self.with!.cli, 'upload-sarif': 'false' });
	assert.equal(run.failed, false, run.log);
	assert.equal(run.outputs.errors, '0');
});

test('annotations escape %, CR, LF, commas and colons; a range over several lines has no columns', async () => {
	const dir = mkdtempSync(join(tmpdir(), 'prompt-lens-report-'));
	const result = {
		ruleId: 'my-rule',
		level: 'note',
		message: { text: '100% sure\r\nline: two | <b>' },
		locations: [{ physicalLocation: {
			artifactLocation: { uri: 'sub/a%2Cb.prompt', uriBaseId: '%SRCROOT%' },
			region: { startLine: 2, startColumn: 3, endLine: 4, endColumn: 5 },
		} }],
	};
	const base = { '%SRCROOT%': { uri: `file://${dir}/` } };
	const log = { version: '2.1.0', runs: [{ originalUriBaseIds: base, results: [result] }] };
	writeFileSync(join(dir, 'log.sarif'), JSON.stringify(log));
	const env = {
		PATH: process.env.PATH,
		GITHUB_WORKSPACE: dir,
		GITHUB_OUTPUT: join(dir, 'out'),
		GITHUB_STEP_SUMMARY: join(dir, 'sum'),
	};
	const report = join(REPO_ROOT, 'scripts', 'action', 'report.mjs');
	const run = await exec('node', [report, 'check', 'log.sarif'], env, dir);
	assert.equal(run.code, 0, run.stderr);
	assert.equal(run.stdout, '::notice file=sub/a%2Cb.prompt,line=2,endLine=4,title=Prompt Lens%3A my-rule::' +
		'100%25 sure%0D%0Aline: two | <b>\n');
	const row = /^\| sub\/a,b\.prompt:2:3 \| notice \| my-rule \| 100% sure<br>line: two \\\| &lt;b> \|$/m;
	assert.match(readFileSync(join(dir, 'sum'), 'utf8'), row);
	const outputs = { 'sarif-file': join(dir, 'log.sarif'), errors: '0', warnings: '0', notices: '1' };
	assert.deepEqual(readOutputs(join(dir, 'out')), outputs);
});
