// The text of a run's output tab: a header (model, status, latencies, usage, cost, finish reason, retries) then the output.
import { formatCost, formatPricePerMTok, formatTokens } from '../../../server/src/core';
import type { ModelPrice } from '../../../server/src/core';
import type { RunError, RunEvent, RunPlan, RunRecord, RunResult } from '../../../server/src/core';

export type RetryEvent = Extract<RunEvent, { type: 'retry' }>;

/** Everything the tab shows: from a plan while a run streams, or from a history record. */
export interface RunView {
	/** The prompt file's name, for the title line. */
	file: string;
	/** The model as written, e.g. `openai/gpt-4o-mini`. */
	model: string;
	/** The model id sent to the provider. */
	modelId?: string;
	provider?: { id: string; baseURL?: string };
	inputs: Record<string, unknown>;
	sample?: string;
	notes: string[];
	estimate?: RunPlan['estimate'];
	price?: ModelPrice;
	/** What streamed so far (the result's output once finished). */
	output: string;
	firstTokenMs?: number;
	retries: RetryEvent[];
	/** Set when the run is over. */
	result?: RunResult;
}

export function viewOfPlan(file: string, plan: RunPlan, provider: { id: string; baseURL: string }, modelId: string): RunView {
	return { file, model: plan.model, modelId, provider, inputs: plan.inputs, sample: plan.sample, notes: plan.notes, estimate: plan.estimate, price: plan.price, output: '', retries: [] };
}

export function viewOfRecord(file: string, record: RunRecord): RunView {
	return {
		file,
		model: record.model,
		provider: record.provider ? { id: record.provider } : undefined,
		inputs: record.inputs,
		notes: [`run ${record.id} from the history (request ${record.requestHash.slice(0, 12)})`],
		output: record.result.output,
		retries: [],
		result: record.result,
	};
}

const RULE = '─'.repeat(60);

export function runReport(view: RunView): string {
	const rows = headerRows(view).map(([label, value]) => `${label.padEnd(12)} ${value}`);
	const lines = [`Prompt Lens run · ${view.file}`, ...rows, RULE, view.result?.output ?? view.output];
	const marker = endMarker(view.result);
	if (marker) lines.push(RULE, marker);
	return lines.join('\n') + '\n';
}

function headerRows(view: RunView): [string, string][] {
	const { result } = view;
	const rows: [string, string][] = [
		['model', modelText(view)],
		['status', statusText(result)],
	];
	if (result) rows.push(['started', result.startedAt]);
	const firstToken = result?.firstTokenMs ?? view.firstTokenMs;
	rows.push(['first token', firstToken === undefined ? (result ? '—' : 'waiting…') : duration(firstToken)]);
	if (result) rows.push(['latency', duration(result.totalMs)]);
	rows.push(['tokens', tokensText(view, result)]);
	rows.push(['cost', costText(view, result)]);
	if (result) rows.push(['finish', finishText(result.finishReason)]);
	rows.push(['retries', retriesText(view.retries, result)]);
	if (result?.cached) rows.push(['cache', '(cached) answered from the run history; no request was sent']);
	if (view.sample) rows.push(['sample', view.sample]);
	const inputs = Object.keys(view.inputs);
	if (inputs.length > 0) rows.push(['inputs', inputs.map((k) => `${k}=${short(view.inputs[k])}`).join(', ')]);
	for (const call of result?.toolCalls ?? []) rows.push(['tool call', `${call.name}(${call.arguments})`]);
	for (const note of view.notes) rows.push(['note', note]);
	return rows;
}

function finishText(reason: string | undefined): string {
	if (reason === 'length') return 'length (the answer hit the output token limit: raise config.maxOutputTokens for a longer one)';
	return reason ?? '—';
}

function modelText(view: RunView): string {
	const sent = view.modelId && view.modelId !== view.model ? ` → ${view.modelId}` : '';
	const where = view.provider ? ` at ${view.provider.id}${view.provider.baseURL ? ` (${view.provider.baseURL})` : ''}` : '';
	return `${view.model}${sent}${where}`;
}

function statusText(result: RunResult | undefined): string {
	if (!result) return 'running…';
	const cached = result.cached ? ' (cached)' : '';
	switch (result.status) {
		case 'ok':
			return `ok${cached}`;
		case 'incomplete':
			return `INCOMPLETE — ${result.error?.message ?? 'the answer stopped before the model finished'}`;
		case 'cancelled':
			return 'CANCELLED — you stopped the run';
		case 'error':
			return `FAILED (${result.error?.kind ?? 'error'}) — ${errorText(result.error)}`;
	}
}

export function errorText(error: RunError | undefined): string {
	if (!error) return 'the run failed';
	const models = error.availableModels ?? [];
	// The engine's not-found message usually names them already.
	const list = models.length > 0 && !error.message.includes(models[0]) ? ` Models this provider lists: ${models.slice(0, 30).join(', ')}${models.length > 30 ? ', …' : ''}.` : '';
	return `${error.message}${list}`;
}

function tokensText(view: RunView, result: RunResult | undefined): string {
	const estimate = view.estimate ? `our estimate ${view.estimate.exact ? '' : '≈ '}${formatTokens(view.estimate.inputTokens)} in` : 'no estimate';
	if (!result) return `— (${estimate})`;
	if (!result.usage) return `not reported by the provider (${estimate})`;
	const cached = result.usage.cachedInputTokens ? ` (${formatTokens(result.usage.cachedInputTokens)} from its prompt cache)` : '';
	return `${formatTokens(result.usage.inputTokens)} in${cached} / ${formatTokens(result.usage.outputTokens)} out from the provider (${estimate})`;
}

function costText(view: RunView, result: RunResult | undefined): string {
	const price = view.price
		? `at ${formatPricePerMTok(view.price.inputPerMTok)} in / ${formatPricePerMTok(view.price.outputPerMTok)} out per 1M tokens, from the model catalog and promptLens.models`
		: undefined;
	const noPrice = `no price known for ${view.model}: add it under promptLens.models`;
	if (!result) return `— (${price ?? noPrice})`;
	if (result.cached) return '$0 (cached: answered from the run history, nothing was sent)';
	if (result.cost === undefined) return `unknown (${result.usage ? noPrice : 'the provider reported no usage'})`;
	return price ? `${formatCost(result.cost)} (${price})` : formatCost(result.cost);
}

function retriesText(retries: RetryEvent[], result: RunResult | undefined): string {
	const count = result ? Math.max(0, result.attempts - 1) : retries.length;
	if (count === 0) return '0';
	const last = retries.at(-1);
	return last ? `${count} (last: ${last.reason}, waited ${duration(last.delayMs)})` : String(count);
}

function endMarker(result: RunResult | undefined): string | undefined {
	if (!result || result.status === 'ok') return undefined;
	if (result.status === 'cancelled') return '■ CANCELLED: the run was stopped. The output above is what arrived before that.';
	const what = result.output ? ' The output above is partial.' : ' No output arrived.';
	if (result.status === 'incomplete') return `■ INCOMPLETE: ${sentence(result.error?.message ?? 'The answer stopped early')}${what}`;
	return `■ FAILED (${result.error?.kind ?? 'error'}): ${sentence(errorText(result.error))}${result.output ? what : ''}`;
}

/** Ends with one full stop, whatever the message brought. */
function sentence(text: string): string {
	return /[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`;
}

export function duration(ms: number): string {
	return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

function short(value: unknown): string {
	const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
	const oneLine = text.replace(/\s+/g, ' ');
	return oneLine.length > 40 ? `${JSON.stringify(oneLine.slice(0, 37))}…` : JSON.stringify(oneLine);
}
