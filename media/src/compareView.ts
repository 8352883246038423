// The compare webview's DOM layer: applies messages through the view-model and re-renders at most once per animation frame.
import { formatCost } from '../../server/src/core/pricing';
import { ColumnDom } from './columnDom';
import { columnView, formatDuration, targetLabel } from '../shared/columnView';
import { MAX_REPEAT, validateExtensionMessage, type CompareState, type WebviewMessage } from '../shared/compareMessages';
import { summarize, type Summary, type SummaryRow } from '../shared/compareSummary';
import { columnDiff, diffPair, isBusy, reduce, shownRun, type CompareAction } from '../shared/compareViewModel';
import { append, h, setAttr, setText } from './dom';
import { linkTarget, LINK_CLASS } from './markdownOutput';

export interface CompareHost {
	post(message: WebviewMessage): void;
	/** Keep the state for hide/show and reloads (`vscode.setState`). */
	persist(state: CompareState): void;
}

/** While answers stream, the state is persisted at most this often (it holds every output). */
const PERSIST_INTERVAL_MS = 500;

export class CompareView {
	private state: CompareState;
	private rendered: { state: CompareState; summary: Summary } | undefined;
	private frame = 0;
	private lastPersist = 0;
	private readonly columns = new Map<string, ColumnDom>();
	private readonly el = {
		title: h('h1', { class: 'title' }),
		inputs: h('details', { class: 'inputs' }),
		cancel: h('vscode-button', { 'data-action': 'cancelAll', 'aria-label': 'Cancel all running columns' }, 'Cancel all'),
		repeatCount: h('vscode-textfield', { type: 'number', min: '1', max: String(MAX_REPEAT), value: '5', 'aria-label': 'Runs per column for Repeat', class: 'repeat-count' }),
		repeat: h('vscode-button', { 'data-action': 'repeat', secondary: true, 'aria-label': 'Run every column again the given number of times' }, 'Repeat'),
		save: h('vscode-button', { 'data-action': 'save', secondary: true, 'aria-label': 'Save the comparison as JSON' }, 'Save'),
		exportMd: h('vscode-button', { 'data-action': 'exportMarkdown', secondary: true, 'aria-label': 'Export the comparison as Markdown' }, 'Export Markdown'),
		activity: h('p', { class: 'activity', role: 'status' }),
		notice: h('div', { class: 'notice' }),
		summaryBody: h('tbody'),
		columns: h('div', { class: 'columns' }),
		diffLeft: h('vscode-single-select', { 'data-diff': 'left', 'aria-label': 'Diff from column' }),
		diffRight: h('vscode-single-select', { 'data-diff': 'right', 'aria-label': 'Diff to column' }),
		diffOutput: h('div', { class: 'diff-output', role: 'region', 'aria-label': 'Word diff', tabindex: '0' }),
	};

	constructor(private readonly root: HTMLElement, private readonly host: CompareHost, initial: CompareState) {
		this.state = initial;
		this.build();
		this.root.addEventListener('click', (event) => this.onClick(event));
		this.root.addEventListener('keydown', (event) => this.onKeyDown(event));
		this.root.addEventListener('change', (event) => this.onChange(event));
		this.schedule();
	}

	/** A message from the extension (checked: anything malformed is ignored). */
	receive(data: unknown): void {
		const message = validateExtensionMessage(data);
		if (message) this.dispatch(message);
	}

	dispatch(action: CompareAction): void {
		const next = reduce(this.state, action);
		if (next === this.state) return;
		this.state = next;
		this.schedule();
	}

	private user(action: WebviewMessage): void {
		this.dispatch(action);
		this.host.post(action);
	}

	private schedule(): void {
		if (this.frame === 0) this.frame = requestAnimationFrame(() => {
			this.frame = 0;
			this.render();
		});
	}

	private build(): void {
		const e = this.el;
		const summary = h('section', { class: 'summary', 'aria-labelledby': 'summary-title' },
			h('h2', { id: 'summary-title' }, 'Summary'),
			h('table', {},
				h('thead', {}, h('tr', {}, ...['Model', 'Cost', 'Latency', 'Versus baseline', 'Notes'].map((t) => h('th', { scope: 'col' }, t)))),
				e.summaryBody));
		const diff = h('section', { class: 'diff', 'aria-labelledby': 'diff-title' },
			h('h2', { id: 'diff-title' }, 'Word diff'),
			h('div', { class: 'diff-controls' }, h('span', {}, 'From'), e.diffLeft, h('span', {}, 'to'), e.diffRight),
			e.diffOutput);
		this.root.replaceChildren(
			h('header', { class: 'toolbar' },
				e.title,
				h('div', { class: 'toolbar-actions', role: 'group', 'aria-label': 'Comparison actions' }, e.cancel, e.repeatCount, e.repeat, e.save, e.exportMd),
				e.activity,
				e.inputs),
			e.notice,
			summary,
			e.columns,
			diff);
	}

	private render(): void {
		const state = this.state;
		const previous = this.rendered;
		const summary = summarize(state);
		const global = !previous || previous.state.ui !== state.ui || previous.state.output !== state.output || previous.state.baseline !== state.baseline || previous.state.vote !== state.vote;
		if (!previous || previous.state.columns !== state.columns) this.syncColumns(state);
		for (const column of state.columns) {
			const row = summary.rows.find((r) => r.columnId === column.id);
			const before = previous?.state.columns.find((c) => c.id === column.id);
			const beforeRow = previous?.summary.rows.find((r) => r.columnId === column.id);
			if (global || before !== column || !sameRow(beforeRow, row)) this.columns.get(column.id)?.update(columnView(state, column, row));
		}
		this.renderToolbar(state, previous?.state);
		this.renderSummary(state, summary);
		this.renderDiff(state, previous?.state);
		this.rendered = { state, summary };
		this.persist(state);
	}

	private syncColumns(state: CompareState): void {
		const ids = new Set(state.columns.map((c) => c.id));
		for (const [id, dom] of this.columns) if (!ids.has(id)) {
			dom.element.remove();
			this.columns.delete(id);
		}
		const ordered = state.columns.map((column) => {
			let dom = this.columns.get(column.id);
			if (!dom) this.columns.set(column.id, (dom = new ColumnDom(column.id)));
			return dom.element;
		});
		// Re-append only when the order changed, so a focused button keeps its focus.
		const current = [...this.el.columns.children];
		if (current.length !== ordered.length || current.some((el, i) => el !== ordered[i])) this.el.columns.replaceChildren(...ordered);
		this.el.columns.classList.toggle('empty', ordered.length === 0);
		if (ordered.length === 0) this.el.columns.replaceChildren(h('p', { class: 'placeholder' }, 'No models to compare yet: open a comparison from the "⇄ Compare" lens above a prompt.'));
	}

	private renderToolbar(state: CompareState, previous: CompareState | undefined): void {
		const busy = isBusy(state);
		setText(this.el.title, state.prompt.name ? `Compare: ${state.prompt.name}` : 'Compare');
		setAttr(this.el.cancel, 'disabled', !busy);
		setAttr(this.el.repeat, 'disabled', busy || state.columns.length === 0);
		const running = state.columns.filter((c) => c.runs.some((r) => r.phase === 'running' || r.phase === 'pending')).length;
		setText(this.el.activity, running > 0 ? `Running: ${running} of ${state.columns.length} columns` : state.columns.some((c) => c.runs.length > 0) ? 'All columns finished.' : '');
		if (!previous || previous.inputs !== state.inputs) {
			const keys = Object.keys(state.inputs);
			this.el.inputs.hidden = keys.length === 0;
			this.el.inputs.replaceChildren(h('summary', {}, `Inputs (${keys.length})`), h('pre', {}, JSON.stringify(state.inputs, null, 2)));
		}
		if (!previous || previous.notice !== state.notice) {
			const notice = state.notice;
			this.el.notice.replaceChildren(...(notice ? [h('p', { class: `notice-${notice.level}`, role: notice.level === 'error' ? 'alert' : 'status' }, notice.message)] : []));
		}
	}

	private renderSummary(state: CompareState, summary: Summary): void {
		const rows = summary.rows.map((row) => {
			const column = state.columns.find((c) => c.id === row.columnId);
			const runs = column ? column.runs.filter((r) => r.phase === 'ok').length : 0;
			const median = runs > 1 ? ' (median)' : '';
			const notes = [row.baseline && 'baseline', row.cheapest && 'cheapest', row.fastest && 'fastest', row.winner && 'winner'].filter((n): n is string => Boolean(n));
			return h('tr', { 'data-column': row.columnId },
				h('th', { scope: 'row' }, column ? targetLabel(column.target) : row.columnId),
				h('td', {}, row.cost !== undefined ? formatCost(row.cost) + median : '—'),
				h('td', {}, row.latencyMs !== undefined ? formatDuration(row.latencyMs) + median : '—'),
				h('td', { class: 'versus' }, row.versusBaseline ?? '—'),
				h('td', {}, ...notes.map((n) => h('vscode-badge', { class: `flag-${n}` }, n))));
		});
		const key = JSON.stringify(summary.rows) + state.columns.map((c) => targetLabel(c.target)).join('|');
		if (this.el.summaryBody.dataset.key === key) return;
		this.el.summaryBody.dataset.key = key;
		this.el.summaryBody.replaceChildren(...rows);
	}

	private renderDiff(state: CompareState, previous: CompareState | undefined): void {
		const pair = diffPair(state);
		if (!previous || previous.columns.length !== state.columns.length || previous.columns.some((c, i) => c.target !== state.columns[i]?.target || c.id !== state.columns[i]?.id)) {
			for (const select of [this.el.diffLeft, this.el.diffRight]) {
				select.replaceChildren(...state.columns.map((c) => h('vscode-option', { value: c.id }, targetLabel(c.target))));
			}
		}
		if (!pair) {
			this.el.diffOutput.replaceChildren(h('p', { class: 'placeholder' }, 'The word diff needs two columns.'));
			return;
		}
		setSelectValue(this.el.diffLeft, pair.left);
		setSelectValue(this.el.diffRight, pair.right);
		const changed = (id: string): boolean => !previous || previous.columns.find((c) => c.id === id) !== state.columns.find((c) => c.id === id);
		const previousPair = previous ? diffPair(previous) : undefined;
		if (previousPair && previousPair.left === pair.left && previousPair.right === pair.right && previous?.ui === state.ui && !changed(pair.left) && !changed(pair.right)) return;
		this.el.diffOutput.replaceChildren(...diffNodes(state, pair.left, pair.right));
	}

	private persist(state: CompareState): void {
		const now = Date.now();
		if (isBusy(state) && now - this.lastPersist < PERSIST_INTERVAL_MS) return;
		this.lastPersist = now;
		this.host.persist(state);
	}

	private onClick(event: MouseEvent): void {
		const target = event.target instanceof Element ? event.target : undefined;
		if (!target) return;
		if (target.closest(`.${LINK_CLASS}`)) {
			event.preventDefault();
			this.openLink(target);
			return;
		}
		const control = target.closest('[data-action]');
		if (!control || control.hasAttribute('disabled')) return;
		this.act(control.getAttribute('data-action') ?? '', control.getAttribute('data-column') ?? '', control);
	}

	private onKeyDown(event: KeyboardEvent): void {
		const target = event.target instanceof Element ? event.target : undefined;
		if (event.key === 'Enter' && target?.classList.contains(LINK_CLASS)) {
			event.preventDefault();
			this.openLink(target);
		} else if (event.key === 'Enter' && target === this.el.repeatCount) {
			this.act('repeat', '', target);
		}
	}

	private onChange(event: Event): void {
		const target = event.target instanceof Element ? event.target : undefined;
		if (target !== this.el.diffLeft && target !== this.el.diffRight) return;
		const left = (this.el.diffLeft as HTMLElement & { value: string }).value;
		const right = (this.el.diffRight as HTMLElement & { value: string }).value;
		if (left && right) this.user({ type: 'selectDiff', left, right });
	}

	private act(action: string, columnId: string, control: Element): void {
		switch (action) {
			case 'cancelAll':
			case 'save':
			case 'exportMarkdown':
				return this.host.post({ type: action });
			case 'repeat': {
				const times = Math.round(Number((this.el.repeatCount as HTMLElement & { value: string }).value));
				if (Number.isFinite(times) && times >= 1 && times <= MAX_REPEAT && !isBusy(this.state)) this.host.post({ type: 'repeat', times });
				else this.dispatch({ type: 'notice', notice: { level: 'warning', message: `Repeat runs each column 1 to ${MAX_REPEAT} times, once no column is running.` } });
				return;
			}
			case 'rerun':
				return this.host.post({ type: 'rerun', columnId });
			case 'setBaseline':
				return this.user({ type: 'setBaseline', columnId });
			case 'vote':
				return this.user({ type: 'vote', columnId: this.state.vote === columnId ? null : columnId });
			case 'toggleRaw':
				return this.user({ type: 'toggleRaw', columnId, raw: !this.state.ui.raw.includes(columnId) });
			case 'showRun':
				return this.user({ type: 'showRun', columnId, runIndex: Number(control.getAttribute('data-run')) });
		}
	}

	private openLink(element: Element): void {
		const url = linkTarget(element);
		if (url) this.host.post({ type: 'openLink', url });
	}
}

function diffNodes(state: CompareState, left: string, right: string): Node[] {
	const runs = [left, right].map((id) => {
		const column = state.columns.find((c) => c.id === id);
		return column && shownRun(state, column);
	});
	if (left === right) return [placeholder('Pick two different columns to see what changes between their answers.')];
	// Diffing on every frame of a stream costs more than it tells.
	if (runs.some((run) => run?.phase === 'running' || run?.phase === 'pending')) return [placeholder('The diff appears when both answers are complete.')];
	if (runs.every((run) => !run?.output)) return [placeholder('No answers to compare yet.')];
	const parts = columnDiff(state, left, right);
	if (!parts) return [placeholder('These answers are too long and too different for a word diff.')];
	const out = h('p', { class: 'diff-text' });
	append(out, parts.map((part) =>
		part.kind === 'same' ? part.text
			: part.kind === 'added' ? h('ins', {}, h('span', { class: 'visually-hidden' }, '[added] '), part.text)
				: h('del', {}, h('span', { class: 'visually-hidden' }, '[removed] '), part.text)));
	return [out];
}

function placeholder(text: string): HTMLElement {
	return h('p', { class: 'placeholder' }, text);
}

function setSelectValue(select: HTMLElement, value: string): void {
	const s = select as HTMLElement & { value: string };
	if (s.value !== value) s.value = value;
}

function sameRow(a: SummaryRow | undefined, b: SummaryRow | undefined): boolean {
	return JSON.stringify(a) === JSON.stringify(b);
}
