// A migration report as Markdown for a pull request: the estimate, what a run measured, word diffs of the answers.
import { diffWords } from 'diff';
import { formatCost, formatPercent, formatTokens } from '../pricing';
import { escapeHtml, ms, plural } from './reportFormat';
import type { MeasuredModel, MigrationReport, MigrationRow, MigrationSide } from './migrationTypes';

export function migrationMarkdown(report: MigrationReport): string {
	const { prompts: rows, totals } = report;
	const lines = [
		`## Moving to \`${report.to}\`${report.from ? ` from \`${report.from}\`` : ''}: ${plural(rows.length, 'prompt')}`,
		'',
		'| prompt | from | input tokens | per 1,000 calls | cost ratio | window use | what changes |',
		'|---|---|---|---|---|---|---|',
		...rows.map(estimateRow),
		'',
		totals.fromPer1k !== undefined
			? `**Per 1,000 calls of each prompt:** ${formatCost(totals.fromPer1k)} → ${formatCost(totals.toPer1k ?? 0)}` +
				`${totals.ratio !== undefined ? ` (${totals.ratio.toFixed(2)}×)` : ''}.`
			: 'No totals: prices are unknown for these models.',
		'',
		"Input tokens are counted with each model's own tokenizer (≈ where it is not an OpenAI model); the output is " +
			'assumed at config.maxOutputTokens or promptLens.expectedOutputTokens. Prices come from the model catalog; ' +
			"`prompt-lens count` shows each price's source and date.",
		...measuredSection(report),
	];
	return lines.join('\n');
}

function estimateRow(r: MigrationRow): string {
	if (r.error) return `| ${cell(r.prompt)} | — | — | — | — | — | ${cell(r.error)} |`;
	const tokens = (s?: MigrationSide) => (s ? `${s.exact ? '' : '≈'}${formatTokens(s.inputTokens)}` : '—');
	const money = (n?: number) => (n === undefined ? 'no price' : formatCost(n));
	const ratio = r.costRatio === undefined ? '—' : `${r.costRatio.toFixed(2)}×`;
	const window = r.to?.windowUse === undefined ? '—' : formatPercent(r.to.windowUse);
	const notes = r.notes.map(cell).join('<br>') || '—';
	return (
		`| ${cell(r.prompt)} | ${cell(r.from?.model ?? '—')} | ${tokens(r.from)} → ${tokens(r.to)} | ` +
		`${money(r.from?.costPer1k)} → ${money(r.to?.costPer1k)} | ${ratio} | ${window} | ${notes} |`
	);
}

function measuredSection(report: MigrationReport): string[] {
	const run = report.run;
	if (!run) return ['', 'Measured quality: run again with `--run` (it sends requests: the estimate is shown first).'];
	const measured = report.prompts.filter((r) => r.measured);
	const lines = [
		'',
		`### Measured: ${plural(run.repeat, 'repeat')} per case, spent ${formatCost(run.spent)} ` +
			`(estimated ${formatCost(run.estimate)}${run.maxCost !== undefined ? `, budget ${formatCost(run.maxCost)}` : ''})`,
		...(run.skipped > 0 ? ['', `**Partial:** ${plural(run.skipped, 'run')} left out at the budget.`] : []),
		'',
		'| prompt | model | cases | pass rate | judge | latency p50 / p95 | cost per call | spent |',
		'|---|---|---|---|---|---|---|---|',
	];
	for (const row of measured) {
		const m = row.measured!;
		lines.push(measuredRow(row.prompt, m.cases, m.source, m.from), measuredRow('', m.cases, m.source, m.to));
	}
	lines.push('', 'Pass rate: runs whose checks all passed (cases from input.default or samples have no checks).');
	for (const row of measured) lines.push(...answerDiffs(row));
	return lines;
}

function measuredRow(prompt: string, cases: number, source: string, m: MeasuredModel): string {
	const pass = m.passRate === undefined ? 'no checks' : formatPercent(m.passRate);
	const judge = m.judgeScore === undefined ? '—' : m.judgeScore.toFixed(2);
	const latency = m.latencyP50 === undefined ? '—' : `${ms(m.latencyP50)} / ${ms(m.latencyP95 ?? m.latencyP50)}`;
	const perCall = m.costPerCall === undefined ? 'no price' : formatCost(m.costPerCall);
	const answered = m.answered < m.runs ? ` (${m.runs - m.answered} of ${m.runs} runs failed)` : '';
	return (
		`| ${cell(prompt)} | ${cell(m.model)} | ${prompt ? `${cases} (${source})` : ''} | ${pass}${answered} | ${judge} | ` +
		`${latency} | ${perCall} | ${formatCost(m.cost)} |`
	);
}

/** Each case's two answers as one word diff: <del> what only the old model said, <ins> what only the new one said. */
function answerDiffs(row: MigrationRow): string[] {
	const answers = row.measured?.answers ?? [];
	if (answers.length === 0) return [];
	const out = ['', `<details><summary>${escapeHtml(row.prompt)}: the answers, word by word</summary>`, ''];
	for (const a of answers) {
		const diff = diffWords(a.from, a.to)
			.map((part) =>
				part.removed
					? `<del>${escapeHtml(part.value)}</del>`
					: part.added
						? `<ins>${escapeHtml(part.value)}</ins>`
						: escapeHtml(part.value),
			)
			.join('');
		out.push(`**${escapeHtml(a.case)}**`, '', `<pre>${diff}</pre>`, '');
	}
	out.push('</details>');
	return out;
}

function cell(text: string): string {
	return escapeHtml(text).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
