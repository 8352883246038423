// Cost arithmetic (per call, per 1,000 calls, tiers, cached input) and the number formats users read in hovers and lenses.
import type { ModelPrice } from './models/types';

export interface Usage {
	inputTokens: number;
	outputTokens: number;
	/** Part of `inputTokens` served from the provider's prompt cache, billed at the cached rate when there is one. */
	cachedInputTokens?: number;
}

export interface Cost {
	input: number;
	output: number;
	total: number;
	/** The tier applied, by its threshold; undefined for the base price. */
	tierAbove?: number;
}

/** USD for one call. Tiers apply to the whole request once its input exceeds the tier's threshold (as providers bill it). */
export function estimateCost(usage: Usage, price: ModelPrice): Cost {
	const tier = [...(price.tiers ?? [])]
		.sort((a, b) => b.aboveInputTokens - a.aboveInputTokens)
		.find((t) => usage.inputTokens > t.aboveInputTokens);
	const rates = tier ?? price;
	const cached = Math.min(Math.max(usage.cachedInputTokens ?? 0, 0), usage.inputTokens);
	const cachedRate = rates.cachedInputPerMTok ?? rates.inputPerMTok;
	const input = ((usage.inputTokens - cached) * rates.inputPerMTok + cached * cachedRate) / 1e6;
	const output = (usage.outputTokens * rates.outputPerMTok) / 1e6;
	return { input, output, total: input + output, tierAbove: tier?.aboveInputTokens };
}

/** `$1.23`, `$0.0031`, `$0.000123`: always at least three significant digits, never scientific notation. */
export function formatCost(usd: number): string {
	if (!Number.isFinite(usd)) return '—';
	if (usd === 0) return '$0';
	const abs = Math.abs(usd);
	const sign = usd < 0 ? '-' : '';
	if (abs >= 100) return `${sign}$${formatTokens(abs)}`;
	if (abs >= 0.1) return `${sign}$${abs.toFixed(2)}`;
	const decimals = Math.min(10, Math.max(2, 2 - Math.floor(Math.log10(abs))));
	return `${sign}$${abs.toFixed(decimals).replace(/(\.\d*?[1-9])0+$/, '$1')}`;
}

/** `1,234` tokens. */
export function formatTokens(tokens: number): string {
	return formatCount(Math.round(tokens));
}

/**
 * `1,234,567.5`, as `toLocaleString('en-US')` writes it (up to three decimals) without loading ICU's locale data: that
 * showed up in profiles of every keystroke, and took ~20 ms of the server's start.
 */
export function formatCount(n: number): string {
	const [whole, fraction] = String(Math.round(n * 1000) / 1000).split('.');
	const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
	return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

/** Context windows as people say them: `128k`, `1M`, `200k`, `16k` (16,385 → 16k). */
export function formatWindow(tokens: number): string {
	// Windows like 131,072 are powers of two that everyone calls 128k.
	const unit = tokens % 1000 !== 0 && tokens % 1024 === 0 ? 1024 : 1000;
	if (tokens >= unit * unit) return `${trim(tokens / (unit * unit))}M`;
	if (tokens >= unit) return `${Math.round(tokens / unit)}k`;
	return String(tokens);
}

/** `1.0%`, `0.05%`, `112%`. */
export function formatPercent(ratio: number): string {
	const percent = ratio * 100;
	if (percent >= 100) return `${Math.round(percent)}%`;
	if (percent >= 0.1 || percent === 0) return `${percent.toFixed(1)}%`;
	return `${percent.toPrecision(1)}%`;
}

/** `5×`, `6.7×`, `0.25×`. */
export function formatRatio(ratio: number): string {
	if (!Number.isFinite(ratio)) return '—';
	if (ratio >= 10) return `${Math.round(ratio)}×`;
	return `${String(Number(ratio.toPrecision(2)))}×`;
}

/** `$2.50` per 1M tokens. */
export function formatPricePerMTok(usdPerMTok: number): string {
	return `$${usdPerMTok.toFixed(usdPerMTok < 0.1 ? 3 : 2)}`;
}

function trim(n: number): string {
	return String(Number(n.toFixed(1)));
}
