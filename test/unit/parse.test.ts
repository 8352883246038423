// Golden parser output: frontmatter keys, template nodes, role sections and the outline, with their spans.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { foldingSpans, outlinePrompt, parsePrompt, type OutlineItem, type PromptDoc, type TemplateNode } from '../../server/src/core';
import { assertGolden, describeSpan, goldenCases } from '../support/golden';
import { FIXTURES } from '../support/paths';

for (const fixture of goldenCases(join(FIXTURES, 'parse'))) {
	test(`parse: ${fixture.name}`, () => {
		const { doc, diagnostics } = parsePrompt(fixture.input);
		assertGolden({ ...describeDoc(doc), diagnostics: diagnostics.map((d) => d.code) }, join(fixture.dir, 'expected.json'));
	});
}

test('a role marker inside a block still opens a section', () => {
	const { doc } = parsePrompt('{{#if a}}{{role "system"}}x{{/if}}\n{{role "user"}}y');
	assert.deepEqual(doc.roleSections.map((s) => s.role), ['user', 'system', 'user']);
});

test('whitespace before the first role marker is not an implicit user message', () => {
	const { doc } = parsePrompt('\n\n{{role "system"}}x');
	assert.deepEqual(doc.roleSections.map((s) => s.role), ['system']);
});

function describeDoc(doc: PromptDoc) {
	const text = doc.text;
	return {
		frontmatter: doc.frontmatter && {
			span: describeSpan(text, doc.frontmatter.span).range,
			closed: doc.frontmatter.closed,
			keys: doc.frontmatter.keys.map((k) => ({ path: k.path.join('.'), key: describeSpan(text, k.keySpan), value: describeSpan(text, k.valueSpan) })),
		},
		body: describeSpan(text, doc.body).range,
		nodes: doc.nodes.map((n) => describeNode(text, n)),
		roleSections: doc.roleSections.map((s) => ({ role: s.role, span: describeSpan(text, s.span).range, marker: s.markerSpan && describeSpan(text, s.markerSpan).text })),
		outline: outlinePrompt(doc).map((item) => describeOutline(text, item)),
		folding: foldingSpans(doc).map((f) => `${f.kind} ${describeSpan(text, f.span).range}`),
	};
}

function describeNode(text: string, node: TemplateNode): unknown {
	return {
		kind: node.kind,
		name: node.name,
		...describeSpan(text, node.span),
		...(node.openSpan ? { open: describeSpan(text, node.openSpan).text } : {}),
		...(node.children.length ? { children: node.children.map((c) => describeNode(text, c)) } : {}),
	};
}

function describeOutline(text: string, item: OutlineItem): unknown {
	return {
		name: item.name,
		detail: item.detail,
		kind: item.kind,
		range: describeSpan(text, item.span).range,
		selection: describeSpan(text, item.selectionSpan).text,
		...(item.children.length ? { children: item.children.map((c) => describeOutline(text, c)) } : {}),
	};
}

test('while the template does not compile, role sections still come from the markers', () => {
	const { doc, diagnostics } = parsePrompt('{{role "system"}}\nBe kind.\n{{role "user"}}\nWhat is {{#if\n');
	assert.deepEqual(diagnostics.map((d) => d.code), ['template-syntax']);
	assert.deepEqual(doc.roleSections.map((s) => s.role), ['system', 'user']);
});
