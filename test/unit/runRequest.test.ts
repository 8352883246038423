// Request mapping through real Dotprompt renders: roles, media, history, config, JSON output, tools; and the run plan built from a file.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DataArgument } from 'dotprompt';
import { DEFAULT_SETTINGS, createTokenizer, loadCatalog, parsePrompt, renderPrompt } from '../../server/src/core';
import { toChatRequest } from '../../server/src/core/run/chatRequest';
import { requestHash, canonicalJson } from '../../server/src/core/run/requestHash';
import { buildRunPlan } from '../../server/src/core/run/runPlan';
import type { ChatRequest } from '../../server/src/core/run/runTypes';

async function map(source: string, data: DataArgument = {}, modelId = 'gpt-4o-mini') {
	const rendered = await renderPrompt(source, data);
	assert.ok(rendered.ok, rendered.ok ? '' : rendered.message);
	return toChatRequest(rendered.prompt, modelId);
}

const PNG = 'data:image/png;base64,iVBORw0KGgo=';
const PDF = 'data:application/pdf;base64,JVBERi0xLjQ=';

test('roles: system, user, model → assistant; plain text stays a string', async () => {
	const { request, notes } = await map('{{role "system"}}You are terse.\n{{role "user"}}Hi {{name}}\n{{role "model"}}Hello.\n{{role "user"}}Again', { input: { name: 'Ada' } });
	assert.deepEqual(request, {
		model: 'gpt-4o-mini',
		messages: [
			{ role: 'system', content: 'You are terse.\n' },
			{ role: 'user', content: 'Hi Ada\n' },
			{ role: 'assistant', content: 'Hello.\n' },
			{ role: 'user', content: 'Again' },
		],
	});
	assert.deepEqual(notes, []);
});

test('a tool section written as text goes as a user message, with a note', async () => {
	const { request, notes } = await map('{{role "user"}}Weather?\n{{role "tool"}}{"temp": 20}');
	assert.deepEqual(request.messages, [{ role: 'user', content: 'Weather?\n' }, { role: 'user', content: '{"temp": 20}' }]);
	assert.equal(notes.length, 1);
	assert.match(notes[0], /A `tool` section that answers no tool call of the model was sent as a user message/);
});

test('media: images become image_url parts beside the text, in order', async () => {
	const { request, notes } = await map(`Describe {{media url="https://example.com/cat.png"}} and {{media url=img contentType="image/png"}} please`, { input: { img: PNG } });
	assert.deepEqual(request.messages, [{
		role: 'user',
		content: [
			{ type: 'text', text: 'Describe ' },
			{ type: 'image_url', image_url: { url: 'https://example.com/cat.png' } },
			{ type: 'text', text: ' and ' },
			{ type: 'image_url', image_url: { url: PNG } },
			{ type: 'text', text: ' please' },
		],
	}]);
	assert.deepEqual(notes, []);
});

test('media: a PDF as a data URL becomes a file part; a PDF link and audio are left out with a note', async () => {
	const { request, notes } = await map(`Read {{media url=doc}}{{media url="https://example.com/a.pdf" contentType="application/pdf"}}{{media url="https://example.com/a.mp3" contentType="audio/mpeg"}}`, { input: { doc: PDF } });
	assert.deepEqual(request.messages, [{ role: 'user', content: [{ type: 'text', text: 'Read ' }, { type: 'file', file: { file_data: PDF, filename: 'document.pdf' } }] }]);
	assert.deepEqual(notes, [
		'The PDF https://example.com/a.pdf was left out: OpenAI-compatible APIs take PDFs only as inline `data:` URLs, not links.',
		'The audio/mpeg media https://example.com/a.mp3 was left out: the chat API takes images and PDFs only.',
	]);
});

test('history: earlier messages are kept in order where {{history}} stands', async () => {
	const messages = [
		{ role: 'user' as const, content: [{ text: 'What is 2+2?' }] },
		{ role: 'model' as const, content: [{ text: '4' }] },
	];
	const { request } = await map('{{role "system"}}Be exact.\n{{history}}{{role "user"}}And 3+3?', { messages });
	assert.deepEqual(request.messages, [
		{ role: 'system', content: 'Be exact.\n' },
		{ role: 'user', content: 'What is 2+2?' },
		{ role: 'assistant', content: '4' },
		{ role: 'user', content: 'And 3+3?' },
	]);
});

test('history with a tool round trip: the assistant\'s tool calls and the tool answers keep their ids', async () => {
	const messages = [
		{ role: 'user' as const, content: [{ text: 'Weather in Paris?' }] },
		{ role: 'model' as const, content: [{ toolRequest: { name: 'weather', ref: 'call_1', input: { city: 'Paris' } } }] },
		{ role: 'tool' as const, content: [{ toolResponse: { name: 'weather', ref: 'call_1', output: { temp: 20 } } }] },
	];
	const { request, notes } = await map('{{history}}{{role "user"}}Thanks, and tomorrow?', { messages });
	assert.deepEqual(request.messages, [
		{ role: 'user', content: 'Weather in Paris?' },
		{ role: 'assistant', content: '', tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } }] },
		{ role: 'tool', tool_call_id: 'call_1', content: '{"temp":20}' },
		{ role: 'user', content: 'Thanks, and tomorrow?' },
	]);
	assert.deepEqual(notes, []);
});

test('config → temperature, top_p, max_tokens, stop, seed; other keys are named in a note', async () => {
	const { request, notes } = await map('---\nconfig:\n  temperature: 0.3\n  topP: 0.9\n  maxOutputTokens: 256\n  stopSequences: ["END", "STOP"]\n  seed: 42\n  topK: 40\n---\nHi');
	const { model, messages, ...params } = request;
	assert.deepEqual(params, { temperature: 0.3, top_p: 0.9, max_tokens: 256, stop: ['END', 'STOP'], seed: 42 });
	assert.deepEqual(notes, ['`config.topK` not sent: the OpenAI chat API has no such parameter.']);
	assert.equal(model, 'gpt-4o-mini');
	assert.equal(messages.length, 1);
});

test('reasoning models get max_completion_tokens instead of max_tokens', async () => {
	const source = '---\nconfig:\n  maxOutputTokens: 300\n---\nHi';
	for (const id of ['o3-mini', 'o1', 'gpt-5', 'gpt-5-mini-2025-08-07', 'o4-mini']) {
		const { request } = await map(source, {}, id);
		assert.deepEqual([request.max_tokens, request.max_completion_tokens], [undefined, 300], id);
	}
	for (const id of ['gpt-4o', 'gpt-4.1-mini', 'llama3.2', 'openai/gpt-5', 'omni-model']) {
		const { request } = await map(source, {}, id);
		assert.deepEqual([request.max_tokens, request.max_completion_tokens], [300, undefined], id);
	}
});

test('output json + Picoschema → response_format json_schema, named after the prompt', async () => {
	const { request } = await map('---\nname: ticket summary\noutput:\n  format: json\n  schema:\n    summary: string\n    urgent?: boolean\n---\nSummarize.');
	assert.deepEqual(request.response_format, {
		type: 'json_schema',
		json_schema: {
			name: 'ticket_summary',
			schema: {
				type: 'object',
				properties: { summary: { type: 'string' }, urgent: { type: ['boolean', 'null'] } },
				required: ['summary'],
				additionalProperties: false,
			},
		},
	});
});

test('output json + JSON Schema without a prompt name → name "output"; json without a schema → json_object; text → nothing', async () => {
	const schema = (await map('---\noutput:\n  format: json\n  schema:\n    type: object\n    properties:\n      n: {type: integer}\n---\nCount.')).request.response_format;
	assert.deepEqual(schema, { type: 'json_schema', json_schema: { name: 'output', schema: { type: 'object', properties: { n: { type: 'integer' } } } } });
	assert.deepEqual((await map('---\noutput:\n  format: json\n---\nJSON please.')).request.response_format, { type: 'json_object' });
	assert.equal((await map('---\noutput:\n  format: text\n---\nHi')).request.response_format, undefined);
	const other = await map('---\noutput:\n  format: media\n---\nDraw.');
	assert.equal(other.request.response_format, undefined);
	assert.deepEqual(other.notes, ['`output.format: media` has no OpenAI equivalent; the answer is asked for as text.']);
});

test('toolDefs → tools; tools named only (defined in code) → a note', async () => {
	const { request, notes } = await map('---\ntools: [lookupTicket, search]\ntoolDefs:\n  - name: clock\n    description: The current time\n    inputSchema:\n      type: object\n      properties:\n        tz: {type: string}\n---\nWhat time is it?');
	assert.deepEqual(request.tools, [{ type: 'function', function: { name: 'clock', description: 'The current time', parameters: { type: 'object', properties: { tz: { type: 'string' } } } } }]);
	assert.deepEqual(notes, ['Tools `lookupTicket`, `search` not sent: tools named in `tools` are defined in your code; only `toolDefs` in the file can be sent.']);
});

// ---- run plans ----

const catalog = loadCatalog();
const tokenizer = createTokenizer();

function plan(source: string, extra: Partial<Parameters<typeof buildRunPlan>[1]> = {}) {
	const { doc } = parsePrompt(source);
	return buildRunPlan(doc, { prompt: 'file:///p.prompt', catalog, tokenizer, settings: DEFAULT_SETTINGS, ...extra });
}

const TICKET = '---\nmodel: openai/gpt-4o-mini\nconfig:\n  maxOutputTokens: 100\ninput:\n  schema:\n    ticket: string\n    tone?: string\n  default:\n    tone: calm\npromptLens.samples:\n  fire:\n    ticket: The printer is on fire.\n---\n{{role "system"}}Answer in a {{tone}} tone.\n{{role "user"}}{{ticket}} {{extra}}';

test('a run plan: provider, request without the prefix, inputs from defaults and the first sample, estimate and price', async () => {
	const result = await plan(TICKET);
	assert.ok('plan' in result, JSON.stringify(result));
	const p = result.plan;
	assert.equal(p.prompt, 'file:///p.prompt');
	assert.equal(p.model, 'openai/gpt-4o-mini');
	assert.equal(p.provider, 'openai');
	assert.equal(p.request.model, 'gpt-4o-mini');
	assert.deepEqual(p.request.messages, [{ role: 'system', content: 'Answer in a calm tone.\n' }, { role: 'user', content: 'The printer is on fire. ' }]);
	assert.equal(p.request.max_tokens, 100);
	assert.deepEqual(p.inputs, { tone: 'calm', ticket: 'The printer is on fire.' });
	assert.equal(p.sample, 'fire');
	assert.deepEqual(p.missingVariables, ['extra']);
	assert.ok(p.estimate && p.estimate.inputTokens > 10 && p.estimate.exact);
	assert.ok(p.price && p.price.inputPerMTok > 0);
	assert.deepEqual(p.notes, []);
});

test('a run plan: given inputs and a model override win', async () => {
	const result = await plan(TICKET, { inputs: { ticket: 'Paper jam.', extra: '!' }, model: 'ollama/llama3.2' });
	assert.ok('plan' in result);
	assert.equal(result.plan.provider, 'ollama');
	assert.equal(result.plan.request.model, 'llama3.2');
	assert.deepEqual(result.plan.request.messages[1], { role: 'user', content: 'Paper jam. !' });
	assert.deepEqual(result.plan.missingVariables, []);
});

test('a run plan without a model, or that does not render, is an error in words', async () => {
	assert.deepEqual(await plan('Hi'), { error: 'The prompt names no model to run: add `model: provider/name` (e.g. `model: openai/gpt-4o-mini`) to its frontmatter.' });
	const broken = await plan('---\nmodel: openai/gpt-4o\n---\nHi {{> missing}}');
	assert.ok('error' in broken && broken.error.startsWith('The prompt cannot be rendered, so there is nothing to send: '), JSON.stringify(broken));
});

test('a run plan whose provider is unknown still shows the request; the note says what to do', async () => {
	const result = await plan('---\nmodel: mylab/big-model\n---\nHi');
	assert.ok('plan' in result);
	assert.equal(result.plan.provider, undefined);
	assert.equal(result.plan.request.model, 'big-model');
	assert.match(result.plan.notes[0], /^No provider `mylab` to run `mylab\/big-model` on\./);
	const known = await plan('---\nmodel: mylab/big-model\n---\nHi', { userProviders: [{ id: 'mylab', baseURL: 'https://llm.example.com/v1', origin: 'user' }] });
	assert.ok('plan' in known);
	assert.equal(known.plan.provider, 'mylab');
	assert.deepEqual(known.plan.notes, []);
});

// ---- request hash ----

test('requestHash: equal for equal requests whatever the key order; differs by message, parameter or endpoint', () => {
	const a: ChatRequest = { model: 'm', messages: [{ role: 'user', content: 'hi' }], temperature: 0 };
	const b = { temperature: 0, messages: [{ content: 'hi', role: 'user' }], model: 'm' } as ChatRequest;
	const url = 'https://api.openai.com/v1';
	assert.match(requestHash(a, url), /^[0-9a-f]{64}$/);
	assert.equal(requestHash(a, url), requestHash(b, url));
	assert.equal(requestHash(a, url), requestHash(a, `${url}/`));
	assert.notEqual(requestHash(a, url), requestHash({ ...a, temperature: 1 }, url));
	assert.notEqual(requestHash(a, url), requestHash({ ...a, messages: [{ role: 'user', content: 'hi!' }] }, url));
	assert.notEqual(requestHash(a, url), requestHash(a, 'http://localhost:11434/v1'));
	assert.equal(requestHash({ ...a, seed: undefined }, url), requestHash(a, url));
	assert.equal(canonicalJson({ b: [1, { d: 1, c: 2 }], a: 'x' }), '{"a":"x","b":[1,{"c":2,"d":1}]}');
});
