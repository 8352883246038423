// Chat overhead: reproduces the prompt-token counts OpenAI documents for its example conversation.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countChat, createTokenizer, type ChatMessage } from '../../server/src/core';

/**
 * The example conversation of OpenAI's cookbook "How to count tokens with tiktoken", for which the API
 * reports 129 prompt tokens on gpt-3.5-turbo / gpt-4 (cl100k_base) and 124 on gpt-4o / gpt-4o-mini (o200k_base).
 */
const EXAMPLE: ChatMessage[] = [
	{ role: 'system', content: 'You are a helpful, pattern-following assistant that translates corporate jargon into plain English.' },
	{ role: 'system', name: 'example_user', content: 'New synergies will help drive top-line growth.' },
	{ role: 'system', name: 'example_assistant', content: 'Things working well together will increase revenue.' },
	{ role: 'system', name: 'example_user', content: "Let's circle back when we have more bandwidth to touch base on opportunities for increased leverage." },
	{ role: 'system', name: 'example_assistant', content: "Let's talk later when we're less busy about how to do better." },
	{ role: 'user', content: "This late pivot means we don't have time to boil the ocean for the client deliverable." },
];

test('cl100k_base: 129 prompt tokens, as the API reports for gpt-3.5-turbo and gpt-4', () => {
	const counted = countChat(EXAMPLE, 'cl100k_base', createTokenizer());
	assert.equal(counted.total, 129);
	assert.equal(counted.approximate, false);
	assert.equal(counted.messages.length, 6);
});

test('o200k_base: 124 prompt tokens, as the API reports for gpt-4o and gpt-4o-mini', () => {
	assert.equal(countChat(EXAMPLE, 'o200k_base', createTokenizer()).total, 124);
});

test('an empty conversation still costs the reply priming', () => {
	assert.equal(countChat([], 'o200k_base', createTokenizer()).total, 3);
});

test('models without an offline tokenizer are counted approximately and say so', () => {
	const counted = countChat(EXAMPLE, 'approx', createTokenizer());
	assert.equal(counted.approximate, true);
	assert.ok(counted.total > 80 && counted.total < 200, `${counted.total}`);
});
