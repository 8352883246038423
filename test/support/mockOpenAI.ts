// A local OpenAI-compatible server for tests and demos: echoes the last user message (JSON or SSE), lists models, injects faults per request.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type Fault =
	| { kind: 'status'; status: number; retryAfter?: string; body?: unknown }
	| { kind: 'slow-first-token'; ms: number }
	| { kind: 'disconnect'; afterChunks: number }
	| { kind: 'malformed' }
	| { kind: 'delay'; ms: number }
	/** Sends `afterChunks` chunks, then nothing for `ms` (a provider that hangs mid-answer), then the rest. */
	| { kind: 'stall'; afterChunks: number; ms: number }
	/** Sends an empty `data:` line (a keep-alive some proxies send) before every chunk of the stream. */
	| { kind: 'empty-data' }
	/** Answers 307 with this Location (a provider forwarding the request elsewhere). */
	| { kind: 'redirect'; location: string };

export interface RecordedRequest {
	method: string;
	path: string;
	headers: Record<string, string | string[] | undefined>;
	body: any;
}

export interface MockOpenAI {
	/** `http://127.0.0.1:PORT/v1` */
	baseURL: string;
	requests: RecordedRequest[];
	/** Applies to the next request only; call several times to queue several. */
	fault(next: Fault): void;
	close(): Promise<void>;
}

export const MOCK_MODELS = ['mock-small', 'mock-large'];

interface ChatBody {
	model?: string;
	stream?: boolean;
	stream_options?: { include_usage?: boolean };
	messages?: { role?: string; content?: unknown }[];
}

/** Scripted judge verdicts: a judge request (the built-in judge prompt) is answered with a score this function gives. */
export type JudgeScript = (answer: string, rubric: string) => { score: number; reason: string };

export interface MockOptions {
	/** Answers requests made with the built-in judge prompt; other requests are echoed as usual. */
	judge?: JudgeScript;
	/** The pause between streamed chunks (default 1 ms, so a client sees several reads); 0 sends them back to back. */
	chunkDelayMs?: number;
	/** Every request waits this long before it is answered, as the `delay` fault does for one (a queued fault takes its place for its request). */
	delayMs?: number;
	/** Answers a chat request by model (e.g. to make two models differ); undefined falls back to the echo. */
	reply?: (model: string, lastUserText: string) => string | undefined;
}

export async function startMockOpenAI(options: MockOptions = {}): Promise<MockOpenAI> {
	const requests: RecordedRequest[] = [];
	const faults: Fault[] = [];
	const sockets = new Set<Socket>();
	const server = createServer((req, res) => {
		void readBody(req).then((raw) => {
			const body = parseJson(raw);
			requests.push({ method: req.method ?? '', path: req.url ?? '', headers: { ...req.headers }, body });
			return respond(req, res, body, faults.shift() ?? (options.delayMs ? { kind: 'delay', ms: options.delayMs } : undefined), options);
		}).catch(() => res.destroy());
	});
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		baseURL: `http://127.0.0.1:${port}/v1`,
		requests,
		fault: (next) => faults.push(next),
		close: () => new Promise<void>((resolve) => {
			for (const socket of sockets) socket.destroy();
			server.close(() => resolve());
		}),
	};
}

async function respond(req: IncomingMessage, res: ServerResponse, body: unknown, fault: Fault | undefined, options: MockOptions = {}): Promise<void> {
	if (fault?.kind === 'delay') await wait(fault.ms, res);
	if (fault?.kind === 'status') return sendStatus(res, fault);
	if (fault?.kind === 'redirect') {
		res.writeHead(307, { location: fault.location });
		return void res.end();
	}
	const path = (req.url ?? '').split('?')[0];
	if (req.method === 'GET' && path === '/v1/models') {
		return sendJson(res, 200, { object: 'list', data: MOCK_MODELS.map((id) => ({ id, object: 'model', created: 0, owned_by: 'mock' })) });
	}
	if (req.method === 'POST' && path === '/v1/embeddings') return sendJson(res, 200, embeddings(body));
	if (req.method !== 'POST' || path !== '/v1/chat/completions') return sendJson(res, 404, errorBody(`No route ${req.method} ${path}`, 'invalid_request_error', 'not_found'));
	const chat = (body ?? {}) as ChatBody;
	const model = String(chat.model ?? '');
	if (!MOCK_MODELS.includes(model)) {
		return sendJson(res, 404, errorBody(`The model \`${model}\` does not exist or you do not have access to it.`, 'invalid_request_error', 'model_not_found'));
	}
	const asked = lastUserText(chat.messages ?? []);
	const answer = judged(chat, options.judge) ?? options.reply?.(chat.model ?? '', asked) ?? `Echo: ${asked}`;
	const usage = { prompt_tokens: words(allText(chat.messages ?? [])), completion_tokens: words(answer) };
	const fullUsage = { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens };
	if (!chat.stream) {
		if (fault?.kind === 'slow-first-token') await wait(fault.ms, res);
		if (fault?.kind === 'malformed') return sendRaw(res, 200, 'application/json', '{"id": "chatcmpl-mock", "choices": [');
		return sendJson(res, 200, { id: 'chatcmpl-mock', object: 'chat.completion', created: 0, model, choices: [{ index: 0, message: { role: 'assistant', content: answer }, finish_reason: 'stop' }], usage: fullUsage });
	}
	await streamAnswer(res, model, answer, chat.stream_options?.include_usage ? fullUsage : undefined, fault, options.chunkDelayMs ?? 1);
}

/** A request from the built-in judge prompt ("Rubric: … Answer: …") gets the scripted verdict as JSON. */
function judged(chat: ChatBody, judge: JudgeScript | undefined): string | undefined {
	const text = lastUserText(chat.messages ?? []);
	const match = /^Rubric:\n([\s\S]*?)\n\nAnswer:\n([\s\S]*)$/.exec(text.trim());
	return judge && match ? JSON.stringify(judge(match[2].trim(), match[1].trim())) : undefined;
}

/** Deterministic embeddings: each word hashed into one of 64 dimensions, so texts that share words are similar. */
function embeddings(body: unknown): unknown {
	const input = (body as { input?: unknown } | null)?.input;
	const texts = Array.isArray(input) ? input.map(String) : [String(input ?? '')];
	const data = texts.map((text, index) => {
		const vector = new Array<number>(64).fill(0);
		for (const word of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
			let h = 0;
			for (const c of word) h = (h * 31 + c.charCodeAt(0)) >>> 0;
			vector[h % 64] += 1;
		}
		return { object: 'embedding', index, embedding: vector };
	});
	return { object: 'list', data, model: 'mock-embed', usage: { prompt_tokens: 0, total_tokens: 0 } };
}

/** Word-sized chunks, then finish_reason, then (when asked) a usage chunk with no choices, then [DONE] — as OpenAI sends them. */
async function streamAnswer(res: ServerResponse, model: string, answer: string, usage: object | undefined, fault: Fault | undefined, chunkDelayMs: number): Promise<void> {
	res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
	res.flushHeaders();
	if (fault?.kind === 'slow-first-token') await wait(fault.ms, res);
	const base = { id: 'chatcmpl-mock', object: 'chat.completion.chunk', created: 0, model };
	const pieces = answer.match(/\S+\s*/g) ?? [answer];
	const chunks = [
		...pieces.map((text, i) => ({ ...base, choices: [{ index: 0, delta: i === 0 ? { role: 'assistant', content: text } : { content: text }, finish_reason: null }] })),
		{ ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] },
		...(usage ? [{ ...base, choices: [], usage }] : []),
	];
	for (const [i, chunk] of chunks.entries()) {
		if (fault?.kind === 'stall' && i === fault.afterChunks) await wait(fault.ms, res);
		if (res.destroyed) return;
		if (fault?.kind === 'disconnect' && i === fault.afterChunks) {
			res.socket?.destroy();
			return;
		}
		if (fault?.kind === 'malformed' && i === 1) {
			res.write('data: {"id": "chatcmpl-mock", "choices": [{"delta": {"content": \n\n');
			res.end();
			return;
		}
		if (fault?.kind === 'empty-data') res.write('data:\n\n');
		res.write(`data: ${JSON.stringify(chunk)}\n\n`);
		// Separate writes so the client sees several network reads, as from a real provider.
		if (chunkDelayMs > 0) await wait(chunkDelayMs, res);
	}
	res.end('data: [DONE]\n\n');
}

function sendStatus(res: ServerResponse, fault: Extract<Fault, { kind: 'status' }>): void {
	const headers: Record<string, string> = { 'content-type': 'application/json' };
	if (fault.retryAfter !== undefined) headers['retry-after'] = fault.retryAfter;
	const body = fault.body ?? errorBody(`Mock fault: HTTP ${fault.status}`, fault.status === 429 ? 'rate_limit_exceeded' : 'server_error', null);
	res.writeHead(fault.status, headers);
	res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

function errorBody(message: string, type: string, code: string | null) {
	return { error: { message, type, param: null, code } };
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
	sendRaw(res, status, 'application/json', JSON.stringify(value));
}

function sendRaw(res: ServerResponse, status: number, type: string, text: string): void {
	if (res.destroyed) return;
	res.writeHead(status, { 'content-type': type });
	res.end(text);
}

function textOf(content: unknown): string {
	if (typeof content === 'string') return content;
	if (!Array.isArray(content)) return '';
	return content.map((p: { type?: string; text?: unknown }) => (p?.type === 'text' && typeof p.text === 'string' ? p.text : '')).join('');
}

function lastUserText(messages: { role?: string; content?: unknown }[]): string {
	const user = [...messages].reverse().find((m) => m.role === 'user');
	return user ? textOf(user.content).trim() : '';
}

function allText(messages: { content?: unknown }[]): string {
	return messages.map((m) => textOf(m.content)).join(' ');
}

function words(text: string): number {
	return text.split(/\s+/).filter(Boolean).length;
}

function parseJson(raw: string): unknown {
	if (raw === '') return undefined;
	try {
		return JSON.parse(raw);
	} catch {
		return raw;
	}
}

function readBody(req: IncomingMessage): Promise<string> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

/** Resolves early when the client goes away, so an aborted request frees the server at once. */
function wait(ms: number, res: ServerResponse): Promise<void> {
	return new Promise((resolve) => {
		const timer = setTimeout(done, ms);
		res.once('close', done);
		function done() {
			clearTimeout(timer);
			res.off('close', done);
			resolve();
		}
	});
}
