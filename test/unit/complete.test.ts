// Completion as specifications: a minimal prompt with the cursor marked `|` (or `‸` where the text needs pipes) → what is offered.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadCatalog, parsePrompt, resolveModel } from '../../server/src/core';
import { completeAt, type CompletionEnv, type CoreCompletionItem } from '../../server/src/core/complete';

const CATALOG = loadCatalog();
const ENV: CompletionEnv = { catalog: CATALOG, partialNames: ['footer', 'sub/card'] };

interface Completed {
	text: string;
	offset: number;
	items: CoreCompletionItem[];
	labels: string[];
	needsPartialNames?: boolean;
	item(label: string): CoreCompletionItem;
	/** The text after accepting `label`, with snippet placeholders filled by their defaults. */
	apply(label: string): string;
}

function complete(marked: string, env: CompletionEnv = ENV): Completed {
	const marker = marked.includes('‸') ? '‸' : '|';
	const offset = marked.indexOf(marker);
	assert.ok(offset >= 0, 'the test text needs a cursor marker');
	const text = marked.slice(0, offset) + marked.slice(offset + marker.length);
	const result = completeAt(parsePrompt(text).doc, offset, env);
	const item = (label: string): CoreCompletionItem => {
		const found = result.items.find((i) => i.label === label);
		assert.ok(found, `no item ${label} among ${result.items.map((i) => i.label).join(', ')}`);
		return found;
	};
	return {
		text,
		offset,
		items: result.items,
		labels: result.items.map((i) => i.label),
		needsPartialNames: result.needsPartialNames,
		item,
		apply(label) {
			const it = item(label);
			const insert = it.insertText ?? it.label;
			const plain = it.snippet ? fillSnippet(insert) : insert;
			return text.slice(0, it.replace.start) + plain + text.slice(it.replace.end);
		},
	};
}

function fillSnippet(snippet: string): string {
	return snippet
		.replace(/\$\{\d+\|([^,|]*)[^}]*\|\}/g, '$1')
		.replace(/\$\{\d+:([^}]*)\}/g, '$1')
		.replace(/\$\d+/g, '')
		.replace(/\\([\\$}])/g, '$1');
}

const SCHEMA = '---\ninput:\n  schema:\n    name: string, the user\'s name\n    user(object):\n      email: string\n      age?: integer\n    items(array):\n      title: string\n      price: number\n---\n';

describe('frontmatter keys', () => {
	test('a config key by its first letters', () => {
		const c = complete('---\nmodel: gpt-4o\nconfig:\n  tem|\n---\n');
		assert.ok(c.labels.includes('temperature'));
		assert.ok(!c.labels.includes('model'), 'only config keys under config:');
		assert.deepEqual(c.item('temperature').replace, { start: c.offset - 3, end: c.offset });
		assert.equal(c.apply('temperature'), '---\nmodel: gpt-4o\nconfig:\n  temperature: 0.7\n---\n');
		assert.match(c.item('temperature').documentation ?? '', /random/);
	});

	test('top-level keys, without reserved ones and without those already written', () => {
		const c = complete('---\nmodel: gpt-4o\n|\n---\nHi\n');
		for (const key of ['config', 'input', 'output', 'description', 'tools', 'promptLens.compare']) assert.ok(c.labels.includes(key), key);
		for (const key of ['model', 'ext', 'raw', 'temperature', 'schema']) assert.ok(!c.labels.includes(key), key);
		assert.equal(c.item('description').insertText, 'description: ');
		assert.equal(c.item('description').detail, 'string');
	});

	test('a mapping key inserts its snippet on the lines below', () => {
		const c = complete('---\ninp|\n---\n');
		assert.equal(c.apply('input'), '---\ninput:\n  schema:\n    name: string\n---\n');
	});

	test('input and output each offer their own keys', () => {
		assert.deepEqual(complete('---\ninput:\n  |\n---\n').labels.sort(), ['default', 'schema']);
		assert.deepEqual(complete('---\noutput:\n  format: json\n  |\n---\n').labels, ['schema']);
	});

	test('a key already followed by a colon is replaced by the name alone', () => {
		const c = complete('---\nconfig:\n  top|K: 40\n---\n');
		assert.equal(c.item('topP').insertText, 'topP');
		assert.equal(c.apply('topP'), '---\nconfig:\n  topP: 40\n---\n');
	});

	test('while the closing --- is missing', () => {
		assert.ok(complete('---\nmo|').labels.includes('model'));
	});

	test('nothing in comments, block scalars, values without docs, or under a scalar', () => {
		assert.deepEqual(complete('---\n# mo|\n---\n').labels, []);
		assert.deepEqual(complete('---\ndescription: |\n  Some te|xt\n---\n').labels, []);
		assert.deepEqual(complete('---\ndescription: Greets |\n---\n').labels, []);
		assert.deepEqual(complete('---\nmodel: gpt-4o\n  |\n---\n').labels, []);
		assert.deepEqual(complete('---\nmetadata:\n  |\n---\n').labels, []);
	});

	test('nothing on the delimiter lines', () => {
		assert.deepEqual(complete('-|--\nmodel: x\n---\n').labels, []);
		assert.deepEqual(complete('---\nmodel: x\n--|-\n').labels, []);
	});
});

describe('frontmatter values', () => {
	test('model: every catalog model, common providers first, with prices and windows', () => {
		const c = complete('---\nmodel: |\n---\n');
		assert.ok(c.items.length > 1000, `${c.items.length} models`);
		const providers = [...new Set(c.labels.map((l) => l.split('/')[0]))];
		assert.deepEqual(providers.slice(0, 3), ['openai', 'anthropic', 'google']);
		const sorted = [...c.items].sort((a, b) => (a.sortText! < b.sortText! ? -1 : 1));
		assert.equal(sorted[0].label.split('/')[0], 'openai');
		const gpt = c.item('openai/gpt-4o');
		assert.equal(gpt.kind, 'model');
		assert.match(gpt.detail ?? '', /^\$2\.50 in \/ \$10\.00 out per MTok · 128k context$/);
		assert.match(gpt.documentation ?? '', /Context window 128,000 tokens/);
		assert.equal(new Set(c.labels.map((l) => l.toLowerCase())).size, c.labels.length, 'no duplicates');
	});

	test('every model label resolves to that very model', () => {
		const c = complete('---\nmodel: |\n---\n');
		for (const item of c.items) {
			const found = resolveModel(CATALOG, item.label);
			assert.ok(found.ok && `${found.model.provider}/${found.model.id}` === item.label, item.label);
		}
	});

	test('the typed name is replaced whole, inside quotes when quoted', () => {
		const plain = complete('---\nmodel: openai/gp|t-4o\n---\n');
		assert.deepEqual(plain.item('openai/gpt-4o-mini').replace, { start: 11, end: 24 });
		const quoted = complete('---\nmodel: "openai/gp|"\n---\n');
		assert.equal(quoted.apply('openai/gpt-4o'), '---\nmodel: "openai/gpt-4o"\n---\n');
	});

	test('right after the colon, a space comes first', () => {
		assert.equal(complete('---\nmodel:|\n---\n').apply('openai/gpt-4o'), '---\nmodel: openai/gpt-4o\n---\n');
	});

	test('a Genkit plugin prefix the catalog does not name is kept', () => {
		const c = complete('---\nmodel: googleai/gem|\n---\n');
		const gemini = c.labels.filter((l) => l.startsWith('googleai/gemini'));
		assert.ok(gemini.length > 5, c.labels.slice(0, 5).join());
		const found = resolveModel(CATALOG, gemini[0]);
		assert.ok(found.ok && found.model.provider === 'google');
		assert.ok(c.labels.includes('openai/gpt-4o'), 'other providers keep their own prefix');
		for (const item of c.items.filter((i) => i.label.startsWith('googleai/'))) assert.ok(resolveModel(CATALOG, item.label).ok, item.label);
	});

	test('a local runtime\'s prefix (ollama/) is not put before catalog models', () => {
		assert.ok(!complete('---\nmodel: ollama/ll|\n---\n').labels.some((l) => l.startsWith('ollama/')));
	});

	test('promptLens.compare entries, in block and flow lists', () => {
		const block = complete('---\npromptLens.compare:\n  - anth|\n---\n');
		assert.ok(block.labels.includes('anthropic/claude-sonnet-4-5'));
		assert.deepEqual(block.item('openai/gpt-4o').replace, { start: block.offset - 4, end: block.offset });
		const flow = complete('---\npromptLens.compare: [openai/gpt-4o, anth|]\n---\n');
		assert.equal(flow.apply('openai/gpt-4o-mini'), '---\npromptLens.compare: [openai/gpt-4o, openai/gpt-4o-mini]\n---\n');
	});

	test('no models without a catalog', () => {
		assert.deepEqual(complete('---\nmodel: |\n---\n', {}).labels, []);
	});

	test('output.format and other keys with fixed values', () => {
		assert.deepEqual(complete('---\noutput:\n  format: |\n---\n').labels, ['json', 'text', 'media', 'array', 'enum', 'jsonl']);
		assert.deepEqual(complete('---\ntoolChoice: |\n---\n').labels, ['auto', 'required', 'none']);
		assert.deepEqual(complete('---\nreturnToolRequests: t|\n---\n').labels, ['true', 'false']);
	});
});

describe('Picoschema types', () => {
	test('the type of a field, with the description syntax', () => {
		const c = complete('---\ninput:\n  schema:\n    name: |\n---\n');
		assert.deepEqual(c.labels, ['string', 'number', 'integer', 'boolean', 'null', 'any']);
		assert.match(c.item('string').documentation ?? '', /after a comma/);
	});

	test('only the type is replaced, not the description after the comma', () => {
		const c = complete('---\noutput:\n  schema:\n    title: str|, the title\n---\n');
		assert.equal(c.apply('string'), '---\noutput:\n  schema:\n    title: string, the title\n---\n');
		assert.deepEqual(complete('---\noutput:\n  schema:\n    title: string, the ti|\n---\n').labels, []);
	});

	test('inside a key\'s parentheses: array, object, enum', () => {
		const c = complete('---\ninput:\n  schema:\n    tags(|\n---\n');
		assert.deepEqual(c.labels, ['array', 'object', 'enum']);
		assert.equal(c.apply('array'), '---\ninput:\n  schema:\n    tags(array)\n---\n');
		assert.equal(complete('---\ninput:\n  schema:\n    tags?(ar|): string\n---\n').apply('array'), '---\ninput:\n  schema:\n    tags?(array): string\n---\n');
	});

	test('the element type of an array; nothing for enum values or nested objects', () => {
		assert.equal(complete('---\ninput:\n  schema:\n    tags(array): |\n---\n').item('string').detail, 'Picoschema type of each element');
		assert.deepEqual(complete('---\ninput:\n  schema:\n    status(enum): |\n---\n').labels, []);
		assert.ok(complete('---\ninput:\n  schema:\n    user(object):\n      email: |\n---\n').labels.includes('string'));
	});

	test('no keys are invented inside a schema: field names are the user\'s', () => {
		assert.deepEqual(complete('---\ninput:\n  schema:\n    |\n---\n').labels, []);
	});

	test('JSON Schema type values', () => {
		const c = complete('---\noutput:\n  schema:\n    type: object\n    properties:\n      title:\n        type: |\n---\n');
		assert.ok(c.labels.includes('object') && c.labels.includes('string'));
	});
});

describe('template variables', () => {
	test('inputs from the schema and helpers after {{', () => {
		const c = complete(`${SCHEMA}{{|}}`);
		for (const label of ['name', 'user', 'items', 'role', 'history', 'json', 'each', 'if']) assert.ok(c.labels.includes(label), label);
		assert.equal(c.item('name').kind, 'variable');
		assert.equal(c.item('name').detail, 'string');
		assert.match(c.item('name').documentation ?? '', /the user's name/);
		assert.equal(c.item('user').detail, 'object');
		assert.ok(!c.labels.includes('this') && !c.labels.includes('@index'), 'no block context at the top level');
	});

	test('a helper snippet replaces the auto-closed braces instead of doubling them', () => {
		const c = complete(`${SCHEMA}{{ro|}}`);
		assert.equal(c.apply('role'), `${SCHEMA}{{role "system"}}`);
		assert.equal(c.item('role').replace.end, c.text.length);
		assert.equal(c.apply('each'), `${SCHEMA}{{#each items}}\n\t\n{{/each}}`);
		assert.equal(complete(`${SCHEMA}{{ro| "x"}}`).apply('role'), `${SCHEMA}{{role "x"}}`, 'arguments already written stay');
	});

	test('nested fields after a dot', () => {
		const c = complete(`${SCHEMA}{{user.|}}`);
		assert.deepEqual(c.labels, ['email', 'age']);
		assert.equal(c.item('age').detail, 'integer (optional)');
		assert.equal(c.item('email').kind, 'field');
		assert.deepEqual(complete(`${SCHEMA}{{items.|}}`).labels, [], 'a list has no fields until iterated');
	});

	test('arguments of helpers are variables, not helpers', () => {
		const c = complete(`${SCHEMA}{{json |}}`);
		assert.ok(c.labels.includes('user'));
		assert.ok(!c.labels.includes('role'));
		assert.ok(complete(`${SCHEMA}{{#if |}}`).labels.includes('name'));
		assert.ok(complete(`${SCHEMA}{{media url=|}}`).labels.includes('name'));
	});

	test('without a schema, the variables the template already uses', () => {
		const c = complete('Hello {{name}}, about {{topic.title}}.\n{{|}}');
		assert.ok(c.labels.includes('name') && c.labels.includes('topic'));
		assert.equal(c.item('name').detail, 'used in this template');
		assert.deepEqual(complete('{{topic.title}} {{topic.|}}').labels, ['title']);
	});

	test('without a schema, the names in input.default', () => {
		const c = complete('---\ninput:\n  default:\n    city: Paris\n---\n{{|}}');
		assert.equal(c.item('city').detail, 'default: "Paris"');
	});

	test('inside {{#each}}: the element\'s fields, this and @data', () => {
		const c = complete(`${SCHEMA}{{#each items}}{{|}}{{/each}}`);
		for (const label of ['title', 'price', 'this', '@index', '@first', '@last', '@key', '@root']) assert.ok(c.labels.includes(label), label);
		assert.ok(!c.labels.includes('name'), 'the outer inputs are not in the element');
		assert.equal(c.item('this').detail, 'element of `items`');
		assert.ok(complete(`${SCHEMA}{{#each items}}{{#if price}}{{|}}{{/if}}{{/each}}`).labels.includes('title'), 'if keeps the context');
	});

	test('@data is replaced together with its @', () => {
		const c = complete(`${SCHEMA}{{#each items}}{{@in|}}{{/each}}`);
		assert.equal(c.apply('@index'), `${SCHEMA}{{#each items}}{{@index}}{{/each}}`);
	});

	test('block params from as |item i|', () => {
		const c = complete(`${SCHEMA}{{#each items as |item i|}}{{‸}}{{/each}}`);
		assert.ok(c.labels.includes('item') && c.labels.includes('i'));
		assert.equal(c.item('i').kind, 'data');
		assert.deepEqual(complete(`${SCHEMA}{{#each items as |item|}}{{item.‸}}{{/each}}`).labels, ['title', 'price']);
	});

	test('@root. and ../ reach outside the block', () => {
		assert.deepEqual(complete(`${SCHEMA}{{#each items}}{{@root.|}}{{/each}}`).labels, ['name', 'user', 'items']);
		assert.deepEqual(complete(`${SCHEMA}{{#with user}}{{../|}}{{/with}}`).labels, ['name', 'user', 'items']);
		assert.deepEqual(complete(`${SCHEMA}{{#with user}}{{|}}{{/with}}`).labels.filter((l) => !l.startsWith('@') && l !== 'this').slice(0, 2), ['email', 'age']);
	});

	test('mid-edit: an unclosed block still gives its context', () => {
		const c = complete(`${SCHEMA}{{#each items}}\n- {{ti|`);
		assert.ok(c.labels.includes('title'));
		assert.equal(c.apply('title'), `${SCHEMA}{{#each items}}\n- {{title`);
	});

	test('after {{else}} the block\'s context is gone', () => {
		const c = complete(`${SCHEMA}{{#each items}}{{title}}{{else}}{{|}}{{/each}}`);
		assert.ok(c.labels.includes('name') && !c.labels.includes('title'));
	});

	test('without a schema, fields used inside the same loop', () => {
		const c = complete('{{#each items}}{{name}}{{/each}}\n{{#each items}}{{|}}{{/each}}');
		assert.ok(c.labels.includes('name'));
		assert.ok(!c.labels.includes('items'));
	});
});

describe('template helpers, blocks, partials, roles', () => {
	test('after {{# only block helpers, replacing from the #', () => {
		const c = complete('{{#|}}');
		assert.deepEqual(c.labels.sort(), ['each', 'if', 'ifEquals', 'unless', 'unlessEquals', 'with']);
		assert.equal(c.item('each').filterText, '#each');
		assert.equal(c.apply('if'), '{{#if condition}}\n\t\n{{/if}}');
		assert.equal(complete('{{#ea|').apply('each'), '{{#each items}}\n\t\n{{/each}}', 'an unclosed tag gets the whole snippet');
	});

	test('after {{/ the innermost unclosed block', () => {
		const c = complete('{{#each items}}{{#if x}}{{/if}}{{#with a}}{{/|}}');
		assert.deepEqual(c.labels, ['with']);
		assert.match(c.item('with').detail ?? '', /closes \{\{#with a\}\}/);
		assert.equal(c.apply('with'), '{{#each items}}{{#if x}}{{/if}}{{#with a}}{{/with}}');
		assert.equal(complete('{{#each items}}{{/|}}').apply('each'), '{{#each items}}{{/each}}');
		assert.deepEqual(complete('{{#if x}}{{/if}}{{/|}}').labels, []);
	});

	test('after {{> the partial names, or a request for them', () => {
		const c = complete('{{> |}}');
		assert.deepEqual(c.labels, ['footer', 'sub/card']);
		assert.equal(c.item('sub/card').detail, 'sub/_card.prompt');
		assert.equal(complete('{{>fo|}}').apply('footer'), '{{>footer}}');
		const asks = complete('{{> |}}', { catalog: CATALOG });
		assert.equal(asks.needsPartialNames, true);
		assert.deepEqual(asks.labels, []);
	});

	test('inside {{role "…"}} the four roles', () => {
		const c = complete('{{role "|"}}');
		assert.deepEqual(c.labels, ['system', 'user', 'model', 'tool']);
		assert.equal(c.apply('model'), '{{role "model"}}');
		assert.equal(complete('{{role "us|').apply('user'), '{{role "user"');
		assert.equal(complete('{{role \'sys|\'}}').apply('system'), '{{role \'system\'}}');
		assert.deepEqual(complete('{{section "|"}}').labels, []);
	});

	test('nothing in comments or plain text', () => {
		assert.deepEqual(complete('{{! |}}').labels, []);
		assert.deepEqual(complete('{{!-- {{na| --}}').labels, []);
		assert.deepEqual(complete('{{name}} Hello |').labels, []);
		assert.deepEqual(complete('\\{{na|}}').labels, []);
	});

	test('nothing for another tool\'s .prompt format', () => {
		assert.deepEqual(complete('<system>You are {{|}}</system>').labels, []);
	});
});

describe('robustness', () => {
	const TEXTS = [
		`${SCHEMA}{{#each items as |item i|}}{{item.title}} {{@index}}{{else}}{{name}}{{/each}}\n{{role "system"}}{{> footer}}{{! note }}`,
		'---\nmodel: openai/gpt-4o\npromptLens.compare: [a, "b"]\nconfig:\n  temperature: 0.7\noutput:\n  format: json\n---\n{{#if x}}{{json (lookup a b) indent=2}}{{/if}}',
		'---\r\ninput:\r\n  schema:\r\n    tags(array, the tags): string\r\n---\r\n{{#each tags}}{{this}}{{/each}}',
		'---\nmodel: "unterminated\n  - [\n{{{{raw}}}} {{ {{# {{/ {{> {{role "',
	];
	function assertSpans(text: string, env: CompletionEnv): void {
		const { doc } = parsePrompt(text);
		for (let offset = 0; offset <= text.length; offset++) {
			for (const item of completeAt(doc, offset, env).items) {
				const { start, end } = item.replace;
				assert.ok(start <= offset && offset <= end && end <= text.length, `${JSON.stringify(item)} at ${offset} of ${JSON.stringify(text)}`);
				assert.ok(!/[\r\n]/.test(text.slice(start, end)), `${item.label} at ${offset} spans lines in ${JSON.stringify(text)}`);
			}
		}
	}

	test('mutated prompts: syntax characters inserted and text cut at random', () => {
		let seed = 42;
		const random = (n: number): number => {
			seed = (seed * 1103515245 + 12345) % 2147483648;
			return seed % n;
		};
		const pieces = ['{{', '}}', '{', '}', '#', '/', '>', '"', "'", '|', ':', '-', ' ', '\n', '@', '.', '(', ')', '~', '!', '---\n', '  ', 'as |x|', 'each ', 'role "'];
		for (let round = 0; round < 150; round++) {
			let text = TEXTS[round % 2];
			for (let k = 0; k < 4; k++) {
				const at = random(text.length + 1);
				text = text.slice(0, at) + pieces[random(pieces.length)] + text.slice(at);
			}
			assertSpans(text.slice(0, random(text.length + 1)), { partialNames: ['footer'] });
		}
	});

	for (const [n, text] of TEXTS.entries()) {
		test(`every offset of text ${n}: no throw, spans on the cursor's line around it`, () => {
			const { doc } = parsePrompt(text);
			for (let offset = 0; offset <= text.length; offset++) {
				for (const item of completeAt(doc, offset, ENV).items) {
					const { start, end } = item.replace;
					assert.ok(start <= offset && offset <= end && end <= text.length, `${JSON.stringify(item)} at ${offset}`);
					assert.ok(!/[\r\n]/.test(text.slice(start, end)), `${item.label} at ${offset} spans lines`);
				}
			}
		});
	}
});
