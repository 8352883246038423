// Hover and completion docs: every helper and frontmatter key is documented, snippets are valid, and the frontmatter-schema rule agrees with the docs and the runtime.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { Dotprompt } from 'dotprompt';
import { analyzePrompt, DEFAULT_SETTINGS, FRONTMATTER_DOCS, frontmatterKeyDoc, HELPER_DOCS, helperDoc, KNOWN_HELPERS, parsePrompt, type FrontmatterKeyDoc } from '../../server/src/core';

/** Genkit reads these from the raw frontmatter (js/ai/src/prompt.ts loadPrompt); the Dotprompt runtime itself keeps them only in `raw`. */
const GENKIT_RAW_KEYS = ['metadata', 'maxTurns', 'toolChoice', 'returnToolRequests', 'use'];

/** Expands an LSP snippet to the text it inserts by default (first choice, placeholder text); throws on malformed syntax. */
function expandSnippet(snippet: string): string {
	let at = 0;
	const expanded = parse(false);
	assert.equal(at, snippet.length, `stray text at ${at} in ${JSON.stringify(snippet)}`);
	return expanded;

	function parse(inside: boolean): string {
		let text = '';
		while (at < snippet.length) {
			const char = snippet[at];
			if (char === '\\') {
				text += snippet[at + 1];
				at += 2;
			} else if (char === '}' && inside) {
				return text;
			} else if (char === '$' && /^\$\d/.test(snippet.slice(at))) {
				at += /^\$\d+/.exec(snippet.slice(at))![0].length;
			} else if (char === '$' && snippet.startsWith('${', at)) {
				text += placeholder();
			} else {
				text += char;
				at++;
			}
		}
		if (inside) throw new Error(`unclosed \${ in ${JSON.stringify(snippet)}`);
		return text;
	}

	function placeholder(): string {
		const head = /^\$\{(\d+)([:|}])/.exec(snippet.slice(at));
		if (!head) throw new Error(`malformed \${ at ${at} in ${JSON.stringify(snippet)}`);
		at += head[0].length;
		if (head[2] === '}') return '';
		if (head[2] === '|') {
			const end = snippet.indexOf('|}', at);
			if (end < 0) throw new Error(`unclosed choice in ${JSON.stringify(snippet)}`);
			const choices = snippet.slice(at, end).split(',');
			assert.ok(choices.every((c) => c.length > 0), `empty choice in ${JSON.stringify(snippet)}`);
			at = end + 2;
			return choices[0];
		}
		const inner = parse(true);
		at++; // the closing `}`
		return inner;
	}
}

function schemaDiagnostics(frontmatter: string): string[] {
	return analyzePrompt(`---\n${frontmatter}\n---\nHi\n`, DEFAULT_SETTINGS).diagnostics
		.filter((d) => d.code === 'frontmatter-schema' || d.code === 'yaml-syntax')
		.map((d) => `${d.code}: ${d.message}`);
}

/** `key: value` at the doc's path, nested with two-space indents; a multi-line value is indented under its key. */
function yamlAt(doc: FrontmatterKeyDoc, value: string): string {
	const lines = doc.path.map((step, depth) => `${'  '.repeat(depth)}${step}:`);
	const indent = '  '.repeat(doc.path.length - 1);
	lines[lines.length - 1] += ` ${value.replace(/\n/g, `\n${indent}`)}`;
	return lines.join('\n');
}

test('the snippet checker rejects malformed snippets', () => {
	assert.equal(expandSnippet('#each ${1:items}}}\n\t$0\n{{/each}}'), '#each items}}\n\t\n{{/each}}');
	assert.equal(expandSnippet('role "${1|system,user|}"}}'), 'role "system"}}');
	assert.throws(() => expandSnippet('json ${1:value'));
	assert.throws(() => expandSnippet('role "${1|system,user"}}'));
	assert.throws(() => expandSnippet('json ${value}'));
});

test('every helper the runtime registers has a doc, and no doc names another helper', () => {
	const helpers = KNOWN_HELPERS.filter((name) => !name.endsWith('Missing'));
	for (const name of helpers) {
		const doc = helperDoc(name);
		assert.ok(doc, `no doc for helper ${name}`);
		assert.ok(doc.signature.includes(name) && doc.summary.length > 20 && doc.snippet.length > 0, `incomplete doc for ${name}`);
	}
	assert.deepEqual(HELPER_DOCS.map((d) => d.name).sort(), [...helpers].sort());
});

test('helper snippets expand to a helper call that parses, block helpers closed', () => {
	for (const doc of HELPER_DOCS) {
		const text = `{{${expandSnippet(doc.snippet)}`;
		const parsed = parsePrompt(text);
		assert.deepEqual(parsed.diagnostics, [], `${doc.name}: ${text}`);
		const node = parsed.doc.nodes.find((n) => n.kind !== 'comment');
		assert.equal(node?.name, doc.name, text);
		assert.equal(node?.kind === 'block', doc.block, `${doc.name}: block flag`);
		assert.equal(doc.snippet.startsWith('#'), doc.block, `${doc.name}: a block snippet opens with #`);
	}
});

test('frontmatter docs: unique paths, a useful summary, consistent checks', () => {
	const paths = FRONTMATTER_DOCS.map((d) => d.path.join('.'));
	assert.equal(new Set(paths).size, paths.length, 'duplicate paths');
	for (const doc of FRONTMATTER_DOCS) {
		const name = doc.path.join('.');
		assert.equal(frontmatterKeyDoc(doc.path), doc);
		assert.ok(doc.type && doc.summary.length > 30, `${name}: type and summary`);
		if (!doc.dropped) assert.match(doc.summary, /Example: `[^`]+`/, `${name}: the summary shows an example`);
		if (doc.kind) assert.ok(doc.invalid, `${name}: says what happens to a wrong value`);
		if (doc.min !== undefined || doc.max !== undefined) assert.ok(['number', 'integer', 'string-list', 'list'].includes(doc.kind ?? ''), `${name}: a range needs a number or a list`);
		if (doc.path.length > 1) assert.ok(frontmatterKeyDoc(doc.path.slice(0, -1)), `${name}: its parent is documented`);
		if (doc.extension) assert.ok(doc.path.length === 1 && doc.path[0].startsWith('promptLens.'), `${name}: our extensions are promptLens.* keys`);
	}
	assert.ok(frontmatterKeyDoc(['promptLens.compare']));
});

test('frontmatter snippets are valid LSP snippets that expand to frontmatter the rule accepts', () => {
	for (const doc of FRONTMATTER_DOCS.filter((d) => d.snippet)) {
		const yaml = yamlAt(doc, expandSnippet(doc.snippet!));
		assert.deepEqual(schemaDiagnostics(yaml), [], yaml);
	}
});

test('the rule accepts a top-level key exactly when the docs document it as read', () => {
	const candidates = [...FRONTMATTER_DOCS.filter((d) => d.path.length === 1).map((d) => d.path[0]), 'custom', 'temperature', 'Model', 'schema', 'format'];
	for (const key of candidates) {
		const doc = frontmatterKeyDoc([key]);
		const quiet = schemaDiagnostics(`${key}:`).length === 0;
		assert.equal(quiet, doc !== undefined && !doc.dropped, `${key}: ${quiet ? 'accepted' : 'reported'}`);
	}
	assert.deepEqual(schemaDiagnostics('myorg.owner: search-team\nmyorg.review.date: 2026-01-01'), [], 'dotted extension keys are allowed');
});

test('the docs agree with the runtime: every reserved keyword it keeps is documented; the ones it replaces are marked dropped', () => {
	const source = readFileSync(require.resolve('dotprompt'), 'utf8');
	const list = /RESERVED_METADATA_KEYWORDS\s*=\s*\[([^\]]*)\]/.exec(source)?.[1] ?? '';
	const reserved = [...list.matchAll(/["']([A-Za-z]+)["']/g)].map((m) => m[1]);
	assert.ok(reserved.length >= 10, 'found the runtime\'s reserved keywords');
	const runtime = new Dotprompt();
	for (const key of reserved) {
		const parsed = runtime.parse(`---\n${key}: sentinel-value\n---\nHi`) as unknown as Record<string, unknown>;
		const kept = parsed[key] === 'sentinel-value';
		const doc = frontmatterKeyDoc([key]);
		assert.ok(doc, `reserved keyword ${key} has no doc`);
		assert.equal(doc.dropped === undefined, kept, `${key}: the runtime ${kept ? 'keeps' : 'replaces'} it`);
	}
	for (const key of GENKIT_RAW_KEYS) assert.ok(frontmatterKeyDoc([key]) && !frontmatterKeyDoc([key])!.dropped, `Genkit key ${key} is documented`);
});

test('every listed value is accepted and any other is reported, with a did-you-mean for a near miss', () => {
	for (const doc of FRONTMATTER_DOCS.filter((d) => d.values)) {
		for (const value of doc.values!) assert.deepEqual(schemaDiagnostics(yamlAt(doc, value)), [], `${doc.path.join('.')}: ${value}`);
		assert.equal(schemaDiagnostics(yamlAt(doc, 'not-a-listed-value')).length, 1);
		const shouted = analyzePrompt(`---\n${yamlAt(doc, doc.values![0].toUpperCase())}\n---\n`, DEFAULT_SETTINGS).diagnostics.find((d) => d.code === 'frontmatter-schema');
		assert.equal(shouted?.fixes?.[0]?.edits[0]?.newText, doc.values![0]);
	}
});

test('config may hold model-specific keys: only the documented ones are checked', () => {
	assert.deepEqual(schemaDiagnostics('config:\n  safetySettings: []\n  response_format: {type: json_object}\n  temprature_scale: 9\n  thinkingConfig: {thinkingBudget: 0}'), []);
	assert.equal(schemaDiagnostics('config:\n  temperature: 2.01').length, 1);
	assert.deepEqual(schemaDiagnostics('config:\n  temperature: 2\n  topP: 0\n  topK: 1\n  maxOutputTokens: 1'), []);
});
