// Shared types of runs: the plan the server renders (no key), the request sent, the streamed result and the history record.
import type { ModelPrice } from '../models/types';
import type { Usage } from '../pricing';

/** A provider endpoint that speaks the OpenAI chat completions API. */
export interface ProviderConfig {
	id: string;
	/** e.g. `https://api.openai.com/v1`, `http://localhost:11434/v1` */
	baseURL: string;
	/** Environment variable holding the key (the fallback when SecretStorage has none). */
	apiKeyEnv?: string;
	/** Extra headers (never the key). */
	headers?: Record<string, string>;
	/** Local servers (Ollama, LM Studio, vLLM) work without a key. */
	keyOptional?: boolean;
	/** `preset` (ours), `user` (user settings), `workspace` (a workspace's settings: needs a trusted workspace). */
	origin: 'preset' | 'user' | 'workspace';
}

/** One content part in OpenAI's chat format. */
export type ChatPart = { type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string } } | { type: 'file'; file: { file_data?: string; filename?: string } };

export interface ChatRequestMessage {
	role: 'system' | 'user' | 'assistant' | 'tool';
	content: string | ChatPart[];
	tool_call_id?: string;
	/** On an assistant message from the history: the tool calls it made (the following `tool` messages answer them). */
	tool_calls?: { id: string; type: 'function'; function: { name: string; arguments: string } }[];
}

/** The body of `POST /chat/completions`, without `stream` (the engine adds it). */
export interface ChatRequest {
	model: string;
	messages: ChatRequestMessage[];
	temperature?: number;
	top_p?: number;
	max_tokens?: number;
	/** Instead of `max_tokens` for OpenAI's reasoning models (o1, o3, o4, gpt-5…), which refuse `max_tokens`. */
	max_completion_tokens?: number;
	stop?: string[];
	seed?: number;
	response_format?: { type: 'json_schema'; json_schema: { name: string; schema: unknown; strict?: boolean } } | { type: 'json_object' };
	tools?: { type: 'function'; function: { name: string; description?: string; parameters?: unknown } }[];
}

/** What the server answers to "what would run": the rendered request, and what the client needs to show and price it. */
export interface RunPlan {
	/** The prompt file (URI in the editor, path in the CLI). */
	prompt: string;
	/** The model as written (or overridden), e.g. `openai/gpt-4o-mini`. */
	model: string;
	/** Provider id the model resolved to (`openai`, `ollama`, a user provider…); undefined when none could be told. */
	provider?: string;
	request: ChatRequest;
	/** The inputs the render used (defaults, sample, given values). */
	inputs: Record<string, unknown>;
	/** Name of the `promptLens.samples` entry used, if any. */
	sample?: string;
	/** Variables the template reads that no input provides: the client asks for them. */
	missingVariables: string[];
	/** Our own count, shown beside the provider's usage. */
	estimate?: { inputTokens: number; exact: boolean };
	/** For the cost of the provider's usage. */
	price?: ModelPrice;
	/** What the request leaves out or approximates (tools referenced by name, media not counted…). */
	notes: string[];
}

export type RunStatus = 'ok' | 'incomplete' | 'cancelled' | 'error';

export type RunErrorKind = 'auth' | 'not-found' | 'rate-limit' | 'server' | 'network' | 'timeout' | 'malformed' | 'bad-request' | 'cancelled' | 'config';

export interface RunError {
	kind: RunErrorKind;
	/** Plain words for the user; never contains the key. */
	message: string;
	status?: number;
	/** For `not-found`: the models the provider lists, when it lists them. */
	availableModels?: string[];
}

/** Token counts as the provider bills them: one type for pricing and runs (core/pricing.ts). */
export type { Usage };

/** Streamed while a run is in flight. */
export type RunEvent =
	| { type: 'delta'; text: string }
	| { type: 'first-token'; ms: number }
	| { type: 'retry'; attempt: number; delayMs: number; reason: string };

export interface RunResult {
	status: RunStatus;
	/** Everything the model produced, also when the run failed or was cancelled part-way (then `status` says so). */
	output: string;
	finishReason?: string;
	/** The provider's own usage numbers, when it sent them. */
	usage?: Usage;
	/** Cost of `usage` at the catalog price, when both are known. */
	cost?: number;
	/** ISO time the run started. */
	startedAt: string;
	firstTokenMs?: number;
	totalMs: number;
	/** Requests sent, including retries. */
	attempts: number;
	error?: RunError;
	/** Tool calls the model asked for (name and raw JSON arguments). */
	toolCalls?: { name: string; arguments: string }[];
	/** True when the answer came from the response cache. */
	cached?: boolean;
}

/** One line of `.prompt-lens/runs.jsonl`. */
export interface RunRecord {
	version: 1;
	id: string;
	prompt: string;
	/** sha256 of the canonical JSON of the request and the provider's baseURL: equal hashes = the same request. */
	requestHash: string;
	model: string;
	provider?: string;
	parameters: Omit<ChatRequest, 'messages' | 'model'>;
	inputs: Record<string, unknown>;
	result: RunResult;
}
