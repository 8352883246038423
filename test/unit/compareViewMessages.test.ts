// The compare panel's message contract and JSON checks under node: malformed webview messages are refused, links are
// http(s)/mailto only, and the schema check agrees with the runtime's own Picoschema → JSON Schema conversion.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { picoschema } from 'dotprompt';
import { isSafeLinkUrl, MAX_REPEAT, validateExtensionMessage, validateWebviewMessage, type JsonSchema, type WebviewMessage } from '../../media/shared/compareMessages';
import { expectsJson, jsonView } from '../../media/shared/jsonOutput';
import { checkJsonSchema, MAX_PROBLEMS } from '../../server/src/core/jsonSchemaCheck';

test('every well-formed webview message passes and comes back with only its own fields', () => {
	const valid: WebviewMessage[] = [
		{ type: 'ready' },
		{ type: 'cancelAll' },
		{ type: 'rerun', columnId: 'c1' },
		{ type: 'repeat', times: 1 },
		{ type: 'repeat', times: MAX_REPEAT },
		{ type: 'setBaseline', columnId: 'c2' },
		{ type: 'vote', columnId: 'c1' },
		{ type: 'vote', columnId: null },
		{ type: 'save' },
		{ type: 'exportMarkdown' },
		{ type: 'openLink', url: 'https://example.com/a?b=c#d' },
		{ type: 'openLink', url: 'mailto:someone@example.com' },
		{ type: 'toggleRaw', columnId: 'c1', raw: true },
		{ type: 'showRun', columnId: 'c1', runIndex: 3 },
		{ type: 'selectDiff', left: 'c1', right: 'c2' },
	];
	for (const message of valid) assert.deepEqual(validateWebviewMessage(message), message, JSON.stringify(message));
	assert.deepEqual(validateWebviewMessage({ type: 'rerun', columnId: 'c1', extra: '<script>', __proto__: { polluted: true } }), { type: 'rerun', columnId: 'c1' });
});

test('malformed webview messages are refused', () => {
	const bad: unknown[] = [
		undefined, null, 'ready', 42, [], [{ type: 'ready' }], {}, { type: 7 }, { type: 'READY' }, { type: 'runFinished' }, { type: 'init', state: {} },
		{ type: 'rerun' }, { type: 'rerun', columnId: '' }, { type: 'rerun', columnId: 5 }, { type: 'rerun', columnId: 'x'.repeat(201) },
		{ type: 'repeat', times: 0 }, { type: 'repeat', times: MAX_REPEAT + 1 }, { type: 'repeat', times: 2.5 }, { type: 'repeat', times: '3' }, { type: 'repeat', times: Number.NaN },
		{ type: 'vote' }, { type: 'vote', columnId: false }, { type: 'setBaseline', columnId: ['c1'] },
		{ type: 'toggleRaw', columnId: 'c1' }, { type: 'toggleRaw', columnId: 'c1', raw: 'yes' },
		{ type: 'showRun', columnId: 'c1', runIndex: -1 }, { type: 'selectDiff', left: 'c1' },
		{ type: 'openLink' }, { type: 'openLink', url: 42 },
	];
	for (const value of bad) assert.equal(validateWebviewMessage(value), undefined, JSON.stringify(value));
});

test('links open only on http(s) and mailto, without credentials, control characters or tricks', () => {
	for (const url of ['https://example.com', 'http://localhost:8080/x', 'https://example.com/path%20with%20space', 'mailto:a@b.c']) {
		assert.equal(isSafeLinkUrl(url), true, url);
	}
	const refused = [
		'javascript:alert(1)', 'JaVaScRiPt:alert(1)', ' javascript:alert(1)', 'java\nscript:alert(1)', 'vbscript:msgbox(1)',
		'data:text/html;base64,PHNjcmlwdD4=', 'command:workbench.action.terminal.new', 'vscode://file/etc/passwd', 'file:///etc/passwd',
		'vscode-webview://x/index.html', '/relative', '//evil.example.com', 'example.com', 'https://user:pass@example.com',
		'https://exa mple.com', 'https://example.com/\u2028', 'http:/\\evil.com', 'https:evil.com', '', `https://example.com/${'a'.repeat(2100)}`,
	];
	for (const url of refused) {
		assert.equal(isSafeLinkUrl(url), false, url);
		assert.equal(validateWebviewMessage({ type: 'openLink', url }), undefined, url);
	}
});

test('the webview ignores malformed extension messages', () => {
	assert.deepEqual(validateExtensionMessage({ type: 'runEvent', columnId: 'c1', runIndex: 0, event: { type: 'delta', text: 'x' } }), { type: 'runEvent', columnId: 'c1', runIndex: 0, event: { type: 'delta', text: 'x' } });
	for (const bad of [
		{ type: 'runEvent', columnId: 'c1', runIndex: 0, event: { type: 'delta', text: 5 } },
		{ type: 'runEvent', columnId: 'c1', runIndex: 0, event: { type: 'explode' } },
		{ type: 'runFinished', columnId: 'c1', runIndex: 0, result: { status: 'great', output: '', totalMs: 1 } },
		{ type: 'runFinished', columnId: 'c1', runIndex: 0, result: { status: 'ok', output: '', totalMs: Number.POSITIVE_INFINITY } },
		{ type: 'runStarted', columnId: 'c1', runIndex: MAX_REPEAT },
		{ type: 'batchStarted', columnId: 'c1', runs: 0 },
		{ type: 'schema', jsonSchema: 'object' },
		{ type: 'schema', format: 'yaml', jsonSchema: null },
		{ type: 'notice', notice: { level: 'panic', message: 'x' } },
		{ type: 'init' },
		{ type: 'ready' },
	]) {
		assert.equal(validateExtensionMessage(bad), undefined, JSON.stringify(bad));
	}
});

test('JSON answers: pretty-printed, also inside a ```json fence; invalid JSON says why', () => {
	assert.deepEqual(jsonView('{"a":[1,2]}', undefined), { ok: true, pretty: '{\n  "a": [\n    1,\n    2\n  ]\n}', fenced: false, schemaChecked: false, problems: [] });
	assert.equal(jsonView('```json\n{"a":1}\n```', undefined)?.ok, true);
	assert.equal((jsonView('```json\n{"a":1}\n```', undefined) as { fenced: boolean }).fenced, true);
	const broken = jsonView('{"a": 1,', undefined);
	assert.equal(broken?.ok, false);
	assert.match((broken as { error: string }).error, /^Not valid JSON: /);
	assert.equal(jsonView('   ', undefined), undefined);
	assert.equal(expectsJson({ format: 'json' }), true);
	assert.equal(expectsJson({ schema: { type: 'object' } }), true);
	assert.equal(expectsJson({ format: 'text', schema: { type: 'object' } }), false);
	assert.equal(expectsJson(undefined), false);
});

test('the schema check follows the JSON Schema the runtime makes from Picoschema', async () => {
	const schema = (await picoschema({
		title: 'string',
		'score?': 'number',
		'tags(array)': 'string',
		'level(enum, how sure)': ['low', 'high'],
		'author?(object)': { name: 'string', 'age?': 'integer' },
		'meta(object)': { '(*)': 'string' },
	})) as JsonSchema;
	const good = { title: 'T', score: null, tags: ['a'], level: 'low', author: { name: 'Ann' }, meta: { any: 'x' } };
	assert.deepEqual(checkJsonSchema(good, schema), []);
	const bad = { score: 'high', tags: ['a', 3], level: 'medium', author: { name: 'Bo', age: 4.5, email: 'b@c' }, meta: { n: 1 }, extra: true };
	assert.deepEqual(checkJsonSchema(bad, schema), [
		{ path: '$', message: 'missing required property "title"' },
		{ path: '$.score', message: 'expected number or null, got string' },
		{ path: '$.tags[1]', message: 'expected string, got integer' },
		{ path: '$.level', message: '"medium" is not one of "low", "high"' },
		{ path: '$.author.age', message: 'expected integer or null, got number' },
		{ path: '$.author.email', message: 'property "email" is not in the schema' },
		{ path: '$.meta.n', message: 'expected string, got integer' },
		{ path: '$.extra', message: 'property "extra" is not in the schema' },
	]);
});

test('the schema check: odd keys, nested arrays, enum objects, a cap on problems, and no throw on odd schemas', () => {
	assert.deepEqual(checkJsonSchema({ 'odd key': 1 }, { type: 'object', properties: { 'odd key': { type: 'string' } } }), [{ path: '$["odd key"]', message: 'expected string, got integer' }]);
	assert.deepEqual(checkJsonSchema([[1], [2, 'x']], { type: 'array', items: { type: 'array', items: { type: 'number' } } }), [{ path: '$[1][1]', message: 'expected number, got string' }]);
	assert.deepEqual(checkJsonSchema({ a: 1 }, { enum: [{ a: 1 }, null] }), []);
	assert.equal(checkJsonSchema(Array.from({ length: 500 }, () => 'x'), { type: 'array', items: { type: 'integer' } }).length, MAX_PROBLEMS);
	for (const odd of [{ type: 42 }, { properties: 'x' }, { required: 'a' }, { items: [] }, { enum: 'x' }, { additionalProperties: 'no' }, { type: ['string', 7] }] as unknown as JsonSchema[]) {
		assert.doesNotThrow(() => checkJsonSchema({ a: [1, { b: null }] }, odd));
	}
	// Deep values stop at a depth limit instead of overflowing the stack.
	let deep: unknown = 1;
	let deepSchema: JsonSchema = { type: 'string' };
	for (let i = 0; i < 10_000; i++) {
		deep = [deep];
		deepSchema = { type: 'array', items: deepSchema };
	}
	assert.doesNotThrow(() => checkJsonSchema(deep, deepSchema));
});
