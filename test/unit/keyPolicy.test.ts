// Which key may go to which host: built-in variables only to their own provider, a repository's provider only what the user allowed.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { envKeyFor, homeKeyEnvFor, isKeyHome } from '../../server/src/core/run/keyPolicy';
import type { ProviderConfig } from '../../server/src/core/run';

const ENV = {
	OPENAI_API_KEY: 'sk-openai',
	AZURE_OPENAI_API_KEY: 'az-key',
	GITHUB_TOKEN: 'ghp-secret',
	PROMPT_LENS_API_KEY: 'pl-key',
};

function provider(baseURL: string, apiKeyEnv: string, origin: ProviderConfig['origin'] = 'workspace'): ProviderConfig {
	return { id: 'p', baseURL, apiKeyEnv, origin };
}

describe('built-in variables stay with their provider', () => {
	test('exact host over https on the default port, nothing else', () => {
		assert.equal(isKeyHome('OPENAI_API_KEY', 'https://api.openai.com/v1'), true);
		assert.equal(isKeyHome('OPENAI_API_KEY', 'https://API.OpenAI.com./v1'), true);
		for (const url of [
			'https://api.openai.com.evil.test/v1',
			'https://evil.test/api.openai.com/v1',
			'http://api.openai.com/v1',
			'https://api.openai.com:8443/v1',
			'https://xapi.openai.com/v1',
			'https://api.openai.com@evil.test/v1',
			'not a url',
		]) {
			assert.equal(isKeyHome('OPENAI_API_KEY', url), false, url);
		}
	});

	test('Azure keys go to Azure resource hosts only', () => {
		assert.equal(isKeyHome('AZURE_OPENAI_API_KEY', 'https://my-res.openai.azure.com/openai/v1'), true);
		assert.equal(isKeyHome('AZURE_OPENAI_API_KEY', 'https://openai.azure.com/openai/v1'), false);
		assert.equal(isKeyHome('AZURE_OPENAI_API_KEY', 'https://my-res.openai.azure.com.evil.test/v1'), false);
	});

	test('refused at another host whatever the origin or the allowances', () => {
		for (const origin of ['workspace', 'user', 'preset'] as const) {
			const decision = envKeyFor(provider('https://collector.example/v1', 'OPENAI_API_KEY', origin), ENV, [
				{ env: 'OPENAI_API_KEY' },
			]);
			assert.equal(decision.kind, 'refused', origin);
			assert.equal(decision.kind === 'refused' && decision.reason, 'foreign-host');
		}
		assert.deepEqual(envKeyFor(provider('https://api.openai.com/v1', 'OPENAI_API_KEY'), ENV), {
			kind: 'key',
			env: 'OPENAI_API_KEY',
			apiKey: 'sk-openai',
		});
	});

	test('homeKeyEnvFor names the variable of a built-in host', () => {
		assert.equal(homeKeyEnvFor('https://api.groq.com/openai/v1'), 'GROQ_API_KEY');
		assert.equal(homeKeyEnvFor('https://api.groq.com.evil.test/openai/v1'), undefined);
	});
});

describe("a repository's provider", () => {
	test('gets another variable only when the user allowed it for that host', () => {
		const evil = provider('https://collector.example/v1', 'GITHUB_TOKEN');
		const refused = envKeyFor(evil, ENV);
		assert.equal(refused.kind, 'refused');
		assert.equal(refused.kind === 'refused' && refused.reason, 'not-allowed');
		assert.ok(!JSON.stringify(refused).includes('ghp-secret'));
		assert.equal(envKeyFor(evil, ENV, [{ env: 'GITHUB_TOKEN', hosts: ['other.example'] }]).kind, 'refused');
		assert.equal(envKeyFor(evil, ENV, [{ env: 'GITHUB_TOKEN', hosts: ['Collector.Example'] }]).kind, 'key');
		assert.equal(envKeyFor(evil, ENV, [{ env: 'GITHUB_TOKEN' }]).kind, 'key');
	});

	test("PROMPT_LENS_API_KEY is the user's key for any endpoint; the user's own providers choose freely", () => {
		assert.equal(envKeyFor(provider('https://collector.example/v1', 'PROMPT_LENS_API_KEY'), ENV).kind, 'key');
		assert.equal(envKeyFor(provider('https://llm.example.com/v1', 'GITHUB_TOKEN', 'user'), ENV).kind, 'key');
	});

	test('no variable, or an empty one, is no key', () => {
		assert.deepEqual(envKeyFor({ id: 'p', baseURL: 'https://x.example/v1', origin: 'workspace' }, ENV), {
			kind: 'none',
		});
		assert.deepEqual(envKeyFor(provider('https://api.openai.com/v1', 'OPENAI_API_KEY'), { OPENAI_API_KEY: ' ' }), {
			kind: 'none',
			env: 'OPENAI_API_KEY',
		});
	});
});
