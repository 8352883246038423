// The GitHub Action (action.yml) and the workflows, as files: composite, every input used, no expression in a
// script, secrets only in env, the release's order, and the validators' verdicts (SchemaStore schemas, actionlint).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { action, ACTION_FILE, workflow, WORKFLOWS, type Step } from '../support/actionRunner';

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
