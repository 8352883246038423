// A migration report as one self-contained HTML page (the CLI's --format html, and the VS Code report view): no script,
// a CSP that allows only its own nonce'd style, every model answer and file name escaped.
import { diffWords } from 'diff';
import { formatCost, formatPercent, formatTokens } from '../pricing';
import { CHART_COLORS, migrationChart } from './migrationChart';
import type { MeasuredModel, MigrationReport, MigrationRow, MigrationSide } from './migrationTypes';
import { escapeHtml as h, ms, plural } from './reportFormat';

export interface HtmlOptions {
	/** A fresh random value per page: the only style allowed to apply. */
	nonce: string;
}

export function migrationHtml(report: MigrationReport, options: HtmlOptions): string {
	const title = `Moving to ${report.to}${report.from ? ` from ${report.from}` : ''}`;
	const csp = `default-src 'none'; style-src 'nonce-${options.nonce}'; img-src data:;`;
	return [
		'<!DOCTYPE html>',
		'<html lang="en"><head><meta charset="utf-8">',
		`<meta http-equiv="Content-Security-Policy" content="${h(csp)}">`,
		`<title>${h(title)}</title>`,
		`<style nonce="${h(options.nonce)}">${STYLE}</style>`,
		'</head><body>',
		`<h1>${h(title)}: ${plural(report.prompts.length, 'prompt')}</h1>`,
		totalsLine(report),
		...chartSection(report),
		'<h2>Estimate</h2>',
		estimateTable(report.prompts),
		'<p class="note">Input tokens are counted with each model’s own tokenizer (≈ where it is not an OpenAI model); ' +
			'prices come from the model catalog (<code>prompt-lens count</code> shows each source and date).</p>',
		...measuredSection(report),
		'</body></html>',
	].join('\n');
}

function totalsLine(report: MigrationReport): string {
	const t = report.totals;
	if (t.fromPer1k === undefined) return '<p>No totals: prices are unknown for these models.</p>';
	const ratio = t.ratio !== undefined ? ` (${t.ratio.toFixed(2)}×)` : '';
	const change = `${h(formatCost(t.fromPer1k))} → ${h(formatCost(t.toPer1k ?? 0))}${ratio}`;
	return `<p><strong>Per 1,000 calls of each prompt:</strong> ${change}</p>`;
}

function chartSection(report: MigrationReport): string[] {
	const svg = report.run ? migrationChart(report.prompts) : undefined;
	if (!svg)
		return [
			'<p class="note">The chart (cost per 1,000 calls against pass rate) needs measured pass rates: run with ' +
				'<code>--run</code> on prompts that have tests with checks.</p>',
		];
	const legend = (side: 'from' | 'to', label: string) =>
		`<span class="legend"><svg width="10" height="10"><circle cx="5" cy="5" r="5" fill="${CHART_COLORS[side]}"/>` +
		`</svg> ${h(label)}</span>`;
	return [
		'<h2>Cost against pass rate</h2>',
		`<figure>${svg}<figcaption>${legend('from', 'current model')} ${legend('to', report.to)}` +
			' — one point per model per prompt; a line joins a prompt’s two points.</figcaption></figure>',
	];
}

function estimateTable(rows: MigrationRow[]): string {
	const tokens = (s?: MigrationSide) => (s ? `${s.exact ? '' : '≈'}${formatTokens(s.inputTokens)}` : '—');
	const money = (n?: number) => (n === undefined ? 'no price' : formatCost(n));
	const body = rows.map((r) =>
		r.error
			? `<tr><td>${h(r.prompt)}</td><td colspan="5"></td><td class="error">${h(r.error)}</td></tr>`
			: `<tr><td>${h(r.prompt)}</td><td>${h(r.from?.model ?? '—')}</td><td>${tokens(r.from)} → ${tokens(r.to)}</td>` +
				`<td>${h(money(r.from?.costPer1k))} → ${h(money(r.to?.costPer1k))}</td>` +
				`<td>${r.costRatio === undefined ? '—' : `${r.costRatio.toFixed(2)}×`}</td>` +
				`<td>${r.to?.windowUse === undefined ? '—' : formatPercent(r.to.windowUse)}</td>` +
				`<td>${r.notes.map(h).join('<br>') || '—'}</td></tr>`,
	);
	return table(['prompt', 'from', 'input tokens', 'per 1,000 calls', 'cost ratio', 'window use', 'what changes'], body);
}

function measuredSection(report: MigrationReport): string[] {
	const run = report.run;
	if (!run) return [];
	const rows = report.prompts.filter((r) => r.measured);
	const budget = run.maxCost !== undefined ? `, budget ${formatCost(run.maxCost)}` : '';
	const body = rows.flatMap((r) => [
		measuredRow(r.prompt, r.measured!.cases, r.measured!.source, r.measured!.from),
		measuredRow('', 0, '', r.measured!.to),
	]);
	return [
		`<h2>Measured: ${plural(run.repeat, 'repeat')} per case</h2>`,
		`<p>Spent ${h(formatCost(run.spent))} (estimated ${h(formatCost(run.estimate))}${h(budget)}).</p>`,
		...(run.skipped > 0 ? [`<p class="error">Partial: ${plural(run.skipped, 'run')} left out at the budget.</p>`] : []),
		table(['prompt', 'model', 'cases', 'pass rate', 'judge', 'latency p50 / p95', 'cost per call', 'spent'], body),
		...rows.flatMap(answerDiffs),
	];
}

function measuredRow(prompt: string, cases: number, source: string, m: MeasuredModel): string {
	const failed =
		m.answered < m.runs ? ` <span class="error">(${m.runs - m.answered} of ${m.runs} runs failed)</span>` : '';
	const latency = m.latencyP50 === undefined ? '—' : `${ms(m.latencyP50)} / ${ms(m.latencyP95 ?? m.latencyP50)}`;
	return (
		`<tr><td>${h(prompt)}</td><td>${h(m.model)}</td><td>${prompt ? `${cases} (${h(source)})` : ''}</td>` +
		`<td>${m.passRate === undefined ? 'no checks' : formatPercent(m.passRate)}${failed}</td>` +
		`<td>${m.judgeScore === undefined ? '—' : m.judgeScore.toFixed(2)}</td><td>${latency}</td>` +
		`<td>${m.costPerCall === undefined ? 'no price' : h(formatCost(m.costPerCall))}</td>` +
		`<td>${h(formatCost(m.cost))}</td></tr>`
	);
}

function answerDiffs(row: MigrationRow): string[] {
	const answers = row.measured?.answers ?? [];
	if (answers.length === 0) return [];
	return [
		`<details><summary>${h(row.prompt)}: the answers, word by word</summary>`,
		...answers.map((a) => {
			const diff = diffWords(a.from, a.to)
				.map((p) => (p.removed ? `<del>${h(p.value)}</del>` : p.added ? `<ins>${h(p.value)}</ins>` : h(p.value)))
				.join('');
			return `<h3>${h(a.case)}</h3><pre class="diff">${diff}</pre>`;
		}),
		'</details>',
	];
}

function table(head: string[], body: string[]): string {
	const cells = head.map((c) => `<th>${h(c)}</th>`).join('');
	return `<table><thead><tr>${cells}</tr></thead><tbody>${body.join('')}</tbody></table>`;
}

const STYLE = [
	'body{font-family:var(--vscode-font-family,system-ui,sans-serif);color:var(--vscode-foreground,#1f2328);',
	'background:var(--vscode-editor-background,#fff);margin:1.5rem;line-height:1.45}',
	'table{border-collapse:collapse;margin:0.5rem 0 1rem}th,td{border:1px solid var(--vscode-panel-border,#d0d7de);',
	'padding:4px 8px;text-align:left;vertical-align:top}th{font-weight:600}',
	'.note{opacity:0.8}.error{color:var(--vscode-errorForeground,#cf222e)}',
	'pre.diff{white-space:pre-wrap;padding:8px;border:1px solid var(--vscode-panel-border,#d0d7de)}',
	'del{background:rgba(248,81,73,0.25)}ins{background:rgba(46,160,67,0.25);text-decoration:none}',
	'figure{margin:0}figcaption{font-size:0.9em}.legend{white-space:nowrap}',
].join('');
