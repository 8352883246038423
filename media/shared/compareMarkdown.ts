// compareMarkdown: a comparison as a Markdown report (for "Export Markdown"), from the same view-model the panel shows.
import { formatCost } from '../../server/src/core/pricing';
import { columnView, formatDuration, targetLabel, type Metric } from './columnView';
import type { CompareState } from './compareMessages';
import { summarize } from './compareSummary';

/** The whole comparison: prompt, inputs, summary table, vote, then each column's metrics and answer (the shown run). */
export function compareMarkdown(state: CompareState): string {
	const summary = summarize(state);
	const label = (id: string | undefined): string => {
		const column = state.columns.find((c) => c.id === id);
		return column ? targetLabel(column.target) : '—';
	};
	const lines = [`# Comparison: ${state.prompt.name || 'prompt'}`, ''];
	if (state.prompt.path) lines.push(`Prompt: \`${state.prompt.path}\``, '');
	if (Object.keys(state.inputs).length > 0) lines.push('Inputs:', '', ...fenced(JSON.stringify(state.inputs, null, 2), 'json'), '');
	lines.push('## Summary', '', '| Model | Cost | Latency | Versus baseline | Notes |', '|---|---|---|---|---|');
	for (const row of summary.rows) {
		const notes = [row.baseline && 'baseline', row.cheapest && 'cheapest', row.fastest && 'fastest', row.winner && 'winner'].filter(Boolean).join(', ');
		lines.push(`| ${[label(row.columnId), row.cost !== undefined ? formatCost(row.cost) : '—', row.latencyMs !== undefined ? formatDuration(row.latencyMs) : '—', row.versusBaseline ?? '—', notes].map(cell).join(' | ')} |`);
	}
	lines.push('', state.vote ? `Winner (voted): ${label(state.vote)}` : 'No winner voted.', '');
	for (const column of state.columns) {
		const view = columnView(state, column, summary.rows.find((r) => r.columnId === column.id));
		lines.push(`## ${targetLabel(column.target)}`, '', `Status: ${view.status}${view.runCount > 1 ? ` (run ${view.runIndex + 1} of ${view.runCount})` : ''}`, '');
		lines.push(...metricLines(view.metrics));
		if (view.repeat) lines.push('', 'Across runs:', '', ...metricLines(view.repeat));
		if (view.error) lines.push('', `Error: ${view.error}`);
		if (view.json && !view.json.ok) lines.push('', view.json.error);
		if (view.json?.ok && view.json.problems.length > 0) lines.push('', 'Schema problems:', '', ...view.json.problems.map((p) => `- \`${p.path}\` ${p.message}`));
		lines.push('', ...fenced(view.json?.ok ? view.json.pretty : view.output, view.json?.ok ? 'json' : 'text'), '');
	}
	return lines.join('\n');
}

function metricLines(metrics: Metric[]): string[] {
	return metrics.map((m) => `- ${m.label}: ${m.value}`);
}

/** A code fence longer than any backtick run in the text, so an answer cannot close it early. */
function fenced(text: string, language: string): string[] {
	const longest = Math.max(0, ...Array.from(text.matchAll(/`+/g), (m) => m[0].length));
	const fence = '`'.repeat(Math.max(3, longest + 1));
	return [`${fence}${language}`, text, fence];
}

function cell(text: string): string {
	return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
