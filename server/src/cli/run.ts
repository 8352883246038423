// `prompt-lens run`: renders a prompt, sends it to its model's provider, streams the answer to stdout and the run's numbers to stderr.
import { readFileSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyzePrompt, createTokenizer, errorMessage, formatCost, formatTokens, hasSyntaxErrors, LineIndex, loadCatalog, renderCaveats, type CoreDiagnostic, type ModelCatalog, type Settings } from '../core';
import { envKeyFor, homeKeyEnvFor, isKeyHome, sameOrigin, type AllowedKeyEnv, type EnvKeyDecision } from '../core';
import { providersFromSettings, resolveProvider } from '../core';
import { buildRunPlan } from '../core';
import type { ProviderConfig, RunPlan, RunResult } from '../core';
import { partialLookupFor } from '../host/partials';
import { executeRun, type ExecutorEvent } from '../host/runExecutor';
import { historyFile } from '../host/runHistory';
import { userConfigPath } from './userConfig';

/** The key sent to a `--provider-url` that is not a known provider's endpoint. */
export const URL_KEY_ENV = 'PROMPT_LENS_API_KEY';

export interface RunOptions {
	file: string;
	model?: string;
	inputs: Record<string, unknown>;
	/** Sends the request here instead of the provider's baseURL (a local mock, Ollama, a proxy). */
	providerUrl?: string;
	json: boolean;
}

export interface RunContext {
	settings: Settings;
	cwd: string;
	/** The settings file's folder (else the current folder): partialPaths and history.path start here. */
	root: string;
	/** The settings file, named when a key goes somewhere unusual because of it. */
	settingsFile?: string;
	env: Record<string, string | undefined>;
	/** Providers from the user's own config (origin `user`). */
	userProviders?: ProviderConfig[];
	/** Key variables the user allowed (their own config, `--allow-key-env`). */
	allowKeyEnv?: AllowedKeyEnv[];
	/** On a terminal: replaces the one progress line on stderr (an empty line clears it); absent in pipes and CI logs. */
	progress?: (line: string) => void;
	/** Wraps the history write, so that a second Ctrl-C cannot cut it short. */
	critical?: <T>(work: () => Promise<T>) => Promise<T>;
	/** Sends the requests (tests route look-alike hosts to a local mock); the global fetch when absent. */
	fetch?: typeof fetch;
	/** Aborts the request (Ctrl-C); the partial answer is kept. */
	signal?: AbortSignal;
	/** Raw stdout, no newline added: the answer as it streams. */
	write: (text: string) => void;
	stdout: (line: string) => void;
	stderr: (line: string) => void;
	now?: () => number;
}

export const EXIT = { ok: 0, failed: 1, usage: 2, interrupted: 130 } as const;

export interface Endpoint {
	provider: ProviderConfig;
	apiKey?: string;
	/** The variable the key came from (or should come from), for messages. */
	keyEnv?: string;
	/** Why the provider's own variable was not sent and how to allow it, repeated on a 401. */
	refused?: string;
}

export async function runFile(options: RunOptions, context: RunContext): Promise<number> {
	const catalog = loadCatalog(context.settings.models);
	// The user's own providers come first: they win over a repository's provider of the same id.
	const userProviders = [...context.userProviders ?? [], ...providersFromSettings(context.settings.providers, 'workspace')];
	const planned = await planRun(options, context, catalog, userProviders);
	if ('code' in planned) return planned.code;
	const { plan } = planned;
	const endpoint = chooseEndpoint(plan.model, options.providerUrl, context, catalog, userProviders);
	if ('code' in endpoint) return endpoint.code;
	const history = historyFile(context.root, context.settings);
	if (context.settings['cache.enabled'] && !history) context.stderr('prompt-lens: warning: cache.enabled has no effect while history.enabled is false: the cache answers from the history file');
	const streamed = { any: false };
	const { result, hash } = await executeRun({
		plan,
		provider: endpoint.provider,
		apiKey: endpoint.apiKey,
		settings: context.settings,
		history,
		cache: context.settings['cache.enabled'],
		env: context.env,
		signal: context.signal,
		critical: context.critical,
		fetch: context.fetch,
		now: context.now,
		onEvent: (event) => render(event, options.json, context, streamed),
	});
	if (streamed.any && !result.output.endsWith('\n')) context.write('\n');
	report(result, plan, endpoint, hash, options.json, context);
	return exitCode(result);
}

/** The run's events on the command line: the answer as it streams on stdout, everything else on stderr. */
function render(event: ExecutorEvent, json: boolean, context: RunContext, streamed: { any: boolean }): void {
	if (event.type === 'delta' && !json) {
		context.write(event.text);
		streamed.any = true;
	} else if (event.type === 'retry') {
		context.stderr(`prompt-lens: ${event.reason} Retrying in ${seconds(event.delayMs)} (attempt ${event.attempt} of ${context.settings['run.maxRetries'] + 1}).`);
	} else if (event.type === 'warning') {
		context.stderr(`prompt-lens: warning: ${event.message}`);
	} else if (event.type === 'saved' && event.redacted) {
		context.stderr(`prompt-lens: note: the run's record contained an API key (the answer or an error echoed it); it is stored in ${event.file} as [redacted]`);
	}
}

export type Failure = { code: number };

async function planRun(options: RunOptions, context: RunContext, catalog: ModelCatalog, userProviders: ProviderConfig[]): Promise<{ plan: RunPlan } | Failure> {
	const path = resolve(context.cwd, options.file);
	let text: string;
	try {
		text = readFileSync(path, 'utf8');
	} catch (error) {
		return fail(context, EXIT.failed, `cannot read ${options.file}: ${errorMessage(error)}`);
	}
	const parsed = analyzePrompt(text, context.settings);
	if (parsed.skipped) return fail(context, EXIT.failed, `${options.file} cannot be rendered: ${parsed.diagnostics[0]?.message ?? 'not analyzed'}`);
	// As count does: what the runtime renders past (a stray `}}`, a frontmatter it does not read) is sent with a warning.
	const built = await buildRunPlan(parsed.doc, {
		prompt: promptName(path, context.root),
		catalog,
		tokenizer: createTokenizer(),
		settings: context.settings,
		partialSource: partialLookupFor(pathToFileURL(path).href, context.settings.partialPaths, [context.root])?.source,
		inputs: options.inputs,
		model: options.model,
		userProviders,
	});
	if ('error' in built) {
		const errors = hasSyntaxErrors(parsed.diagnostics) ? parsed.diagnostics.filter((d) => d.severity === 'error') : [];
		if (built.unrendered && errors.length > 0) return fail(context, EXIT.failed, `${options.file} cannot be rendered: ${errors[0].message}`);
		// Not rendered yet (no model): only a frontmatter the runtime ignores is sure to explain it.
		warnSentAnyway(options.file, text, parsed.diagnostics.filter((d) => d.code.startsWith('frontmatter') || d.code === 'yaml-syntax'), context);
		return fail(context, EXIT.failed, `${options.file} cannot be run: ${built.error}`);
	}
	warnSentAnyway(options.file, text, parsed.diagnostics, context);
	const missing = built.plan.missingVariables;
	if (missing.length > 0) {
		const example = missing.map((name) => `--input ${name}=…`).join(' ');
		return fail(context, EXIT.usage, `${options.file} uses ${missing.length === 1 ? 'a variable that has' : 'variables that have'} no value: ${missing.join(', ')}. Nothing was sent. Give ${missing.length === 1 ? 'it' : 'each'} a value with --input (JSON when it parses as JSON), e.g. ${example}, or add ${missing.length === 1 ? 'it' : 'them'} to input.default in the frontmatter.`);
	}
	return built;
}

/** Problems the runtime sends the prompt with anyway, on stderr before anything is sent (see core renderCaveats). */
function warnSentAnyway(file: string, text: string, diagnostics: CoreDiagnostic[], context: RunContext): void {
	const lines = new LineIndex(text);
	for (const d of renderCaveats(diagnostics)) {
		const line = lines.lineAt(d.span.start);
		context.stderr(`prompt-lens: warning: ${file}:${line + 1}:${d.span.start - lines.lineStart(line) + 1} ${d.code} ${d.message}`);
	}
}

/** The provider the model runs on, `--provider-url` applied, and the key that may go there (see core/run/keyPolicy). */
export function chooseEndpoint(model: string, providerUrl: string | undefined, context: RunContext, catalog: ModelCatalog, userProviders: ProviderConfig[]): Endpoint | Failure {
	const resolved = resolveProvider(model, userProviders, catalog);
	if (!resolved.ok) return fail(context, EXIT.failed, resolved.message);
	const provider = providerUrl ? atUrl(resolved.provider, providerUrl) : resolved.provider;
	const decision = envKeyFor(provider, context.env, context.allowKeyEnv ?? []);
	if (decision.kind === 'key') return { provider, apiKey: decision.apiKey, keyEnv: decision.env };
	// A provider other than a built-in one at its own host may use the key the user set for any endpoint.
	const generic = provider.apiKeyEnv === URL_KEY_ENV || isBuiltInAtHome(provider) ? undefined : nonEmpty(context.env[URL_KEY_ENV]);
	if (decision.kind === 'refused') {
		const refused = `${decision.message} ${howToAllow(decision, context)}`;
		context.stderr(`prompt-lens: note: ${refused}${generic ? ` Sending ${URL_KEY_ENV} instead.` : ' Sending the request without a key.'}`);
		return { provider: { ...provider, keyOptional: true }, apiKey: generic, keyEnv: generic ? URL_KEY_ENV : undefined, refused };
	}
	if (generic) return { provider, apiKey: generic, keyEnv: URL_KEY_ENV };
	if (decision.env && !provider.keyOptional) {
		return fail(context, EXIT.failed, `no API key for ${provider.id}: set the environment variable ${decision.env} (e.g. export ${decision.env}=…) and run again. Nothing was sent.`);
	}
	return { provider, keyEnv: decision.env };
}

/**
 * `--provider-url`: a URL on a built-in provider's host takes that provider's variable; the resolved provider's own
 * origin keeps its variable; any other URL (typed by the user) gets PROMPT_LENS_API_KEY or no key.
 */
function atUrl(resolved: ProviderConfig, url: string): ProviderConfig {
	const home = homeKeyEnvFor(url);
	if (home) return { ...resolved, baseURL: url, apiKeyEnv: home };
	if (sameOrigin(url, resolved.baseURL)) return { ...resolved, baseURL: url };
	return { ...resolved, baseURL: url, apiKeyEnv: URL_KEY_ENV, keyOptional: true, origin: 'user' };
}

function isBuiltInAtHome(provider: ProviderConfig): boolean {
	return provider.apiKeyEnv !== undefined && isKeyHome(provider.apiKeyEnv, provider.baseURL);
}

function howToAllow(decision: Extract<EnvKeyDecision, { kind: 'refused' }>, context: RunContext): string {
	const config = userConfigPath(context.env);
	if (decision.reason === 'foreign-host') {
		return `To give that endpoint a key, set ${URL_KEY_ENV}, or define the provider in your own ${config} with an "apiKeyEnv" of its own.`;
	}
	const where = context.settingsFile ? ` (defined in ${context.settingsFile})` : '';
	return `Keys from the environment go to a repository's provider${where} only when you allow it: run with --allow-key-env ${decision.env}, or add "allowKeyEnv": { "${decision.env}": ["${decision.host}"] } to ${config}, or set ${URL_KEY_ENV}.`;
}

function report(result: RunResult, plan: RunPlan, endpoint: Endpoint, hash: string, json: boolean, context: RunContext): void {
	if (json) {
		context.stdout(JSON.stringify({ ...result, model: plan.model, provider: endpoint.provider.id, requestHash: hash }, null, 2));
	} else {
		if (result.cached) context.write(result.output.endsWith('\n') || result.output === '' ? result.output : `${result.output}\n`);
		// A request that failed before anything came back has no numbers worth a line; the problem line says it all.
		if (result.status !== 'error' || result.output || result.usage) context.stderr(summaryLine(result, plan, endpoint.provider));
	}
	const problem = problemLine(result, endpoint);
	if (problem) context.stderr(problem);
}

/** One compact line: what ran where, the provider's token counts beside ours, cost, latency, finish reason, retries. */
function summaryLine(result: RunResult, plan: RunPlan, provider: ProviderConfig): string {
	const ours = plan.estimate ? `our estimate ${plan.estimate.exact ? '' : '≈'}${formatTokens(plan.estimate.inputTokens)}` : undefined;
	const usage = result.usage
		? `${formatTokens(result.usage.inputTokens)} tokens in${ours ? ` (${ours})` : ''}, ${formatTokens(result.usage.outputTokens)} out`
		: `no usage from the provider${ours ? ` (${ours} in)` : ''}`;
	const parts = [
		`${result.cached ? '(cached) ' : ''}${plan.model} on ${provider.id}`,
		usage,
		result.cost !== undefined ? formatCost(result.cost) : 'cost unknown',
		result.firstTokenMs !== undefined ? `first token ${seconds(result.firstTokenMs)}` : undefined,
		`total ${seconds(result.totalMs)}`,
		result.finishReason ? `finish ${result.finishReason}` : undefined,
		result.attempts > 1 ? `${result.attempts - 1} ${result.attempts === 2 ? 'retry' : 'retries'}` : undefined,
	];
	return parts.filter((p) => p !== undefined).join(' · ');
}

/** Why the run did not finish normally, and what to do; undefined for a complete answer. */
function problemLine(result: RunResult, endpoint: Endpoint): string | undefined {
	if (result.status === 'ok') return result.finishReason === 'length' ? 'prompt-lens: note: the answer stopped at the output token limit (config.maxOutputTokens)' : undefined;
	const kept = result.output ? ` The ${result.output.length} characters received are printed above.` : '';
	if (result.status === 'cancelled') return `prompt-lens: cancelled.${kept}`;
	const message = result.error ? withHint(result.error.message, result.error.kind, result.error.availableModels, endpoint) : 'the run did not finish.';
	return `prompt-lens: ${result.status === 'incomplete' ? 'incomplete answer: ' : ''}${message}${kept}`;
}

function withHint(message: string, kind: string, available: string[] | undefined, endpoint: Endpoint): string {
	if (kind === 'auth') {
		// The engine's advice names the editor's command; on the command line only the variable helps.
		message = message.replace(/ Set the API key with the command .*$/s, '');
		const env = endpoint.keyEnv;
		if (endpoint.refused) return `${message} ${endpoint.refused}`;
		if (!env) return `${message} The provider ${endpoint.provider.id} names no key variable: add "apiKeyEnv" to its entry in promptLens.providers and set that variable.`;
		return `${message} Set ${env} to a valid key for ${endpoint.provider.id}${env === URL_KEY_ENV ? ' at --provider-url' : ''} and run again.`;
	}
	if (kind === 'not-found' && available && available.length > 0 && !message.includes(available[0])) {
		return `${message} The provider lists: ${available.slice(0, 30).join(', ')}${available.length > 30 ? ', …' : ''}.`;
	}
	return message;
}

function exitCode(result: RunResult): number {
	if (result.status === 'ok') return EXIT.ok;
	return result.status === 'cancelled' ? EXIT.interrupted : EXIT.failed;
}

/** Relative to the settings folder with `/`, so history lines match across machines and the editor. */
function promptName(path: string, root: string): string {
	const rel = relative(root, path);
	return rel && !rel.startsWith('..') ? rel.split(sep).join('/') : path;
}

function seconds(ms: number): string {
	return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

function nonEmpty(value: string | undefined): string | undefined {
	return value && value.trim() !== '' ? value : undefined;
}

function fail(context: RunContext, code: number, message: string): Failure {
	context.stderr(`prompt-lens: ${message}`);
	return { code };
}
