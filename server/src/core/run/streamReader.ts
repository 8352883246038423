// Reads a chat completions stream into what the run keeps: text, tool calls, finish reason, usage, the time of the first token.
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import type { RunEvent, Usage } from './runTypes';

/** What has arrived so far; it survives a failure part-way, so nothing the model produced is lost. */
export interface StreamState {
	output: string;
	toolCalls: { name: string; arguments: string }[];
	finishReason?: string;
	usage?: Usage;
	firstTokenMs?: number;
	/** Chunks parsed, including role-only and usage chunks. */
	chunks: number;
}

export function emptyStreamState(): StreamState {
	return { output: '', toolCalls: [], chunks: 0 };
}

/** True once the model produced anything: from then on a retry would send (and bill) the answer twice. */
export function hasOutput(state: StreamState): boolean {
	return state.output !== '' || state.toolCalls.length > 0;
}

/** `elapsedMs()` is the run's clock (time since the run started); `onEvent` receives `first-token` and `delta`. */
export async function readStream(stream: AsyncIterable<ChatCompletionChunk>, state: StreamState, elapsedMs: () => number, onEvent: (event: RunEvent) => void): Promise<void> {
	for await (const chunk of stream) {
		state.chunks++;
		if (chunk.usage) state.usage = usageOf(chunk.usage);
		for (const choice of chunk.choices ?? []) {
			// `n` is never set, so one choice; other indexes would be a provider bug, and mixing them would garble the text.
			if (choice.index !== undefined && choice.index !== 0) continue;
			const text = choice.delta?.content ?? '';
			const calls = choice.delta?.tool_calls ?? [];
			if ((text !== '' || calls.length > 0) && state.firstTokenMs === undefined) {
				state.firstTokenMs = elapsedMs();
				onEvent({ type: 'first-token', ms: state.firstTokenMs });
			}
			if (text !== '') {
				state.output += text;
				onEvent({ type: 'delta', text });
			}
			for (const call of calls) addToolCallDelta(state, call);
			if (choice.finish_reason) state.finishReason = choice.finish_reason;
		}
	}
}

/** Tool calls stream in pieces: the first delta of an index carries the name, the following ones more argument text. */
function addToolCallDelta(state: StreamState, delta: ChatCompletionChunk.Choice.Delta.ToolCall): void {
	const index = typeof delta.index === 'number' ? delta.index : state.toolCalls.length;
	while (state.toolCalls.length <= index) state.toolCalls.push({ name: '', arguments: '' });
	const call = state.toolCalls[index];
	if (delta.function?.name) call.name += delta.function.name;
	if (delta.function?.arguments) call.arguments += delta.function.arguments;
}

function usageOf(usage: NonNullable<ChatCompletionChunk['usage']>): Usage {
	const cached = usage.prompt_tokens_details?.cached_tokens;
	return {
		inputTokens: usage.prompt_tokens ?? 0,
		outputTokens: usage.completion_tokens ?? 0,
		...(typeof cached === 'number' && cached > 0 ? { cachedInputTokens: cached } : {}),
	};
}
