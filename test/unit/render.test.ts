// renderPrompt: what the real Dotprompt runtime produces, with frontmatter defaults and without state leaking between renders.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Dotprompt } from 'dotprompt';
import { renderPrompt } from '../../server/src/core';
import { partialsFrom } from '../support/partialSource';

const text = (result: Awaited<ReturnType<typeof renderPrompt>>) => {
	assert.ok(result.ok, result.ok ? '' : result.message);
	return result.prompt.messages.map((m) => `${m.role}: ${m.content.map((p) => ('text' in p ? p.text : JSON.stringify(p))).join('')}`);
};

test('input.default from the frontmatter fills missing inputs; given inputs win', async () => {
	const source = '---\ninput:\n  default:\n    name: friend\n---\nHello {{name}}!';
	assert.deepEqual(text(await renderPrompt(source)), ['user: Hello friend!']);
	assert.deepEqual(text(await renderPrompt(source, { input: { name: 'Ada' } })), ['user: Hello Ada!']);
});

test('role markers split the output into messages', async () => {
	assert.deepEqual(text(await renderPrompt('{{role "system"}}Be brief.\n{{role "user"}}Hi')), ['system: Be brief.\n', 'user: Hi']);
});

test('partials resolve by name, and do not leak into the next render', async () => {
	const withPartial = await renderPrompt('Hi {{> sig}}', {}, { partialSource: partialsFrom((name) => (name === 'sig' ? '-- Ada' : null)) });
	assert.deepEqual(text(withPartial), ['user: Hi -- Ada']);
	const without = await renderPrompt('Hi {{> sig}}');
	assert.equal(without.ok, false, 'a partial registered by an earlier render must not be visible');
});

test('a template that does not compile gives a failure, not an exception', async () => {
	const result = await renderPrompt('{{#if a}}open');
	assert.equal(result.ok, false);
});

test('broken or unclosed frontmatter is not read: the runtime sends the whole file, YAML included, as the prompt', async () => {
	assert.deepEqual(text(await renderPrompt('---\nmodel: [unclosed\n---\nHi {{name}}', { input: { name: 'Ada' } })), ['user: ---\nmodel: [unclosed\n---\nHi Ada']);
	assert.deepEqual(text(await renderPrompt('---\nmodel: openai/gpt-4o\nHi\n')), ['user: ---\nmodel: openai/gpt-4o\nHi\n']);
});

test('frontmatter nested too deeply to read safely is not rendered', async () => {
	const result = await renderPrompt(`---\na: ${'['.repeat(100)}\n---\nHi`);
	assert.equal(result.ok, false);
});

test('the block form {{#role}}…{{/role}} renders no message at all (why a lint rule will flag it)', async () => {
	const result = await renderPrompt('{{#role "system"}}You are kind.{{/role}}');
	assert.ok(result.ok);
	assert.deepEqual(result.prompt.messages, []);
});

test('frontmatter after a license header is not read by the runtime: the YAML reaches the model (why frontmatter-not-at-start warns)', async () => {
	const [message] = text(await renderPrompt('# License\n---\nmodel: openai/gpt-4o-mini\n---\nHello'));
	assert.match(message, /model: openai\/gpt-4o-mini/);
});

test('text inside a role block is dropped even beside other text; the role applies after the block', async () => {
	const result = await renderPrompt('{{role "user"}}before\n{{#role "system"}}inner{{/role}}\nafter');
	assert.deepEqual(text(result), ['user: before\n', 'system: \nafter']);
});

test('with a partial resolver, each text is parsed once and renders as the runtime renders it', async () => {
	const partials: Record<string, string> = {
		card: '{{#if name}}\nCard for {{name}}\n{{/if}}\n{{> footer}}',
		footer: '  -- {{name}} ~  \n',
	};
	const source = '---\ninput:\n  default:\n    name: Ada\n---\n{{role "system"}}\n{{> card}}\n{{#each items}}\n'
		+ '{{> card name=this}}\n{{/each}}\n{{#*inline "local"}}local {{name}}{{/inline}}{{> local}}\n{{> missing-ok}}';
	const resolve = (name: string) => partials[name] ?? (name === 'missing-ok' ? 'fallback' : null);
	const input = { items: ['x', 'y'] };
	const ours = await renderPrompt(source, { input }, { inputSchema: false, partialSource: partialsFrom(resolve) });
	const runtime = new Dotprompt({ partialResolver: async (name) => resolve(name) });
	const theirs = await runtime.render(source, { input }, { input: { default: { name: 'Ada' } } } as never);
	assert.ok(ours.ok, JSON.stringify(ours));
	assert.deepEqual(ours.prompt.messages, theirs.messages);
	assert.match(JSON.stringify(ours.prompt.messages), /Card for x/);
});
