// Runs the GitHub Action's steps as a runner would (bash, GITHUB_OUTPUT, the step summary, `if:` and `${{ }}`
// evaluated by a small interpreter), for the action tests; `uses:` steps are recorded, not run.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { DIST, REPO_ROOT } from './paths';

export interface Step {
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
export interface Action {
	name: string;
	description: string;
	inputs: Record<string, { description: string; default?: string }>;
	outputs: Record<string, { description: string; value: string }>;
	runs: { using: string; steps: Step[] };
}
export interface Job {
	'runs-on': string;
	container?: string;
	needs?: string | string[];
	permissions?: Record<string, string>;
	steps: Step[];
}
export interface Workflow {
	on: Record<string, unknown>;
	permissions?: Record<string, string>;
	jobs: Record<string, Job>;
}

export const ACTION_FILE = join(REPO_ROOT, 'action.yml');
export const WORKFLOWS = join(REPO_ROOT, '.github', 'workflows');
export const CLI = join(DIST, 'cli.js');
export const VERSION = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
export const KEY = 'sk-action-test-0123456789';

export const action = parse(readFileSync(ACTION_FILE, 'utf8')) as Action;
export const workflow = (name: string) => parse(readFileSync(join(WORKFLOWS, name), 'utf8')) as Workflow;

// ---- A tiny evaluator of the expressions the action uses: contexts, string literals, == != ! && || and status calls.

export interface Context {
	inputs: Record<string, string>;
	github: Record<string, string>;
	steps: Record<string, { outputs: Record<string, string>; outcome: 'success' | 'failure' }>;
	failed: boolean;
}
export type Value = string | boolean;
export type Token = { kind: 'string' | 'op' | 'name'; text: string };

export function tokenize(source: string): Token[] {
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

export const truthy = (value: Value) => value === true || (typeof value === 'string' && value !== '');
export const STATUS: Record<string, (c: Context) => boolean> = {
	'success': (c) => !c.failed,
	'failure': (c) => c.failed,
	'always': () => true,
	'cancelled': () => false,
};

/** `inputs.x`, `github.action_path`, `steps.<id>.outputs.<name>`, `steps.<id>.outcome`: unset is '' (null == ''). */
export function lookup(path: string, context: Context): string {
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
export class Evaluator {
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

export const evaluate = (expr: string, context: Context) => new Evaluator(tokenize(expr), context).whole();

/** An `if:` as GitHub reads it: `${{ }}` optional, and without a status call it means `success() && (…)`. */
export function condition(source: string | undefined, context: Context): boolean {
	const text = (source ?? 'success()').trim().replace(/^\$\{\{([\s\S]*)\}\}$/, '$1');
	const implicit = /\b(success|failure|always|cancelled)\(\)/.test(text) ? text : `success() && (${text})`;
	return truthy(evaluate(implicit, context));
}

export function interpolate(text: string, context: Context): string {
	return String(text).replace(/\$\{\{([\s\S]*?)\}\}/g, (_, expr: string) => String(evaluate(expr, context)));
}

export function interpolateAll(values: Record<string, string> | undefined, context: Context): Record<string, string> {
	return Object.fromEntries(Object.entries(values ?? {}).map(([k, v]) => [k, interpolate(String(v), context)]));
}

// ---- A runner: each `run:` step as `bash --noprofile --norc -eo pipefail <file>` with the runner's files and env.

export interface StepRun {
	id?: string;
	ran: boolean;
	code: number;
	stdout: string;
	stderr: string;
	with?: Record<string, string>;
}
export interface ActionRun {
	steps: Record<string, StepRun>;
	outputs: Record<string, string>;
	summary: string;
	failed: boolean;
	/** Every line every step printed, to look for what must never be printed. */
	log: string;
}

export type Exec = { code: number; stdout: string; stderr: string };

export function exec(command: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<Exec> {
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
export function readOutputs(file: string): Record<string, string> {
	const outputs: Record<string, string> = {};
	for (const line of readFileSync(file, 'utf8').split('\n').filter(Boolean)) {
		const match = /^([\w-]+)=(.*)$/.exec(line);
		assert.ok(match, `GITHUB_OUTPUT line not name=value: ${line}`);
		outputs[match[1]] = match[2];
	}
	return outputs;
}

export type Inputs = Record<string, string>;

export interface Runner {
	workspace: string;
	temp: string;
	context: Context;
	env: NodeJS.ProcessEnv;
}

export async function runStep(step: Step, index: number, runner: Runner): Promise<StepRun> {
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

export function runnerFor(workspace: string, inputs: Inputs, env: NodeJS.ProcessEnv): Runner {
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
export async function runAction(workspace: string, inputs: Inputs, env: NodeJS.ProcessEnv = {}): Promise<ActionRun> {
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
