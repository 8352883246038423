// toChatRequest: a prompt as the Dotprompt runtime renders it → the chat completions request an OpenAI-compatible API takes.
import type { Message, Part, RenderedPrompt } from 'dotprompt';
import type { ChatPart, ChatRequest, ChatRequestMessage } from './runTypes';

type ToolCall = NonNullable<ChatRequestMessage['tool_calls']>[number];

/** Config keys we send, by their Dotprompt name. */
const CONFIG_KEYS: Readonly<Record<string, (value: unknown) => Partial<ChatRequest> | undefined>> = {
	temperature: (v) => (typeof v === 'number' ? { temperature: v } : undefined),
	topP: (v) => (typeof v === 'number' ? { top_p: v } : undefined),
	maxOutputTokens: (v) => (typeof v === 'number' && v > 0 ? { max_tokens: Math.floor(v) } : undefined),
	stopSequences: (v) => (Array.isArray(v) && v.every((s) => typeof s === 'string') ? { stop: v as string[] } : typeof v === 'string' ? { stop: [v] } : undefined),
	seed: (v) => (typeof v === 'number' && Number.isInteger(v) ? { seed: v } : undefined),
};

/** OpenAI's reasoning models answer 400 to `max_tokens` and want `max_completion_tokens` (which also bounds hidden reasoning). */
const REASONING_MODEL = /^(?:o\d|gpt-5)(?:$|[-.:_])/i;

/** `notes` say what the request leaves out or changes, in words for the run's output header. */
export function toChatRequest(rendered: RenderedPrompt, modelId: string): { request: ChatRequest; notes: string[] } {
	const notes: string[] = [];
	const request: ChatRequest = { model: modelId, messages: toMessages(rendered.messages ?? [], notes) };
	Object.assign(request, configParams(rendered.config, notes));
	if (request.max_tokens !== undefined && REASONING_MODEL.test(modelId)) {
		request.max_completion_tokens = request.max_tokens;
		delete request.max_tokens;
	}
	const format = responseFormat(rendered, notes);
	if (format) request.response_format = format;
	const tools = (rendered.toolDefs ?? []).filter((t) => t && typeof t.name === 'string').map((t) => ({
		type: 'function' as const,
		function: { name: t.name, ...(t.description ? { description: t.description } : {}), ...(t.inputSchema ? { parameters: t.inputSchema } : {}) },
	}));
	if (tools.length > 0) request.tools = tools;
	const byName = (rendered.tools ?? []).filter((t): t is string => typeof t === 'string');
	if (byName.length > 0) {
		notes.push(`Tool${byName.length === 1 ? '' : 's'} ${byName.map((t) => `\`${t}\``).join(', ')} not sent: tools named in \`tools\` are defined in your code; only \`toolDefs\` in the file can be sent.`);
	}
	return { request, notes };
}

function configParams(config: Record<string, unknown> | undefined, notes: string[]): Partial<ChatRequest> {
	const out: Partial<ChatRequest> = {};
	for (const [key, value] of Object.entries(config ?? {})) {
		const mapped = Object.hasOwn(CONFIG_KEYS, key) ? CONFIG_KEYS[key](value) : undefined;
		if (mapped) Object.assign(out, mapped);
		else notes.push(`\`config.${key}\` not sent: ${Object.hasOwn(CONFIG_KEYS, key) ? 'its value has the wrong type' : 'the OpenAI chat API has no such parameter'}.`);
	}
	return out;
}

function responseFormat(rendered: RenderedPrompt, notes: string[]): ChatRequest['response_format'] {
	const output = rendered.output;
	if (!output || output.format === undefined || output.format === 'text') return undefined;
	if (output.format !== 'json') {
		notes.push(`\`output.format: ${String(output.format)}\` has no OpenAI equivalent; the answer is asked for as text.`);
		return undefined;
	}
	if (!output.schema || typeof output.schema !== 'object') return { type: 'json_object' };
	// OpenAI accepts names of letters, digits, `_` and `-` up to 64 characters.
	const name = typeof rendered.name === 'string' ? rendered.name.replace(/[^\w-]/g, '_').slice(0, 64) : '';
	return { type: 'json_schema', json_schema: { name: name || 'output', schema: output.schema } };
}

function toMessages(messages: Message[], notes: string[]): ChatRequestMessage[] {
	const out: ChatRequestMessage[] = [];
	const pendingCalls = new Set<string>();
	for (const message of messages) {
		if (message.role === 'tool') {
			out.push(...toolMessages(message, pendingCalls, notes));
			continue;
		}
		const role = message.role === 'model' ? 'assistant' : message.role;
		const calls = toolCalls(message.content);
		for (const call of calls) pendingCalls.add(call.id);
		const content = contentOf(message.content, notes);
		if (content === '' && calls.length === 0) continue;
		out.push({ role, content, ...(calls.length > 0 ? { tool_calls: calls } : {}) });
	}
	return out;
}

/** Tool results answer an earlier tool call; a tool section written as text answers none, which the API refuses: it goes as user text. */
function toolMessages(message: Message, pendingCalls: Set<string>, notes: string[]): ChatRequestMessage[] {
	const out: ChatRequestMessage[] = [];
	const rest: Part[] = [];
	for (const part of message.content) {
		const response = part.toolResponse;
		const id = response ? response.ref ?? response.name : undefined;
		if (response && id !== undefined && pendingCalls.has(id)) {
			out.push({ role: 'tool', tool_call_id: id, content: typeof response.output === 'string' ? response.output : JSON.stringify(response.output ?? null) });
		} else rest.push(part);
	}
	const content = contentOf(rest, notes);
	if (content !== '') {
		out.push({ role: 'user', content });
		notes.push('A `tool` section that answers no tool call of the model was sent as a user message (OpenAI-compatible APIs accept tool messages only after the model\'s tool calls).');
	}
	return out;
}

function toolCalls(parts: Part[]): ToolCall[] {
	return parts.flatMap((part) => {
		const call = part.toolRequest;
		if (!call) return [];
		return [{ id: call.ref ?? call.name, type: 'function' as const, function: { name: call.name, arguments: JSON.stringify(call.input ?? {}) } }];
	});
}

/** Plain text stays a string (what most servers handle best); media makes it a list of parts. */
function contentOf(parts: Part[], notes: string[]): string | ChatPart[] {
	const out: ChatPart[] = [];
	for (const part of parts) {
		if (typeof part.text === 'string') appendText(out, part.text);
		else if (part.media) {
			const media = mediaPart(part.media, notes);
			if (media) out.push(media);
		} else if (part.data !== undefined) appendText(out, JSON.stringify(part.data));
		else if (part.toolResponse) appendText(out, JSON.stringify(part.toolResponse.output ?? null));
	}
	if (out.every((p) => p.type === 'text')) return out.map((p) => (p as { text: string }).text).join('');
	return out.filter((p) => p.type !== 'text' || p.text !== '');
}

function appendText(out: ChatPart[], text: string): void {
	const last = out[out.length - 1];
	if (last?.type === 'text') last.text += text;
	else out.push({ type: 'text', text });
}

function mediaPart(media: { url: string; contentType?: string }, notes: string[]): ChatPart | undefined {
	const dataType = /^data:([^;,]+)/i.exec(media.url)?.[1];
	const type = (media.contentType ?? dataType ?? '').toLowerCase();
	if (type === 'application/pdf') {
		if (media.url.startsWith('data:')) return { type: 'file', file: { file_data: media.url, filename: 'document.pdf' } };
		notes.push(`The PDF ${shortUrl(media.url)} was left out: OpenAI-compatible APIs take PDFs only as inline \`data:\` URLs, not links.`);
		return undefined;
	}
	if (type === '' || type.startsWith('image/')) return { type: 'image_url', image_url: { url: media.url } };
	notes.push(`The ${type} media ${shortUrl(media.url)} was left out: the chat API takes images and PDFs only.`);
	return undefined;
}

function shortUrl(url: string): string {
	return url.startsWith('data:') ? `(${url.slice(0, url.indexOf(',') + 1 || 30)}…)` : url.length > 80 ? `${url.slice(0, 77)}…` : url;
}
