// One column's DOM: built once (so focus survives streaming), then updated in place from a ColumnView.
import type { ColumnView } from '../shared/columnView';
import { append, h, metricList, setAttr, setText } from './dom';
import { renderMarkdownInto } from './markdownOutput';

export class ColumnDom {
	readonly element: HTMLElement;
	/** How often this column re-rendered its output (the frame batching test reads it from `data-renders`). */
	renders = 0;
	private readonly title: HTMLElement;
	private readonly subtitle: HTMLElement;
	private readonly badges: HTMLElement;
	private readonly live: HTMLElement;
	private readonly versus: HTMLElement;
	private readonly buttons: Record<'rerun' | 'setBaseline' | 'vote' | 'toggleRaw', HTMLElement>;
	private readonly runs: HTMLElement;
	private readonly output: HTMLElement;
	private readonly details: HTMLElement;
	private last: ColumnView | undefined;

	constructor(readonly id: string) {
		const titleId = `column-title-${cssId(id)}`;
		this.title = h('h2', { id: titleId, class: 'column-title' });
		this.subtitle = h('div', { class: 'column-subtitle' });
		this.badges = h('div', { class: 'badges' });
		this.live = h('span', { class: 'visually-hidden', role: 'status' });
		this.versus = h('div', { class: 'versus' });
		this.buttons = {
			rerun: button('rerun', id, 'Rerun'),
			setBaseline: button('setBaseline', id, 'Baseline'),
			vote: button('vote', id, 'Vote winner'),
			toggleRaw: button('toggleRaw', id, 'Raw text'),
		};
		this.runs = h('div', { class: 'runs', role: 'group', hidden: true });
		this.output = h('div', { class: 'output', role: 'region', tabindex: '0' });
		this.details = h('div', { class: 'details' });
		this.element = h('article', { class: 'column', 'aria-labelledby': titleId, 'data-column': id },
			h('header', { class: 'column-header' }, this.title, this.subtitle, this.badges, this.versus, this.live),
			h('div', { class: 'actions', role: 'toolbar', 'aria-label': 'Column actions' }, ...Object.values(this.buttons)),
			this.runs,
			this.output,
			this.details);
	}

	update(view: ColumnView): void {
		const last = this.last;
		this.last = view;
		this.renders++;
		this.element.dataset.renders = String(this.renders);
		this.element.dataset.phase = view.phase;
		setText(this.title, view.title);
		setText(this.subtitle, view.subtitle);
		setText(this.live, `${view.title}: ${view.status}`);
		setText(this.versus, view.versusBaseline && !view.baseline ? `vs baseline: ${view.versusBaseline}` : '');
		this.updateBadges(view);
		this.updateButtons(view);
		if (!last || last.runCount !== view.runCount) this.buildRunPicker(view);
		for (const child of this.runs.children) setAttr(child, 'aria-pressed', child.getAttribute('data-run') === String(view.runIndex) ? 'true' : 'false');
		if (!last || last.output !== view.output || last.raw !== view.raw || last.json !== view.json || last.jsonPending !== view.jsonPending) this.renderOutput(view);
		this.renderDetails(view);
	}

	private updateBadges(view: ColumnView): void {
		const labels = [
			[view.status, `phase-${view.phase}`],
			view.baseline && ['baseline', 'flag-baseline'],
			view.winner && ['winner', 'flag-winner'],
			view.cheapest && ['cheapest', 'flag-cheapest'],
			view.fastest && ['fastest', 'flag-fastest'],
		].filter((x): x is string[] => Array.isArray(x));
		const key = labels.map((l) => l.join(':')).join('|');
		if (this.badges.dataset.key === key) return;
		this.badges.dataset.key = key;
		this.badges.replaceChildren(...labels.map(([text, cls]) => h('vscode-badge', { class: cls }, text)));
	}

	private updateButtons(view: ColumnView): void {
		const running = view.phase === 'running' || view.phase === 'pending';
		const { rerun, setBaseline, vote, toggleRaw } = this.buttons;
		setAttr(rerun, 'disabled', running);
		setAttr(rerun, 'aria-label', `Rerun ${view.title}`);
		setAttr(setBaseline, 'aria-pressed', String(view.baseline));
		setAttr(setBaseline, 'aria-label', `Use ${view.title} as the baseline for the ratios`);
		setAttr(vote, 'aria-pressed', String(view.winner));
		setAttr(vote, 'aria-label', view.winner ? `Withdraw the vote for ${view.title}` : `Vote ${view.title} the winner`);
		setText(vote, view.winner ? 'Winner ✓' : 'Vote winner');
		setAttr(toggleRaw, 'aria-pressed', String(view.raw));
		setAttr(toggleRaw, 'aria-label', view.raw ? `Show ${view.title}'s answer rendered` : `Show ${view.title}'s answer as raw text`);
		setText(toggleRaw, view.raw ? 'Rendered' : 'Raw text');
		setAttr(this.output, 'aria-label', `Answer from ${view.title}`);
		setAttr(this.output, 'aria-busy', running ? 'true' : 'false');
		setAttr(this.runs, 'aria-label', `Runs of ${view.title}`);
	}

	private buildRunPicker(view: ColumnView): void {
		this.runs.hidden = view.runCount < 2;
		this.runs.replaceChildren(
			...Array.from({ length: view.runCount < 2 ? 0 : view.runCount }, (_, i) => {
				const b = button('showRun', view.id, String(i + 1));
				b.setAttribute('data-run', String(i));
				b.setAttribute('secondary', '');
				b.setAttribute('aria-label', `Show run ${i + 1} of ${view.runCount}`);
				return b;
			}),
		);
	}

	private renderOutput(view: ColumnView): void {
		const target = this.output;
		target.classList.toggle('is-raw', view.raw);
		if (view.output === '') {
			target.replaceChildren(h('p', { class: 'placeholder' }, view.phase === 'idle' ? 'Not run yet.' : view.phase === 'running' || view.phase === 'pending' ? 'Waiting for the answer…' : 'No text in the answer.'));
		} else if (view.raw) {
			target.replaceChildren(h('pre', { class: 'raw' }, view.output));
		} else if (view.json?.ok) {
			target.replaceChildren(h('pre', { class: 'json' }, h('code', {}, view.json.pretty)));
		} else if (view.json && !view.json.ok) {
			target.replaceChildren(h('pre', { class: 'raw' }, view.output));
		} else {
			renderMarkdownInto(target, view.output);
		}
	}

	private renderDetails(view: ColumnView): void {
		const parts: Node[] = [];
		if (view.json) parts.push(jsonReport(view));
		else if (view.jsonPending) parts.push(h('p', { class: 'json-note' }, 'JSON is checked when the answer is complete.'));
		if (view.error) parts.push(h('p', { class: 'error', role: 'alert' }, view.error));
		parts.push(metricList('metrics', `Metrics for ${view.title}`, view.metrics));
		if (view.repeat) parts.push(h('h3', { class: 'repeat-title' }, 'Across runs'), metricList('metrics repeat', `Spread across runs of ${view.title}`, view.repeat));
		const key = JSON.stringify([view.json, view.jsonPending, view.error, view.metrics, view.repeat]);
		if (this.details.dataset.key === key) return;
		this.details.dataset.key = key;
		this.details.replaceChildren(...parts);
	}
}

function jsonReport(view: ColumnView): HTMLElement {
	const json = view.json;
	if (!json) return h('div');
	if (!json.ok) return h('div', { class: 'json-report invalid' }, h('p', { class: 'error' }, json.error));
	if (!json.schemaChecked) return h('div', { class: 'json-report' }, h('p', {}, `Valid JSON${json.fenced ? ' (inside a code fence)' : ''}; the prompt has no output schema to check it against.`));
	if (json.problems.length === 0) return h('div', { class: 'json-report valid' }, h('p', {}, `Valid JSON that matches the output schema${json.fenced ? ' (inside a code fence)' : ''}.`));
	const list = h('ul', { class: 'schema-problems' });
	append(list, json.problems.map((p) => h('li', {}, h('code', {}, p.path), ` ${p.message}`)));
	return h('div', { class: 'json-report invalid' }, h('p', { class: 'error' }, `The JSON does not match the output schema (${json.problems.length} ${json.problems.length === 1 ? 'problem' : 'problems'}):`), list);
}

function button(action: string, columnId: string, text: string): HTMLElement {
	return h('vscode-button', { 'data-action': action, 'data-column': columnId, secondary: true }, text);
}

/** Column ids come from the extension; keep element ids to safe characters. */
function cssId(id: string): string {
	return id.replace(/[^A-Za-z0-9_-]/g, (c) => `_${c.charCodeAt(0).toString(16)}`);
}
