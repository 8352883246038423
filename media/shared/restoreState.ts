// restoreState: a compare state from untrusted JSON (setState, the panel serializer, a saved file), every field checked.
import {
	COMPARE_STATE_VERSION,
	isId,
	isRecord,
	isRunResult,
	type ColumnTests,
	type CompareColumn,
	type CompareRun,
	type CompareState,
	type CompareTarget,
	type CompareUi,
	type JsonSchema,
	type OutputSpec,
	type RunPhase,
	type RunResult,
} from './compareMessages';

const PHASES: readonly string[] = ['pending', 'running', 'ok', 'incomplete', 'cancelled', 'error'] satisfies RunPhase[];

/** The state if `value` is a compare state of this version; bad columns, runs and fields are dropped, not trusted. */
export function restoreState(value: unknown): CompareState | undefined {
	if (!isRecord(value) || value.version !== COMPARE_STATE_VERSION || !isRecord(value.prompt) || typeof value.prompt.name !== 'string') return undefined;
	const columns = restoreColumns(value.columns);
	const ids = new Set(columns.map((c) => c.id));
	const state: CompareState = {
		version: COMPARE_STATE_VERSION,
		prompt: { name: value.prompt.name, ...(typeof value.prompt.path === 'string' ? { path: value.prompt.path } : {}) },
		inputs: isRecord(value.inputs) ? value.inputs : {},
		columns,
		output: restoreOutput(value.output) ?? {},
		ui: restoreUi(value.ui, ids),
	};
	if (typeof value.baseline === 'string' && ids.has(value.baseline)) state.baseline = value.baseline;
	if (typeof value.vote === 'string' && ids.has(value.vote)) state.vote = value.vote;
	if (isRecord(value.notice) && typeof value.notice.message === 'string' && ['info', 'warning', 'error'].includes(value.notice.level as string)) {
		state.notice = { level: value.notice.level as 'info', message: value.notice.message };
	}
	return state;
}

/** A run result with every field the view reads checked (numbers finite and not negative); the rest dropped. */
export function cleanResult(result: RunResult): RunResult {
	const clean: RunResult = {
		status: result.status,
		output: result.output,
		startedAt: typeof result.startedAt === 'string' ? result.startedAt : '',
		totalMs: Math.max(0, result.totalMs),
		attempts: count(result.attempts) ?? 1,
	};
	if (typeof result.finishReason === 'string') clean.finishReason = result.finishReason;
	if (isRecord(result.usage) && count(result.usage.inputTokens) !== undefined && count(result.usage.outputTokens) !== undefined) {
		clean.usage = { inputTokens: result.usage.inputTokens, outputTokens: result.usage.outputTokens };
		if (count(result.usage.cachedInputTokens) !== undefined) clean.usage.cachedInputTokens = result.usage.cachedInputTokens;
	}
	if (count(result.cost) !== undefined) clean.cost = result.cost;
	if (count(result.firstTokenMs) !== undefined) clean.firstTokenMs = result.firstTokenMs;
	if (isRecord(result.error) && typeof result.error.message === 'string' && typeof result.error.kind === 'string') {
		clean.error = { kind: result.error.kind, message: result.error.message };
		if (count(result.error.status) !== undefined) clean.error.status = result.error.status;
		if (Array.isArray(result.error.availableModels)) clean.error.availableModels = result.error.availableModels.filter((m) => typeof m === 'string');
	}
	if (Array.isArray(result.toolCalls)) {
		clean.toolCalls = result.toolCalls.filter((c) => isRecord(c) && typeof c.name === 'string' && typeof c.arguments === 'string').map((c) => ({ name: c.name, arguments: c.arguments }));
	}
	if (result.cached === true) clean.cached = true;
	return clean;
}

export function restoreOutput(value: unknown): OutputSpec | undefined {
	if (!isRecord(value)) return undefined;
	const spec: OutputSpec = {};
	if (value.format === 'json' || value.format === 'text') spec.format = value.format;
	if (isRecord(value.schema)) spec.schema = value.schema as JsonSchema;
	return spec;
}

function restoreColumns(value: unknown): CompareColumn[] {
	if (!Array.isArray(value)) return [];
	const seen = new Set<string>();
	const columns: CompareColumn[] = [];
	for (const raw of value) {
		if (!isRecord(raw) || !isId(raw.id) || seen.has(raw.id)) continue;
		const target = restoreTarget(raw.target);
		if (!target) continue;
		seen.add(raw.id);
		const column: CompareColumn = { id: raw.id, target, runs: Array.isArray(raw.runs) ? raw.runs.map(restoreRun).filter((r): r is CompareRun => r !== undefined) : [] };
		const output = restoreOutput(raw.output);
		if (output) column.output = output;
		const tests = restoreTests(raw.tests);
		if (tests) column.tests = tests;
		columns.push(column);
	}
	return columns;
}

const MAX_FAILING = 20;

function restoreTests(value: unknown): ColumnTests | undefined {
	if (!isRecord(value) || !Number.isInteger(value.passed) || !Number.isInteger(value.total) || typeof value.at !== 'string') return undefined;
	const passed = value.passed as number;
	const total = value.total as number;
	if (passed < 0 || total < passed || total > 100_000) return undefined;
	const failing = Array.isArray(value.failing) ? value.failing.filter((f): f is string => typeof f === 'string').slice(0, MAX_FAILING).map((f) => f.slice(0, 200)) : [];
	return { passed, total, failing, at: value.at.slice(0, 40) };
}

function restoreTarget(value: unknown): CompareTarget | undefined {
	if (!isRecord(value) || typeof value.model !== 'string' || value.model === '') return undefined;
	const target: CompareTarget = { model: value.model };
	if (typeof value.variant === 'string' && value.variant !== '') target.variant = value.variant;
	if (typeof value.provider === 'string' && value.provider !== '') target.provider = value.provider;
	return target;
}

function restoreRun(value: unknown): CompareRun | undefined {
	if (!isRecord(value) || !PHASES.includes(value.phase as string) || typeof value.output !== 'string') return undefined;
	const run: CompareRun = { phase: value.phase as RunPhase, output: value.output, retries: count(value.retries) ?? 0 };
	if (count(value.firstTokenMs) !== undefined) run.firstTokenMs = value.firstTokenMs as number;
	if (typeof value.retryNote === 'string') run.retryNote = value.retryNote;
	if (isRunResult(value.result)) run.result = cleanResult(value.result);
	return run;
}

function restoreUi(value: unknown, ids: Set<string>): CompareUi {
	const ui: CompareUi = { raw: [], shownRun: {} };
	if (!isRecord(value)) return ui;
	if (Array.isArray(value.raw)) ui.raw = [...new Set(value.raw.filter((id): id is string => typeof id === 'string' && ids.has(id)))];
	if (isRecord(value.shownRun)) {
		for (const [id, index] of Object.entries(value.shownRun)) if (ids.has(id) && count(index) !== undefined) ui.shownRun[id] = index as number;
	}
	if (isRecord(value.diff) && ids.has(value.diff.left as string) && ids.has(value.diff.right as string)) {
		ui.diff = { left: value.diff.left as string, right: value.diff.right as string };
	}
	return ui;
}

function count(value: unknown): number | undefined {
	return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}
