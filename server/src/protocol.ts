// Custom LSP messages shared by the client and the server: method names and typed request/notification types, one per message.
import { RequestType } from 'vscode-languageserver-protocol';
import type { MigrationRow, RunPlan } from './core';

export interface PromptStatusParams {
	uri: string;
}

export interface PromptStatus {
	/** e.g. `≈ 1,234 tokens · $0.0031/call · 1.0% of 128k`. */
	text: string;
	detail: string;
	/** `error` when the prompt overflows a context window, `warning` near the limit or with an unknown model. */
	severity: 'info' | 'warning' | 'error';
}

/** Client → server: the token, cost and window summary of an open prompt, for the language status item. `null` when not analyzed. */
export const PromptStatusRequest = new RequestType<PromptStatusParams, PromptStatus | null, void>('promptLens/promptStatus');

export interface RunPlanParams {
	uri: string;
	/** Values for variables, over `input.default` and the first `promptLens.samples` entry. */
	inputs?: Record<string, unknown>;
	/** Run with this model instead of the frontmatter's (the compare view). */
	model?: string;
}

/** Client → server: render the prompt into the request that would be sent (no key involved); `error` when it cannot render. */
export const RunPlanRequest = new RequestType<RunPlanParams, { plan: RunPlan } | { error: string }, void>('promptLens/runPlan');

export interface JudgePlanParams {
	/** The prompt under test: its folder's settings pick the judge model and a custom judge prompt. */
	uri: string;
	output: string;
	rubric: string;
	vars?: Record<string, unknown>;
}

/** Client → server: the judge's request for an `llm-rubric` assertion (the built-in or the user's judge prompt, rendered). */
export const JudgePlanRequest = new RequestType<JudgePlanParams, { plan: RunPlan } | { error: string }, void>('promptLens/judgePlan');

export interface MigrationParams {
	/** The prompt files to report on (file URIs); partials among them are skipped. */
	uris: string[];
	to: string;
	/** The model to move from; default: each prompt's own `model:`. */
	from?: string;
}

/** Client → server: the free part of a migration report (tokens, cost, window, what changes) for these prompts. */
export const MigrationRequest = new RequestType<MigrationParams, { rows: MigrationRow[] } | { error: string }, void>(
	'promptLens/migration',
);
