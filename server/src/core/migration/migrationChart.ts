// The report's chart as inline SVG: cost per 1,000 calls (x) against pass rate (y), one point per model per prompt,
// a line from the old model's point to the new one's. Presentation attributes only (no style attributes): a strict
// CSP holds.
import { formatCost } from '../pricing';
import type { MigrationRow } from './migrationTypes';
import { escapeHtml } from './reportFormat';

export interface ChartPoint {
	prompt: string;
	model: string;
	side: 'from' | 'to';
	costPer1k: number;
	passRate: number;
}

const W = 640;
const H = 360;
const M = { left: 64, right: 16, top: 16, bottom: 48 };
export const CHART_COLORS = { from: '#3b82f6', to: '#f97316' } as const;

/** Points for prompts whose cases have checks on both models: measured cost where it is known, else the estimate. */
export function chartPoints(rows: readonly MigrationRow[]): ChartPoint[] {
	const points: ChartPoint[] = [];
	for (const row of rows) {
		const m = row.measured;
		if (!m || m.from.passRate === undefined || m.to.passRate === undefined) continue;
		const fromCost = m.from.costPerCall !== undefined ? m.from.costPerCall * 1000 : row.from?.costPer1k;
		const toCost = m.to.costPerCall !== undefined ? m.to.costPerCall * 1000 : row.to?.costPer1k;
		if (fromCost === undefined || toCost === undefined) continue;
		points.push({
			prompt: row.prompt,
			model: m.from.model,
			side: 'from',
			costPer1k: fromCost,
			passRate: m.from.passRate,
		});
		points.push({ prompt: row.prompt, model: m.to.model, side: 'to', costPer1k: toCost, passRate: m.to.passRate });
	}
	return points;
}

/** The SVG, or undefined when no prompt has a point on both models. */
export function migrationChart(rows: readonly MigrationRow[]): string | undefined {
	const points = chartPoints(rows);
	if (points.length === 0) return undefined;
	const x = xScale(points.map((p) => p.costPer1k));
	const y = (rate: number) => M.top + (1 - rate) * (H - M.top - M.bottom);
	const parts: string[] = [
		`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" ` +
			'aria-label="Cost per 1,000 calls against pass rate, one point per model per prompt">',
		...axes(x, y),
	];
	for (let i = 0; i < points.length; i += 2) {
		const [a, b] = [points[i], points[i + 1]];
		parts.push(
			`<line x1="${x.at(a.costPer1k)}" y1="${y(a.passRate)}" x2="${x.at(b.costPer1k)}" y2="${y(b.passRate)}" ` +
				'stroke="currentColor" stroke-opacity="0.35" stroke-width="1.5"/>',
		);
	}
	for (const p of points) {
		const rate = Math.round(p.passRate * 100);
		const title = `${p.prompt} — ${p.model}: ${formatCost(p.costPer1k)} per 1,000 calls, pass rate ${rate}%`;
		parts.push(
			`<circle class="point ${p.side}" cx="${x.at(p.costPer1k)}" cy="${y(p.passRate)}" r="5" ` +
				`fill="${CHART_COLORS[p.side]}"><title>${escapeHtml(title)}</title></circle>`,
		);
	}
	parts.push('</svg>');
	return parts.join('\n');
}

interface XScale {
	at: (cost: number) => number;
	ticks: number[];
	log: boolean;
}

/** Linear from 0, or logarithmic when the costs span more than 20× (a 10× price gap should not squash one side). */
function xScale(costs: number[]): XScale {
	const max = Math.max(...costs);
	const min = Math.min(...costs.filter((c) => c > 0), max);
	const width = W - M.left - M.right;
	const round = (n: number) => Math.round(n * 10) / 10;
	if (min > 0 && max / min > 20) {
		const lo = Math.floor(Math.log10(min));
		const hi = Math.ceil(Math.log10(max));
		const span = Math.max(1, hi - lo);
		const at = (c: number) => round(M.left + ((Math.log10(Math.max(c, 10 ** lo)) - lo) / span) * width);
		return { at, ticks: Array.from({ length: span + 1 }, (_, i) => 10 ** (lo + i)), log: true };
	}
	const top = max > 0 ? max * 1.1 : 1;
	return {
		at: (c) => round(M.left + (c / top) * width),
		ticks: [0, 0.25, 0.5, 0.75, 1].map((f) => f * top),
		log: false,
	};
}

function axes(x: XScale, y: (rate: number) => number): string[] {
	const out = [
		`<line x1="${M.left}" y1="${H - M.bottom}" x2="${W - M.right}" y2="${H - M.bottom}" stroke="currentColor"/>`,
		`<line x1="${M.left}" y1="${M.top}" x2="${M.left}" y2="${H - M.bottom}" stroke="currentColor"/>`,
	];
	for (const t of x.ticks)
		out.push(
			`<text x="${x.at(t)}" y="${H - M.bottom + 16}" text-anchor="middle" font-size="11" fill="currentColor">` +
				`${escapeHtml(formatCost(t))}</text>`,
		);
	for (const r of [0, 0.25, 0.5, 0.75, 1])
		out.push(
			`<text x="${M.left - 6}" y="${y(r) + 4}" text-anchor="end" font-size="11" fill="currentColor">${r * 100}%</text>`,
		);
	out.push(
		`<text x="${(M.left + W - M.right) / 2}" y="${H - 8}" text-anchor="middle" font-size="12" fill="currentColor">` +
			`cost per 1,000 calls${x.log ? ' (log scale)' : ''}</text>`,
		`<text x="14" y="${(M.top + H - M.bottom) / 2}" text-anchor="middle" font-size="12" fill="currentColor" ` +
			`transform="rotate(-90 14 ${(M.top + H - M.bottom) / 2})">pass rate</text>`,
	);
	return out;
}
