// Which input each variable reads: Handlebars' context rules (#each, #with, block params, ../, @root, partials) as a table.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePrompt, type PromptDoc } from '../../server/src/core';

/** Each reference as `written → input path` (`[]` = array element, `?` = cannot tell, `data` = not an input). */
function reads(template: string): string[] {
	const { doc } = parsePrompt(template);
	return doc.scope.references.map((ref) => `${ref.text} → ${ref.kind === 'data' ? 'data' : ref.base ? [...ref.base, ...ref.parts.map((p) => p.name)].join('.') || '(root)' : '?'}`);
}

const CASES: [string, string[]][] = [
	['{{name}} {{user.address.city}}', ['name → name', 'user.address.city → user.address.city']],
	['{{json data}} {{media url=photo}}', ['data → data', 'photo → photo']],
	['{{role "user"}}{{history}}{{section "x"}}', []],
	['{{#if ok}}{{a}}{{else}}{{b}}{{/if}}', ['ok → ok', 'a → a', 'b → b']],
	['{{#each items}}{{name}} {{this.price}} {{this}} {{@index}} {{../title}} {{@root.title}}{{/each}}', ['items → items', 'name → items.[].name', 'this.price → items.[].price', 'this → items.[]', '@index → data', '../title → title', '@root.title → title']],
	['{{#each items as |item i|}}{{item.name}} {{i}}{{else}}{{empty}}{{/each}}', ['items → items', 'item.name → items.[].name', 'i → data', 'empty → empty']],
	['{{#with user}}{{name}}{{#each pets}}{{kind}} {{../name}}{{/each}}{{/with}}', ['user → user', 'name → user.name', 'pets → user.pets', 'kind → user.pets.[].kind', '../name → user.name']],
	['{{#items}}{{name}}{{/items}}', ['items → items', 'name → ?']],
	['{{> card user}} {{> note title=doc.title}}', ['user → user', 'doc.title → doc.title']],
	['{{lookup (json a) b}} {{@metadata.prompt}} {{@state.step}}', ['a → a', 'b → b', '@metadata.prompt → data', '@state.step → data']],
	['{{[first name]}}', ['[first name] → first name']],
];

for (const [template, expected] of CASES) {
	test(`scope: ${template}`, () => assert.deepEqual(reads(template), expected));
}

test('each part of a path has its own span, for rename', () => {
	const { doc } = parsePrompt('{{#each orders as |o|}}{{o.total}}{{/each}}');
	const ref = doc.scope.references[1];
	assert.deepEqual(ref.parts.map((p) => doc.text.slice(p.span.start, p.span.end)), ['total']);
	assert.deepEqual(ref.base, ['orders', '[]']);
});

test('partial calls record the context and hash they pass', () => {
	const { doc } = parsePrompt('{{#each items}}{{> row}}{{/each}}{{> card user label=user.name}}');
	const calls = (doc as PromptDoc).scope.partialCalls.map((c) => ({ name: c.name, base: c.base, hash: c.hash }));
	assert.deepEqual(calls, [
		{ name: 'row', base: ['items', '[]'], hash: {} },
		{ name: 'card', base: ['user'], hash: { label: ['user', 'name'] } },
	]);
});
