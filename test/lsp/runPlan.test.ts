// The promptLens/runPlan request and the ▶ Run CodeLens over LSP: what a run would send, with no key on the server side.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CodeLensRequest } from 'vscode-languageserver-protocol/node';
import { RunPlanRequest } from '../../server/src/protocol';
import { inProcessServer, type TestClient } from '../support/lspClient';

const PROMPT = [
	'---',
	'model: mylab/llama-3-8b',
	'config:',
	'  temperature: 0.2',
	'input:',
	'  default:',
	'    tone: dry',
	'---',
	'{{role "system"}}',
	'Answer in a {{tone}} tone.',
	'{{role "user"}}',
	'Tell me about {{topic}}.',
	'',
].join('\n');

describe('run plans over LSP', () => {
	let client: TestClient;
	before(async () => {
		client = inProcessServer();
		client.configuration = { providers: [{ id: 'mylab', baseURL: 'https://llm.example.com/v1' }] };
		// As VS Code's Prompt Lens client does: it alone can run prompts, so it alone gets the ▶ Run lens.
		await client.initialize({ workspace: { configuration: true } }, { runLens: true });
		await client.open('file:///w/run.prompt', PROMPT);
		await client.open('file:///w/broken.prompt', '---\nmodel: openai/gpt-4o-mini\n---\n{{#if x}}never closed\n');
	});
	after(async () => client.shutdown());

	test('the plan is the rendered request on the provider the model names, with the variables nothing provides', async () => {
		const answer = await client.connection.sendRequest(RunPlanRequest, { uri: 'file:///w/run.prompt' });
		assert.ok('plan' in answer, JSON.stringify(answer));
		const { plan } = answer;
		assert.equal(plan.prompt, 'file:///w/run.prompt');
		assert.equal(plan.model, 'mylab/llama-3-8b');
		assert.equal(plan.provider, 'mylab');
		assert.equal(plan.request.model, 'llama-3-8b');
		assert.equal(plan.request.temperature, 0.2);
		assert.deepEqual(plan.request.messages.map((m) => m.role), ['system', 'user']);
		assert.deepEqual(plan.missingVariables, ['topic']);
		assert.deepEqual(plan.inputs, { tone: 'dry' });
		assert.ok(!/apiKey|authorization/i.test(JSON.stringify(plan)), 'no key field in the plan');
	});

	test('given inputs fill the missing variables', async () => {
		const answer = await client.connection.sendRequest(RunPlanRequest, { uri: 'file:///w/run.prompt', inputs: { topic: 'tides' } });
		assert.ok('plan' in answer);
		assert.deepEqual(answer.plan.missingVariables, []);
		assert.match(JSON.stringify(answer.plan.request.messages.at(-1)?.content), /Tell me about tides\./);
	});

	test('a prompt that does not render, or is not open, gets an error to show', async () => {
		const broken = await client.connection.sendRequest(RunPlanRequest, { uri: 'file:///w/broken.prompt' });
		assert.ok('error' in broken && /cannot be rendered/.test(broken.error), JSON.stringify(broken));
		const closed = await client.connection.sendRequest(RunPlanRequest, { uri: 'file:///w/elsewhere.prompt' });
		assert.deepEqual(closed, { error: 'Open the prompt in the editor to run it.' });
	});

	test('a ▶ Run lens with the prompt\'s URI comes with the token lens, only when the prompt renders', async () => {
		const lenses = await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: 'file:///w/run.prompt' } });
		const run = lenses?.find((l) => l.command?.title === '▶ Run');
		assert.ok(run, JSON.stringify(lenses));
		assert.equal(run.command?.command, 'promptLens.run');
		assert.deepEqual(run.command?.arguments, ['file:///w/run.prompt']);
		assert.equal(run.range.start.line, 0);
		assert.ok(lenses?.some((l) => / tokens · /.test(l.command?.title ?? '')));
		const none = await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: 'file:///w/broken.prompt' } });
		assert.deepEqual(none, []);
	});
});
