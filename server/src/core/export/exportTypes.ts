// What an export to another eval tool is made from: the prompt's cases already rendered by the Dotprompt runtime, the
// models with their endpoints and request parameters, and the judge's and the embeddings' endpoints.
import type { Assertion } from '../evals/testTypes';
import type { ModelPrice } from '../models/types';
import type { ChatRequest, ChatRequestMessage, ProviderConfig } from '../run/runTypes';

/** One test case, with the messages our render path (buildRunPlan) produced for its vars. */
export interface ExportCase {
	name: string;
	vars: Record<string, unknown>;
	/** The case's assertions, the defaults' included. */
	assert: Assertion[];
	messages: ChatRequestMessage[];
}

/** A model the cases run on: the request our run engine would send (its parameters; messages come per case). */
export interface ExportTarget {
	/** As written: `openai/gpt-4o-mini`, `ollama/llama3`. */
	model: string;
	/** The id sent to the provider. */
	modelId: string;
	provider: ProviderConfig;
	request: ChatRequest;
	price?: ModelPrice;
}

/** Where model-graded assertions run (promptLens.judgeModel, promptLens.embeddingModel). */
export interface ExportEndpoint {
	model: string;
	modelId: string;
	provider: ProviderConfig;
}

export interface ExportInput {
	/** Shown in the file's header and description (relative paths). */
	promptFile: string;
	testFile: string;
	targets: ExportTarget[];
	cases: ExportCase[];
	repeat: number;
	/** The share of repeats that must pass. */
	threshold: number;
	judge?: ExportEndpoint;
	embedding?: ExportEndpoint;
	/** The prompt's output schema as JSON Schema (matches-schema without a value checks against it). */
	outputSchema?: unknown;
}

export interface ExportResult {
	/** The file's text (YAML). */
	text: string;
	/** What has no equivalent with the same meaning, one line each (`case › assertion: why`); also in the file as comments. */
	unmapped: string[];
}
