// Specifications of the schema reader: Picoschema and JSON Schema into located fields, and problems only where the runtime fails or misreads.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { parsePrompt, readSchema, renderPrompt, type SchemaField, type SchemaInfo, type Span } from '../../server/src/core';
import { readSchema as readWithFixes } from '../../server/src/core/schema/picoschema';
import { covered, field, promptWith, read, tree } from '../support/schemaCases';

describe('Picoschema fields', () => {
	test('a field: name, type, required, spans on the key', () => {
		const { text, info } = read('name: string');
		assert.equal(info.dialect, 'picoschema');
		assert.equal(info.open, false);
		assert.deepEqual(info.problems, []);
		const name = field(info, 'name');
		assert.deepEqual([name.type, name.optional, name.open, name.array], ['string', false, false, undefined]);
		assert.equal(covered(text, name.nameSpan), 'name');
		assert.equal(covered(text, name.keySpan), 'name');
		assert.equal(covered(text, info.span), 'name: string');
	});

	test('optional, and a description after the type', () => {
		const { text, info } = read('nick?: string, what friends call you, or not');
		const nick = field(info, 'nick');
		assert.deepEqual([nick.optional, nick.description], [true, 'what friends call you, or not']);
		assert.equal(covered(text, nick.nameSpan), 'nick');
		assert.equal(covered(text, nick.keySpan), 'nick?');
	});

	test('a nested object, with the description in the key; the span is the name inside the key', () => {
		const { text, info } = read('address?(object, where they live):\n  city: string\n  zip?: string');
		const address = field(info, 'address');
		assert.deepEqual([address.type, address.optional, address.description, address.open], ['object', true, 'where they live', false]);
		assert.equal(covered(text, address.nameSpan), 'address');
		assert.equal(covered(text, address.keySpan), 'address?(object, where they live)');
		assert.equal(covered(text, field(info, 'address.city').nameSpan), 'city');
		assert.equal(field(info, 'address.zip').optional, true);
	});

	test('a nested mapping without (object) is an object too', () => {
		const { info } = read('user:\n  name: string');
		assert.deepEqual([field(info, 'user').type, field(info, 'user.name').type], ['object', 'string']);
	});

	test('an array of objects: the fields describe each element', () => {
		const { text, info } = read('items(array, line items):\n  sku: string\n  qty?: integer, how many');
		const items = field(info, 'items');
		assert.deepEqual([items.type, items.array, items.description, items.open], ['array', true, 'line items', false]);
		assert.deepEqual(items.fields!.map((f) => [f.name, f.type, f.optional]), [['sku', 'string', false], ['qty', 'integer', true]]);
		assert.equal(covered(text, field(info, 'items.qty').nameSpan), 'qty');
	});

	test('an array of scalars has no fields; the value description belongs to the items', () => {
		const { info } = read('tags(array, the tags): string, one tag');
		const tags = field(info, 'tags');
		assert.deepEqual([tags.type, tags.array, tags.fields, tags.open, tags.description], ['array', true, undefined, false, 'the tags']);
	});

	test('an enum', () => {
		const { info } = read('color?(enum, the color): [RED, BLUE]');
		assert.deepEqual(tree([field(info, 'color')]), [{ name: 'color', type: 'enum', optional: true, description: 'the color', open: false }]);
	});

	test('a wildcard opens its level; any opens its field', () => {
		const { info } = read('known: string\nextra:\n  (*): number\n  fixed: string\nloose: any, whatever');
		assert.equal(info.open, false);
		assert.deepEqual(info.fields.map((f) => f.name), ['known', 'extra', 'loose']);
		assert.deepEqual([field(info, 'extra').open, field(info, 'loose').open, field(info, 'loose').type], [true, true, 'any']);
		assert.equal(read('(*): string').info.open, true);
	});

	test('a named schema: the whole schema, or a field type; both open', () => {
		const whole = read('Customer, the buyer').info;
		assert.deepEqual([whole.dialect, whole.open, whole.fields, whole.problems], ['named', true, [], []]);
		const { info } = read('buyer: Customer\nitems(array): LineItem');
		assert.deepEqual([field(info, 'buyer').type, field(info, 'buyer').open], ['Customer', true]);
		assert.deepEqual([field(info, 'items').array, field(info, 'items').open], [true, true]);
		assert.deepEqual(info.problems, []);
	});

	test('a scalar as the whole schema declares no fields and is open', () => {
		assert.deepEqual(pick(read('string, the text').info), { dialect: 'picoschema', fields: [], open: true, problems: [] });
	});

	test('the output schema is read too, and the two are independent', () => {
		const text = '---\ninput:\n  schema:\n    q: string\noutput:\n  schema:\n    a: number\n---\n';
		const doc = parsePrompt(text).doc;
		assert.deepEqual(readSchema(doc, 'input')!.fields.map((f) => f.name), ['q']);
		assert.deepEqual(readSchema(doc, 'output')!.fields.map((f) => f.name), ['a']);
	});

	test('no schema, or one the runtime ignores (empty, false, 0), reads as undefined', () => {
		for (const text of ['Hello', '---\nmodel: x\n---\n', '---\ninput:\n  default: {}\n---\n', '---\ninput:\n  schema:\n---\n', '---\ninput:\n  schema: ""\n---\n', '---\ninput:\n  schema: 0\n---\n', '---\ninput: text\n---\n']) {
			assert.equal(readSchema(parsePrompt(text).doc, 'input'), undefined, text);
		}
	});
});

describe('spans', () => {
	test('quoted keys: the name inside the quotes, escapes included', () => {
		const { text, info } = read('"first name": string\n\'it\'\'s\': string\n"tab\\tname?": string\n"say \\"hi\\"(object)":\n  x: string');
		assert.deepEqual(info.fields.map((f) => f.name), ['first name', "it's", 'tab\tname', 'say "hi"']);
		assert.deepEqual(info.fields.map((f) => covered(text, f.nameSpan)), ['first name', "it''s", 'tab\\tname', 'say \\"hi\\"']);
		assert.deepEqual(info.fields.map((f) => covered(text, f.keySpan)), ['"first name"', "'it''s'", '"tab\\tname?"', '"say \\"hi\\"(object)"']);
	});

	test('UTF-16 offsets at every depth, with CRLF line breaks and astral characters', () => {
		const text = '---\r\ninput:\r\n  schema:\r\n    😀emoji: string\r\n    naïve(array):\r\n      日本?(object):\r\n        deep😀: string\r\n---\r\n';
		const info = readSchema(parsePrompt(text).doc, 'input')!;
		assert.equal(covered(text, field(info, '😀emoji').nameSpan), '😀emoji');
		assert.equal(covered(text, field(info, 'naïve.日本').nameSpan), '日本');
		assert.equal(covered(text, field(info, 'naïve.日本.deep😀').nameSpan), 'deep😀');
		assert.equal(covered(text, field(info, 'naïve.日本.deep😀').keySpan), 'deep😀');
	});

	test('flow mappings', () => {
		const { text, info } = read('{ name: string, "tags?(array)": string }');
		assert.deepEqual(info.fields.map((f) => covered(text, f.nameSpan)), ['name', 'tags']);
	});

	test('an alias reads the anchored schema, with its spans', () => {
		const text = '---\ninput:\n  schema: &s\n    name: string\noutput:\n  schema: *s\n---\n';
		const info = readSchema(parsePrompt(text).doc, 'output')!;
		assert.equal(covered(text, field(info, 'name').nameSpan), 'name');
	});

	test('while the YAML has errors, fields are still read but no problems are reported', () => {
		const text = '---\ninput:\n  schema:\n    name: strng\n    age: [\n---\n';
		const info = readSchema(parsePrompt(text).doc, 'input');
		assert.ok(info?.fields.some((f) => f.name === 'name'));
		assert.deepEqual(info?.problems, []);
	});
});

describe('JSON Schema', () => {
	test('properties, required, nested objects, array items', () => {
		const { text, info } = read([
			'type: object',
			'required: [user]',
			'properties:',
			'  user:',
			'    type: object',
			'    description: who',
			'    additionalProperties: false',
			'    required: [name]',
			'    properties:',
			'      name: { type: string }',
			'      "e-mail": { type: [string, "null"] }',
			'  orders:',
			'    type: array',
			'    items:',
			'      type: object',
			'      properties:',
			'        id: { type: integer }',
			'  tags: { type: array, items: { type: string } }',
			'  color: { enum: [red, blue] }',
			'  extra: {}',
		].join('\n'));
		assert.equal(info.dialect, 'json-schema');
		assert.equal(info.open, true, 'no additionalProperties: false at the top');
		assert.deepEqual(tree(info.fields), [
			{ name: 'user', type: 'object', optional: false, description: 'who', open: false, fields: [
				{ name: 'name', type: 'string', optional: false, open: false },
				{ name: 'e-mail', type: 'string', optional: true, open: false },
			] },
			{ name: 'orders', type: 'array', optional: true, array: true, open: true, fields: [{ name: 'id', type: 'integer', optional: true, open: false }] },
			{ name: 'tags', type: 'array', optional: true, array: true, open: false },
			{ name: 'color', type: 'enum', optional: true, open: false },
			{ name: 'extra', optional: true, open: true },
		]);
		assert.equal(covered(text, field(info, 'user.e-mail').nameSpan), 'e-mail');
		assert.equal(covered(text, field(info, 'orders.id').nameSpan), 'id');
	});

	test('`properties` alone makes it JSON Schema; no properties, or a scalar type, leaves it open', () => {
		assert.equal(read('properties:\n  a: { type: string }').info.dialect, 'json-schema');
		assert.deepEqual(pick(read('type: object').info), { dialect: 'json-schema', fields: [], open: true, problems: [] });
		assert.deepEqual(pick(read('type: string').info), { dialect: 'json-schema', fields: [], open: true, problems: [] });
		assert.equal(read('type: object\nadditionalProperties: false\nproperties: {}').info.open, false);
	});

	test('a type the runtime does not know keeps it Picoschema (a field named `type`)', () => {
		const { info } = read('type: string, the kind\nname: string');
		assert.deepEqual([info.dialect, info.fields.map((f) => f.name)], ['picoschema', ['type', 'name']]);
	});
});

function pick(info: SchemaInfo): Pick<SchemaInfo, 'dialect' | 'fields' | 'open' | 'problems'> {
	return { dialect: info.dialect, fields: info.fields, open: info.open, problems: info.problems };
}

/**
 * Every problem, with what the runtime does with the same schema: the error it throws, or (when it accepts the
 * schema) a check of the odd JSON Schema it makes. Each case runs through the real runtime below.
 */
const PROBLEMS: { schema: string; at: string; message: RegExp; runtime: RegExp | ((schema: Record<string, any>) => void); fixed?: string }[] = [
	{ schema: 'age: 5', at: '5', message: /`5` is not a Picoschema type: Dotprompt fails to render/, runtime: /only consists of objects and strings/ },
	{ schema: 'ok: true', at: 'true', message: /`true` is not a Picoschema type/, runtime: /only consists of objects and strings/ },
	{ schema: '5', at: '5', message: /`5` is not a Picoschema type/, runtime: /only consists of objects and strings/ },
	{ schema: 'name: strng, the name', at: 'strng', message: /`strng` is not a Picoschema type: Dotprompt looks for a registered schema named "strng" and fails to render without one. Did you mean `string`\?/, runtime: /could not find schema with name 'strng'/, fixed: 'name: string, the name' },
	{ schema: 'n: String', at: 'String', message: /Did you mean `string`/, runtime: /could not find schema with name 'String'/, fixed: 'n: string' },
	{ schema: 'n: int', at: 'int', message: /Did you mean `integer`/, runtime: /could not find schema with name 'int'/, fixed: 'n: integer' },
	{ schema: 'n: "string , x"', at: 'string ', message: /extra spaces/, runtime: /could not find schema with name 'string '/, fixed: 'n: "string, x"' },
	{ schema: 'strng', at: 'strng', message: /Did you mean `string`/, runtime: /could not find schema with name 'strng'/, fixed: 'string' },
	{ schema: 'n: "string, a\\nb"', at: '"string, a\\nb"', message: /A line break in this value/, runtime: /could not find schema with name 'string, a\nb'/ },
	{ schema: 'n: ", no type"', at: '", no type"', message: /has no type name/, runtime: /could not find schema with name ''/ },
	{ schema: 'o: object', at: 'object', message: /`object` is not a value type in Picoschema.*write `o\(object\):`/, runtime: /could not find schema with name 'object'/ },
	{ schema: 'a: array', at: 'array', message: /write `a\(array\): string`/, runtime: /could not find schema with name 'array'/ },
	{ schema: 'c: enum, the color', at: 'enum', message: /For a fixed set of values, write `c\(enum\): \[a, b\]`/, runtime: /could not find schema with name 'enum'/ },
	{ schema: 'outline: string[]', at: 'string[]', message: /`string\[\]` is not Picoschema.*write `outline\(array\): string`/, runtime: /could not find schema with name 'string\[\]'/, fixed: 'outline(array): string' },
	{ schema: 'users: User[]', at: 'User[]', message: /write `users\(array\): User`/, runtime: /could not find schema with name 'User\[\]'/, fixed: 'users(array): User' },
	{ schema: 'a(array: string', at: '(array', message: /`a\(array` is missing its closing `\)`: Dotprompt reads the type as `arra` and fails/, runtime: /parenthetical types must be 'object' or 'array', got: arra$/, fixed: 'a(array): string' },
	{ schema: 'b(string, the b):', at: '(string, the b)', message: /`string` cannot go in parentheses.*`b: string, the b`/, runtime: /got: string$/, fixed: 'b: string, the b' },
	{ schema: 'b?(number):', at: '(number)', message: /`b\?: number`/, runtime: /got: number$/, fixed: 'b?: number' },
	{ schema: 'c(arary): string', at: 'arary', message: /Did you mean `array`\?/, runtime: /got: arary$/, fixed: 'c(array): string' },
	{ schema: 'c(list): string', at: 'list', message: /Did you mean `array`\?/, runtime: /got: list$/, fixed: 'c(array): string' },
	{ schema: 'c(foo, x): string', at: '(foo, x)', message: /`foo` is not a type Dotprompt accepts in parentheses/, runtime: /got: foo$/ },
	{ schema: 'c(): string', at: '()', message: /Empty parentheses/, runtime: /got: $/ },
	{ schema: 'd(array)?: string', at: '(array)?', message: /The `\?` of an optional field goes before the parentheses \(`d\?\(array\)`\)/, runtime: /got: array\)$/, fixed: 'd?(array): string' },
	{ schema: 'd(array)x: string', at: '(array)x', message: /Nothing may follow the `\)`/, runtime: /got: array\)$/, fixed: 'd(array): string' },
	{ schema: 'e?(enum): red, green', at: 'red, green', message: /needs a list of values.*fails to render/, runtime: /push is not a function/, fixed: 'e?(enum): [red, green]' },
	{ schema: 'e(enum): red, green', at: 'red, green', message: /needs a list of values.*copies this value into the JSON Schema/, runtime: (s) => assert.equal(s.properties.e.enum, 'red, green'), fixed: 'e(enum): [red, green]' },
	{ schema: 'e(enum):', at: 'e(enum)', message: /needs a list of values.*copies/, runtime: (s) => assert.equal(s.properties.e.enum, null) },
	{ schema: 'f(array):', at: 'f(array)', message: /has no item type, so Dotprompt makes it a list of objects that allow no fields/, runtime: (s) => assert.deepEqual(plain(s.properties.f.items), { type: 'object', properties: {}, additionalProperties: false }) },
	{ schema: 'g:', at: 'g', message: /`g` has no type, so Dotprompt makes it an object that allows no fields/, runtime: (s) => assert.deepEqual(plain(s.properties.g), { type: 'object', properties: {}, additionalProperties: false }) },
	{ schema: 'm(object):', at: 'm(object)', message: /has no fields below it/, runtime: (s) => assert.deepEqual(s.properties.m.properties, {}) },
	{ schema: '(*):', at: '(*)', message: /`\(\*\)` has no type/, runtime: (s) => assert.deepEqual(s.additionalProperties.properties, {}) },
	{ schema: 'j: null', at: 'null', message: /YAML's empty value, not the null type/, runtime: (s) => assert.equal(s.properties.j.type, 'object'), fixed: 'j: "null"' },
	{ schema: 'tags: [string]', at: '[string]', message: /A list is not a Picoschema type: Dotprompt reads it as an object with fields named `0`/, runtime: (s) => assert.deepEqual(Object.keys(s.properties.tags.properties), ['0']), fixed: 'tags(array): string' },
	{ schema: 'tags: [a, b]', at: '[a, b]', message: /A list is not a Picoschema type/, runtime: /could not find schema with name 'a'/ },
	{ schema: 'h (array): string', at: 'h ', message: /The field name ends with a space \("h "\)/, runtime: (s) => assert.ok('h ' in s.properties), fixed: 'h(array): string' },
	{ schema: 'type: string\nname: string', at: 'type: string', message: /Because of `type: string`, Dotprompt reads this schema as JSON Schema, not Picoschema: `name` is not declared as a field/, runtime: (s) => assert.deepEqual(s, { type: 'string', name: 'string' }) },
	{ schema: 'properties:\n  a: string\nb?: number', at: 'properties', message: /Because of the `properties` key.*`b\?` is not declared/, runtime: (s) => assert.equal(s.properties.a, 'string') },
	{ schema: 'deep:\n  deeper(array):\n    x: strng', at: 'strng', message: /Did you mean `string`/, runtime: /could not find schema with name 'strng'/, fixed: 'deep:\n  deeper(array):\n    x: string' },
];

/** The runtime leaves `required: undefined` on objects; JSON drops it, as a model API would. */
const plain = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

describe('problems, each checked against the runtime', () => {
	for (const spec of PROBLEMS) {
		test(spec.schema.replace(/\n/g, '⏎'), async () => {
			const { text, info } = read(spec.schema);
			assert.equal(info.problems.length, 1, JSON.stringify(info.problems));
			const [problem] = info.problems;
			assert.equal(covered(text, problem.span), spec.at);
			assert.match(problem.message, spec.message);
			const rendered = await renderPrompt(text);
			if (spec.runtime instanceof RegExp) {
				assert.equal(rendered.ok, false, 'the runtime accepts it');
				assert.match(rendered.ok ? '' : rendered.message, spec.runtime);
			} else {
				assert.ok(rendered.ok, rendered.ok ? '' : rendered.message);
				spec.runtime(rendered.prompt.input!.schema as Record<string, any>);
			}
			await checkFix(text, spec.fixed);
		});
	}

	test('problems in the output schema too', () => {
		const { text, info } = read('answer: strng', 'output');
		assert.equal(covered(text, info.problems[0].span), 'strng');
	});

	test('a quoted key: the problem and its fix stay inside the quotes', async () => {
		const { text, info } = read('"c(arary)": string');
		assert.equal(covered(text, info.problems[0].span), 'arary');
		await checkFix(text, '"c(array)": string');
	});
});

/** Applying the fix gives `fixed`, which the runtime renders and which has no problem left. */
async function checkFix(text: string, fixed: string | undefined): Promise<void> {
	const reading = readWithFixes(parsePrompt(text).doc, 'input')!;
	const fix = reading.problems[0]?.fix;
	if (fixed === undefined) {
		assert.equal(fix, undefined, 'a fix nobody expected');
		return;
	}
	assert.ok(fix, 'no fix');
	const after = [...fix.edits].sort((a, b) => b.span.start - a.span.start).reduce((out, e) => out.slice(0, e.span.start) + e.newText + out.slice(e.span.end), text);
	assert.equal(after, promptWith(fixed));
	assert.deepEqual(readSchema(parsePrompt(after).doc, 'input')!.problems, []);
	const rendered = await renderPrompt(after, {}, { schemas: { User: { type: 'object' } } });
	assert.ok(rendered.ok, rendered.ok ? '' : rendered.message);
}

describe('odd schemas the runtime accepts stay quiet', () => {
	for (const schema of ['name(: string', 'name(object): string', 'name(object, a (b) c):\n  x: string', 'x(arrayz: string', '"": string', '1: string', 'Foo', 'a: Foo, a foo\nb(array): Bar']) {
		test(schema.replace(/\n/g, '⏎'), async () => {
			const { text, info } = read(schema);
			assert.deepEqual(info.problems, []);
			if (!/Foo|Bar/.test(schema)) assert.ok((await renderPrompt(text)).ok);
		});
	}
});

test('a large schema is read whole, and aliases cannot make the reading explode', () => {
	const big = Array.from({ length: 300 }, (_, i) => `f${i}?(object, field ${i}):\n  a: string\n  b(array): number`).join('\n');
	assert.equal(read(big).info.fields.length, 300);
	// 2^30 references to one small mapping: the frontmatter parser stops it, and the reader follows no alias of it.
	const bomb = ['---', 'x: &a {p: string, q: string}', ...Array.from({ length: 30 }, (_, i) => `x${i}: &a${i} {p: *${i ? `a${i - 1}` : 'a'}, q: *${i ? `a${i - 1}` : 'a'}}`), 'input:', '  schema: *a29', '---', ''].join('\n');
	const started = performance.now();
	readSchema(parsePrompt(bomb).doc, 'input');
	assert.ok(performance.now() - started < 2000, `${performance.now() - started} ms`);
});

test('never throws, and every span stays inside the text, on mutated schemas', () => {
	const seeds = [...PROBLEMS.map((p) => promptWith(p.schema)), promptWith('a(array, x):\n  "b?(object)":\n    c: string\n  (*): any\n"q\\"x": [1, {a: b}]')];
	const fragments = ['(', ')', '?', ',', ':', ' ', '\n', '  ', '- ', '[', ']', '{', '}', '"', "'", '\\', '&a', '*a', '(*)', 'array', 'enum', 'object', 'string', '😀', '#', '~'];
	fc.assert(fc.property(fc.constantFrom(...seeds), fc.nat(), fc.nat({ max: 8 }), fc.array(fc.constantFrom(...fragments), { maxLength: 6 }), (seed, at, cut, parts) => {
		const start = at % (seed.length + 1);
		const text = seed.slice(0, start) + parts.join('') + seed.slice(Math.min(seed.length, start + cut));
		const doc = parsePrompt(text).doc;
		for (const which of ['input', 'output'] as const) {
			const info = readWithFixes(doc, which);
			if (!info) continue;
			const spans: Span[] = [info.span, ...info.problems.flatMap((p) => [p.span, ...(p.fix?.edits.map((e) => e.span) ?? [])])];
			const walk = (fields: SchemaField[]) => fields.forEach((f) => {
				spans.push(f.nameSpan, f.keySpan);
				walk(f.fields ?? []);
			});
			walk(info.fields);
			for (const s of spans) assert.ok(s.start >= 0 && s.start <= s.end && s.end <= text.length, `${JSON.stringify(s)} in ${JSON.stringify(text)}`);
		}
	}), { numRuns: 1500 });
});
