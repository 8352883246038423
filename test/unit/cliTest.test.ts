// `prompt-lens test` against the local mock provider: cases and datasets, assertions, repeats and the cache rule, the
// estimate and the budget, reporters, test-file problems with their location, and exit codes.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runCli } from '../../server/src/cli/runCli';
import { startMockOpenAI, type MockOpenAI } from '../support/mockOpenAI';

const PROMPT = '---\nmodel: mock/mock-small\ninput:\n  schema:\n    topic: string\n---\nTell me about {{topic}}.\n';
const TESTS = `repeat: 2
defaults: { assert: [{ type: max-cost, value: 1 }] }
cases:
  - name: cats
    vars: { topic: cats }
    assert:
      - { type: icontains, value: "CATS" }
      - { type: not-contains, value: dogs }
      - { type: regex, value: "^Echo" }
  - name: wrong answer
    vars: { topic: birds }
    assert:
      - { type: equals, value: "nope" }
  - dataset: rows.jsonl
`;

let mock: MockOpenAI;
before(async () => {
	mock = await startMockOpenAI();
});
after(() => mock.close());

function project(tests = TESTS, extra: Record<string, string> = {}): string {
	const dir = mkdtempSync(join(tmpdir(), 'prompt-lens-test-'));
	const rc = {
		providers: [{ id: 'mock', baseURL: mock.baseURL }],
		models: [{ id: 'mock-small', provider: 'mock', inputPerMTok: 1, outputPerMTok: 2, contextWindow: 8192 }],
	};
	writeFileSync(join(dir, '.promptlensrc.json'), JSON.stringify(rc));
	writeFileSync(join(dir, 'about.prompt'), PROMPT);
	writeFileSync(join(dir, 'about.test.yaml'), tests);
	writeFileSync(join(dir, 'rows.jsonl'), '{"topic": "fish", "__expected": "Echo: Tell me about fish."}\n');
	for (const [name, text] of Object.entries(extra)) writeFileSync(join(dir, name), text);
	return dir;
}

async function cli(dir: string, args: string[]) {
	const out: string[] = [];
	const err: string[] = [];
	const code = await runCli(['test', ...args], {
		stdout: (t) => out.push(t),
		stderr: (t) => err.push(t),
		cwd: dir,
		env: { XDG_CONFIG_HOME: dir },
	});
	return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

function chats(): number {
	return mock.requests.filter((r) => r.path.endsWith('/chat/completions')).length;
}

test('runs each case repeat times, reports failures with expected and actual, exits 1 when one fails', async () => {
	const dir = project();
	const before = chats();
	const { code, stdout, stderr } = await cli(dir, []);
	assert.equal(code, 1, stderr);
	assert.equal(chats() - before, 6, '3 cases × 2 repeats');
	assert.match(
		stderr,
		/^prompt-lens: 6 requests \(3 cases × 1 model × 2 repeats\); estimated \$0\.\d+ \(our token counts × catalog prices/m,
	);
	assert.match(stderr, /^PASS about\.test\.yaml › cats › mock\/mock-small \(2\/2 runs passed\)/m);
	assert.match(stderr, /^PASS about\.test\.yaml › rows\.jsonl:1 › mock\/mock-small/m);
	assert.match(
		stdout,
		/FAIL about\.test\.yaml › wrong answer › mock\/mock-small \(0\/2 runs passed\)[\s\S]*✗ equals: the output differs from the expected text\n {6}expected: nope\n {6}actual: {3}"Echo: Tell me about birds\."/,
	);
	assert.match(stdout, /^2 passed, 1 failed · spent \$0\.\d+$/m);
	const saved = readdirSync(join(dir, '.prompt-lens', 'test-results'));
	assert.equal(saved.length, 1);
	const results = JSON.parse(readFileSync(join(dir, '.prompt-lens', 'test-results', saved[0]), 'utf8'));
	assert.deepEqual(
		results.results.map((r: { case: string; pass: boolean }) => [r.case, r.pass]),
		[
			['cats', true],
			['wrong answer', false],
			['rows.jsonl:1', true],
		],
	);
});

test('with the history on, the first run of a seen request comes from the cache; repeats always reach the model', async () => {
	const dir = project();
	await cli(dir, []);
	const before = chats();
	await cli(dir, []);
	assert.equal(chats() - before, 3, 'one repeat per case reached the model');
	const noCache = chats();
	await cli(dir, ['--no-cache']);
	assert.equal(chats() - noCache, 6);
});

test('--only-failed runs again only what failed last time', async () => {
	const dir = project();
	await cli(dir, ['--no-cache']);
	const before = chats();
	const { code, stderr } = await cli(dir, ['--only-failed', '--no-cache']);
	assert.equal(code, 1);
	assert.equal(chats() - before, 2, 'one failed case × 2 repeats');
	assert.match(stderr, /wrong answer/);
	assert.doesNotMatch(stderr, /› cats ›/);
});

test('over --max-cost: refuses before any request (exit 3)', async () => {
	const dir = project();
	const before = chats();
	const { code, stderr } = await cli(dir, ['--max-cost', '0.0000001']);
	assert.equal(code, 3);
	assert.equal(chats(), before);
	assert.match(stderr, /above --max-cost \$0\.\d+; nothing was sent\./);
});

test('JUnit: one testsuite per prompt × model, one testcase per case, the failure with its reason and the cost as a property', async () => {
	const dir = project();
	const { code } = await cli(dir, ['--reporter', 'junit', '--output', 'junit.xml', '--repeat', '1']);
	assert.equal(code, 1);
	const xml = readFileSync(join(dir, 'junit.xml'), 'utf8');
	assert.match(
		xml,
		/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="prompt-lens" tests="3" failures="1">/,
	);
	assert.equal((xml.match(/<testsuite /g) ?? []).length, 1);
	assert.equal((xml.match(/<testcase /g) ?? []).length, 3);
	assert.match(xml, /<failure message="equals: the output differs from the expected text" type="assertion">/);
	assert.match(xml, /<property name="cost" value="[\d.e-]+"\/>/);
});

test('test-file problems are listed with file:line:col and nothing runs (exit 2)', async () => {
	const dir = project(
		'cases:\n  - name: a\n    vars: { topic: x }\n    assert:\n      - { type: containz, value: y }\n  - name: b\n    vars: { subject: x }\n',
	);
	const before = chats();
	const { code, stderr } = await cli(dir, []);
	assert.equal(code, 2);
	assert.equal(chats(), before);
	assert.match(stderr, /^about\.test\.yaml:5:17 Unknown assertion type `containz`/m);
	assert.match(stderr, /^about\.test\.yaml:6:5 b: missing required input topic/m);
});

test('a broken dataset row is an error with its line', async () => {
	const dir = project('cases:\n  - dataset: rows.csv\n', {
		'rows.csv': 'topic,__expected\ncats,"Echo: Tell me about cats."\n"unclosed\n',
	});
	const { code, stderr } = await cli(dir, []);
	assert.equal(code, 2);
	assert.match(stderr, /rows\.csv:3: a quoted field is never closed/);
});

test('on a terminal: one progress line counts cases, passes and spend; failures are printed above it', async () => {
	const dir = project();
	const lines: string[] = [];
	const err: string[] = [];
	const code = await runCli(['test', '--repeat', '1', '--no-cache'], {
		stdout: () => undefined,
		stderr: (t) => err.push(t),
		progress: (l) => lines.push(l),
		cwd: dir,
		env: { XDG_CONFIG_HOME: dir },
	});
	assert.equal(code, 1);
	const counts = lines.filter((l) => l !== '');
	assert.equal(counts.length, 3);
	assert.match(counts.at(-1)!, /^3\/3 cases · 2 passed · \$0\.\d+ spent$/);
	assert.equal(lines.at(-1), '', 'cleared at the end');
	assert.ok(err.some((l) => /^FAIL about\.test\.yaml › wrong answer/.test(l)));
	assert.ok(!err.some((l) => /^PASS/.test(l)), 'passes are counted, not listed');
});

test('test files elsewhere: found through the tests globs, their prompt named by `prompt:`', async () => {
	const dir = project(
		'cases:\n  - name: moved\n    vars: { topic: owls }\n    assert: [{ type: contains, value: owls }]\n',
	);
	mkdirSync(join(dir, 'checks'));
	writeFileSync(
		join(dir, 'checks', 'about-cases.yaml'),
		'prompt: ../about.prompt\ncases:\n  - name: elsewhere\n    vars: { topic: moths }\n    assert: [{ type: contains, value: moths }]\n',
	);
	const rc = JSON.parse(readFileSync(join(dir, '.promptlensrc.json'), 'utf8'));
	writeFileSync(join(dir, '.promptlensrc.json'), JSON.stringify({ ...rc, tests: ['checks/*.yaml'] }));
	const { code, stderr } = await cli(dir, ['--no-cache']);
	assert.equal(code, 0, stderr);
	assert.match(stderr, /PASS checks\/about-cases\.yaml › elsewhere › mock\/mock-small/);
	assert.match(stderr, /PASS about\.test\.yaml › moved/);
});

test('--baseline: fixed, newly failing, still failing and unchanged; exit 1 only for cases that newly fail', async () => {
	const dir = project();
	await cli(dir, ['--repeat', '1', '--no-cache']);
	// Now "wrong answer" expects what the mock says, and "cats" expects what it does not.
	writeFileSync(
		join(dir, 'about.test.yaml'),
		TESTS.replace('value: "nope"', 'value: "Echo: Tell me about birds."').replace('value: "CATS"', 'value: "DOGS"'),
	);
	const regressed = await cli(dir, ['--repeat', '1', '--no-cache', '--baseline', 'last']);
	assert.equal(regressed.code, 1);
	assert.match(regressed.stderr, /^FIXED about\.test\.yaml › wrong answer › mock\/mock-small$/m);
	assert.match(regressed.stderr, /^NEWLY FAILING about\.test\.yaml › cats › mock\/mock-small$/m);
	assert.match(regressed.stderr, /against .*: 1 fixed, 1 newly failing, 0 still failing, 1 unchanged, 0 new$/m);
	const again = await cli(dir, ['--repeat', '1', '--no-cache', '--baseline', 'last']);
	assert.equal(again.code, 0, 'cats still fails, but it is not new');
	assert.match(again.stderr, /0 fixed, 0 newly failing, 1 still failing, 2 unchanged/);
	assert.equal((await cli(dir, ['--baseline', 'nope.json'])).code, 2);
});
