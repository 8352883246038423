// `prompt-lens migrate --run` against the local mock provider: each prompt's tests (or samples) on both models, pass
// rate, latency, real cost, word diffs, the estimate before anything is sent, the budget, reports that escape output.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runCli } from '../../server/src/cli/runCli';
import { startMockOpenAI, type MockOpenAI } from '../support/mockOpenAI';

const ABOUT = '---\nmodel: mock/mock-small\ninput:\n  schema:\n    topic: string\n---\nTell me about {{topic}}.\n';
const ABOUT_TESTS = `cases:
  - name: cats
    vars: { topic: cats }
    assert: [{ type: icontains, value: cats }]
  - name: owls
    vars: { topic: owls }
    assert: [{ type: icontains, value: owls }]
`;
const PLAIN =
	'---\nmodel: mock/mock-small\ninput:\n  default: { who: world }\npromptLens.samples:\n  a: { who: Ada }\n' +
	'  b: { who: Bob }\n---\nSay hello to {{who}}.\n';

let mock: MockOpenAI;
before(async () => {
	// The small model misses owls and answers with markup; the large one always gets it right.
	mock = await startMockOpenAI({
		reply: (model, asked) =>
			/at length/.test(asked)
				? 'word '.repeat(300)
				: model === 'mock-small'
					? /owls/.test(asked)
						? 'I only know <script>alert(1)</script> cats'
						: `Small: ${asked}`
					: `Large model: ${asked}`,
	});
});
after(() => mock.close());

function project(extra: Record<string, unknown> = {}): string {
	const dir = mkdtempSync(join(tmpdir(), 'prompt-lens-migrate-run-'));
	const rc = {
		...extra,
		providers: [{ id: 'mock', baseURL: mock.baseURL }],
		models: [
			{ id: 'mock-small', provider: 'mock', inputPerMTok: 1, outputPerMTok: 2, contextWindow: 8192 },
			{ id: 'mock-large', provider: 'mock', inputPerMTok: 10, outputPerMTok: 20, contextWindow: 8192 },
		],
	};
	writeFileSync(join(dir, '.promptlensrc.json'), JSON.stringify(rc));
	writeFileSync(join(dir, 'about.prompt'), ABOUT);
	writeFileSync(join(dir, 'about.test.yaml'), ABOUT_TESTS);
	writeFileSync(join(dir, 'plain.prompt'), PLAIN);
	return dir;
}

async function migrate(dir: string, args: string[]) {
	const out: string[] = [];
	const err: string[] = [];
	const code = await runCli(['migrate', '--to', 'mock/mock-large', ...args], {
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

test('--run: tests on both models give pass rates, latency and real cost; samples are cases without checks', async () => {
	const sent = chats();
	const { code, stdout, stderr } = await migrate(project(), ['--run', '--format', 'json', '--no-cache']);
	assert.equal(code, 0, stderr);
	assert.match(stderr, /8 requests \(4 cases × 2 models × 1 repeat\); estimated \$/);
	assert.equal(chats() - sent, 8);
	const report = JSON.parse(stdout);
	const [about, plain] = report.prompts;
	assert.equal(about.measured.source, 'tests');
	assert.equal(about.measured.cases, 2);
	assert.equal(about.measured.from.model, 'mock/mock-small');
	assert.equal(about.measured.from.passRate, 0.5);
	assert.equal(about.measured.to.passRate, 1);
	assert.ok(about.measured.to.latencyP50 >= 0 && about.measured.to.latencyP95 >= about.measured.to.latencyP50);
	assert.ok(about.measured.to.costPerCall > about.measured.from.costPerCall, 'the large model costs more per call');
	assert.deepEqual(
		about.measured.answers.map((a: { case: string }) => a.case),
		['cats', 'owls'],
	);
	assert.equal(plain.measured.source, 'samples');
	assert.deepEqual(
		plain.measured.answers.map((a: { case: string; to: string }) => [a.case, a.to]),
		[
			['sample a', 'Large model: Say hello to Ada.'],
			['sample b', 'Large model: Say hello to Bob.'],
		],
	);
	assert.equal(plain.measured.from.passRate, undefined, 'samples have no checks');
	const spent = report.prompts.reduce(
		(sum: number, p: { measured: { from: { cost: number }; to: { cost: number } } }) =>
			sum + p.measured.from.cost + p.measured.to.cost,
		0,
	);
	assert.ok(Math.abs(report.run.spent - spent) < 1e-12 && spent > 0);
});

test('--max-cost below the estimate: nothing is sent, exit 3; a budget that runs out leaves runs out and says so', async () => {
	const dir = project();
	const sent = chats();
	const refused = await migrate(dir, ['--run', '--max-cost', '0.0000001']);
	assert.equal(refused.code, 3);
	assert.match(refused.stderr, /above --max-cost/);
	assert.equal(chats(), sent, 'no request before the budget check');
	// One request at a time, and answers far longer than the 1-token output the estimate assumed: the budget runs out.
	const tight = project({ 'run.concurrency': 1 });
	writeFileSync(
		join(tight, 'about.prompt'),
		ABOUT.replace('---\nTell me', 'config: { maxOutputTokens: 1 }\n---\nTell me at length'),
	);
	const estimated = await migrate(tight, ['--run', '--max-cost', '1', 'about.prompt']);
	const estimate = Number(/estimated \$([\d.]+)/.exec(estimated.stderr)?.[1]);
	const budget = (estimate * 1.2).toFixed(10);
	const partial = await migrate(tight, [
		'--run',
		'--no-cache',
		'--max-cost',
		budget,
		'--format',
		'json',
		'about.prompt',
	]);
	assert.equal(partial.code, 0, partial.stderr);
	const report = JSON.parse(partial.stdout);
	assert.ok(report.run.skipped > 0, `some runs were left out: ${JSON.stringify(report.run)}`);
	assert.ok(report.run.spent <= Number(budget) * 1.5, `spent ${report.run.spent} stops near the budget ${budget}`);
	const md = await migrate(tight, ['--run', '--no-cache', '--max-cost', budget, 'about.prompt']);
	assert.match(md.stdout, /\*\*Partial:\*\* \d+ runs? left out at the budget/);
});

test('Markdown and HTML show the measures and word diffs with model output escaped; HTML has the chart and a CSP', async () => {
	const dir = project();
	const md = await migrate(dir, ['--run']);
	assert.match(md.stdout, /### Measured: 1 repeat per case/);
	assert.match(md.stdout, /\| about\.prompt \| mock\/mock-small \| 2 \(tests\) \| 50(\.0)?% \|/);
	assert.match(md.stdout, /<del>.*&lt;script&gt;/);
	assert.doesNotMatch(md.stdout, /<script>/);
	const html = (await migrate(dir, ['--run', '--format', 'html'])).stdout;
	assert.match(
		html,
		/<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;nonce-/,
	);
	assert.doesNotMatch(html, /<script/);
	assert.equal((html.match(/<circle class="point (from|to)"/g) ?? []).length, 2, 'one point per model for about');
	assert.match(html, /<title>about\.prompt — mock\/mock-large: \$[\d.]+ per 1,000 calls, pass rate 100%<\/title>/);
	const free = (await migrate(dir, ['--format', 'html'])).stdout;
	assert.match(free, /needs measured pass rates: run with <code>--run<\/code>/);
});

test('a run that fails on the provider is in the report and the exit code is 1', async () => {
	const dir = project();
	mock.fault({ kind: 'status', status: 401 });
	const { code, stdout } = await migrate(dir, ['--run', '--no-cache', 'about.prompt', '--format', 'json']);
	assert.equal(code, 1);
	const [about] = JSON.parse(stdout).prompts;
	const failed =
		about.measured.from.runs - about.measured.from.answered + about.measured.to.runs - about.measured.to.answered;
	assert.equal(failed, 1);
});

test('a prompt that cannot run here (its provider has no key) is left out with a note; the others are measured', async () => {
	const dir = project();
	writeFileSync(join(dir, 'elsewhere.prompt'), '---\nmodel: openai/gpt-5.4-mini-2026-03-17\n---\nHello.\n');
	const { code, stdout, stderr } = await migrate(dir, [
		'--run',
		'--no-cache',
		'--format',
		'json',
		'elsewhere.prompt',
		'about.prompt',
	]);
	assert.equal(code, 0, stderr);
	const report = JSON.parse(stdout);
	const elsewhere = report.prompts.find((p: { prompt: string }) => p.prompt === 'elsewhere.prompt');
	const about = report.prompts.find((p: { prompt: string }) => p.prompt === 'about.prompt');
	assert.equal(elsewhere.measured, undefined);
	assert.ok(
		elsewhere.notes.some((n: string) => /^not measured: .*OPENAI_API_KEY/.test(n)),
		elsewhere.notes.join('\n'),
	);
	assert.match(stderr, /warning: elsewhere\.prompt is not measured/);
	assert.equal(about.measured.to.passRate, 1);
	const all = await migrate(dir, ['--run', '--no-cache', '--from', 'openai/gpt-5.4-mini-2026-03-17', 'about.prompt']);
	assert.equal(all.code, 2, 'nothing could be measured');
	assert.match(all.stderr, /no prompt here could be measured/);
});
