// Counts rendered messages the way OpenAI bills chat input: per message 3 tokens + role + content (+ name + 1), plus 3 to prime the reply.
import type { TokenizerId } from './models/types';
import type { Tokenizer } from './tokens/tokenizer';

export const TOKENS_PER_MESSAGE = 3;
export const TOKENS_PER_NAME = 1;
export const REPLY_PRIMING_TOKENS = 3;

/** A message as the provider receives it: Dotprompt's `model` role is sent as `assistant`. */
export interface ChatMessage {
	role: string;
	content: string;
	name?: string;
}

export interface MessageTokens {
	role: string;
	/** This message's share, overhead included. */
	tokens: number;
}

export interface ChatTokens {
	messages: MessageTokens[];
	/** Everything the provider bills as prompt tokens, reply priming included. */
	total: number;
	approximate: boolean;
}

export function countChat(messages: ChatMessage[], tokenizerId: TokenizerId, tokenizer: Tokenizer): ChatTokens {
	let approximate = false;
	const count = (text: string) => {
		const result = tokenizerId === 'approx' ? tokenizer.approximate(text) : tokenizer.count(text, tokenizerId);
		approximate ||= result.approximate;
		return result.tokens;
	};
	const counted = messages.map((message) => {
		let tokens = TOKENS_PER_MESSAGE + count(message.role) + count(message.content);
		if (message.name !== undefined) tokens += count(message.name) + TOKENS_PER_NAME;
		return { role: message.role, tokens };
	});
	const total = counted.reduce((sum, m) => sum + m.tokens, 0) + REPLY_PRIMING_TOKENS;
	return { messages: counted, total, approximate: approximate || tokenizerId === 'approx' };
}

/** Tokens of a JSON payload the provider receives beside the messages (tool definitions, an output schema). */
export function countJson(value: unknown, tokenizerId: TokenizerId, tokenizer: Tokenizer): number {
	const text = JSON.stringify(value) ?? '';
	return tokenizerId === 'approx' ? tokenizer.approximate(text).tokens : tokenizer.count(text, tokenizerId).tokens;
}
