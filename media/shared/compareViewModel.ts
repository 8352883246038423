// The compare view-model: one pure reducer over both directions' messages, and what each column shows (no DOM).
import { diffWords } from 'diff';
import {
	COMPARE_STATE_VERSION,
	type CompareColumn,
	type CompareRun,
	type CompareState,
	type ExtensionMessage,
	type RunEvent,
	type WebviewMessage,
} from './compareMessages';
import { cleanResult, restoreOutput, restoreState } from './restoreState';

export { restoreState };

/** Anything the reducer understands: what the extension sends and what the user does (also posted to the extension). */
export type CompareAction = ExtensionMessage | WebviewMessage;

export function emptyState(): CompareState {
	return { version: COMPARE_STATE_VERSION, prompt: { name: '' }, inputs: {}, columns: [], output: {}, ui: { raw: [], shownRun: {} } };
}

/**
 * The next state. Pure and total: unknown columns and out-of-range runs leave the state as it was. The
 * extension can keep its own copy by applying the same messages, so `init` always carries the current state.
 */
export function reduce(state: CompareState, action: CompareAction): CompareState {
	switch (action.type) {
		case 'init':
			return initFrom(state, action.state);
		case 'batchStarted':
			return updateColumn(state, action.columnId, (column) => ({ ...column, runs: Array.from({ length: action.runs }, pendingRun) }), true);
		case 'runStarted':
			return updateRun(state, action.columnId, action.runIndex, () => ({ phase: 'running', output: '', retries: 0 }));
		case 'runEvent':
			return updateRun(state, action.columnId, action.runIndex, (run) => applyEvent(run, action.event));
		case 'runFinished':
			return updateRun(state, action.columnId, action.runIndex, (run) => {
				const result = cleanResult(action.result);
				const done: CompareRun = { phase: result.status, output: result.output, retries: run.retries, result };
				const firstTokenMs = result.firstTokenMs ?? run.firstTokenMs;
				if (firstTokenMs !== undefined) done.firstTokenMs = firstTokenMs;
				return done;
			});
		case 'schema':
			return applySchema(state, action);
		case 'notice':
			return { ...state, notice: action.notice };
		default:
			return reduceUserAction(state, action);
	}
}

/** Runs still pending or running after a window reload are over: nothing streams into them any more. */
export function settleInterrupted(state: CompareState): CompareState {
	const interrupted = (run: CompareRun): CompareRun =>
		run.phase === 'pending' || run.phase === 'running'
			? {
				...run,
				phase: 'cancelled',
				result: {
					status: 'cancelled',
					output: run.output,
					startedAt: '',
					totalMs: 0,
					attempts: run.retries + 1,
					error: { kind: 'cancelled', message: 'This run stopped when the window reloaded; rerun the column for a full answer.' },
				},
			}
			: run;
	return { ...state, columns: state.columns.map((column) => ({ ...column, runs: column.runs.map(interrupted) })) };
}

/** The run a column shows: the user's pick, else the latest run that has started, else the first. */
export function shownRunIndex(state: CompareState, column: CompareColumn): number {
	const picked = state.ui.shownRun[column.id];
	if (picked !== undefined && picked < column.runs.length) return picked;
	for (let i = column.runs.length - 1; i >= 0; i--) if (column.runs[i].phase !== 'pending') return i;
	return 0;
}

export function shownRun(state: CompareState, column: CompareColumn): CompareRun | undefined {
	return column.runs[shownRunIndex(state, column)];
}

export function isBusy(state: CompareState): boolean {
	return state.columns.some((c) => c.runs.some((r) => r.phase === 'pending' || r.phase === 'running'));
}

export interface DiffPart {
	kind: 'same' | 'added' | 'removed';
	text: string;
}

/** Word diff from the left column's shown answer to the right's; undefined when a column is missing or the diff gave up (huge, very different answers). */
export function columnDiff(state: CompareState, leftId: string, rightId: string): DiffPart[] | undefined {
	const left = state.columns.find((c) => c.id === leftId);
	const right = state.columns.find((c) => c.id === rightId);
	if (!left || !right) return undefined;
	return wordDiff(shownRun(state, left)?.output ?? '', shownRun(state, right)?.output ?? '');
}

export function wordDiff(before: string, after: string): DiffPart[] | undefined {
	// A time bound keeps a frame from freezing on two long answers that share little.
	const changes = diffWords(before, after, { timeout: 500 });
	if (!changes) return undefined;
	return changes.map((c) => ({ kind: c.added ? 'added' : c.removed ? 'removed' : 'same', text: c.value }));
}

/** The diff pair in the state, else the baseline and the first other column. */
export function diffPair(state: CompareState): { left: string; right: string } | undefined {
	if (state.ui.diff) return state.ui.diff;
	const [first, second] = state.columns;
	if (!first || !second) return undefined;
	const left = state.baseline && state.columns.some((c) => c.id === state.baseline) ? state.baseline : first.id;
	const right = state.columns.find((c) => c.id !== left)?.id ?? second.id;
	return { left, right };
}

function reduceUserAction(state: CompareState, action: WebviewMessage): CompareState {
	const has = (id: string): boolean => state.columns.some((c) => c.id === id);
	switch (action.type) {
		case 'setBaseline':
			return has(action.columnId) ? { ...state, baseline: action.columnId } : state;
		case 'vote':
			if (action.columnId === null) return withoutKey(state, 'vote');
			return has(action.columnId) ? { ...state, vote: action.columnId } : state;
		case 'toggleRaw': {
			if (!has(action.columnId)) return state;
			const raw = state.ui.raw.filter((id) => id !== action.columnId);
			return { ...state, ui: { ...state.ui, raw: action.raw ? [...raw, action.columnId] : raw } };
		}
		case 'showRun':
			return has(action.columnId) ? { ...state, ui: { ...state.ui, shownRun: { ...state.ui.shownRun, [action.columnId]: action.runIndex } } } : state;
		case 'selectDiff':
			return has(action.left) && has(action.right) ? { ...state, ui: { ...state.ui, diff: { left: action.left, right: action.right } } } : state;
		default:
			// ready, cancelAll, rerun, repeat, save, exportMarkdown, openLink: the extension acts, then sends what changed.
			return state;
	}
}

function initFrom(state: CompareState, incoming: unknown): CompareState {
	const next = restoreState(incoming);
	if (!next) return state;
	// An extension that does not track view choices sends no `ui`: keep the webview's own.
	const hasUi = typeof incoming === 'object' && incoming !== null && 'ui' in incoming;
	return hasUi ? next : { ...next, ui: restoreState({ ...next, ui: state.ui })?.ui ?? next.ui };
}

function applyEvent(run: CompareRun, event: RunEvent): CompareRun {
	const live: CompareRun['phase'] = run.phase === 'pending' ? 'running' : run.phase;
	switch (event.type) {
		case 'delta': {
			// No undefined-valued keys: the state is compared and stored as JSON.
			const { retryNote: _done, ...rest } = run;
			return { ...rest, phase: live, output: run.output + event.text };
		}
		case 'first-token':
			return { ...run, phase: live, firstTokenMs: event.ms };
		case 'retry':
			// The engine retries only before any text arrived; a retry starts the answer again.
			return { ...run, phase: live, output: '', retries: run.retries + 1, retryNote: `retrying (attempt ${event.attempt}) in ${Math.round(event.delayMs / 100) / 10} s: ${event.reason}` };
		default:
			return run;
	}
}

function applySchema(state: CompareState, action: Extract<ExtensionMessage, { type: 'schema' }>): CompareState {
	const spec = restoreOutput({ format: action.format, schema: action.jsonSchema ?? undefined }) ?? {};
	if (action.columnId === undefined) return { ...state, output: spec };
	return updateColumn(state, action.columnId, (column) => ({ ...column, output: spec }));
}

function updateColumn(state: CompareState, id: string, fn: (column: CompareColumn) => CompareColumn, resetShownRun = false): CompareState {
	const index = state.columns.findIndex((c) => c.id === id);
	if (index < 0) return state;
	const columns = state.columns.slice();
	columns[index] = fn(columns[index]);
	if (!resetShownRun || !(id in state.ui.shownRun)) return { ...state, columns };
	const shown = { ...state.ui.shownRun };
	delete shown[id];
	return { ...state, columns, ui: { ...state.ui, shownRun: shown } };
}

/** Runs beyond the column's list are added as pending first (a `runStarted` may arrive without its batch). */
function updateRun(state: CompareState, id: string, index: number, fn: (run: CompareRun) => CompareRun): CompareState {
	return updateColumn(state, id, (column) => {
		const runs = column.runs.slice();
		while (runs.length <= index) runs.push(pendingRun());
		runs[index] = fn(runs[index]);
		return { ...column, runs };
	});
}

function pendingRun(): CompareRun {
	return { phase: 'pending', output: '', retries: 0 };
}

function withoutKey<K extends keyof CompareState>(state: CompareState, key: K): CompareState {
	const copy = { ...state };
	delete copy[key];
	return copy;
}
