// The scan for helpers and partials registered in code: each language's calls and option maps, and nothing in comments
// or in strings that only look like a registration.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scanRegistrations, sourceLanguageOf, type SourceLanguage } from '../../server/src/core';

function names(text: string, language: SourceLanguage): string[] {
	return scanRegistrations(text, language).map((r) => `${r.kind} ${r.name}:${r.line}`);
}

test('JavaScript and TypeScript: ai.defineHelper / definePartial, Dotprompt options, not comments or strings', () => {
	const source = [
		"import { genkit } from 'genkit';",
		"ai.defineHelper('shout', (text: string) => text.toUpperCase());",
		'ai.definePartial("style", "Talk like a {{#if pirate}}pirate{{/if}}");',
		'// ai.defineHelper(\'commentedOut\', f);',
		'/* ai.defineHelper("blockComment", f); */',
		"const doc = \"ai.defineHelper('inString', f)\";",
		'const tpl = `ai.definePartial(\'inTemplate\', x)`;',
		'registry.dotprompt.defineHelper(`dynamic${n}`, f);',
		'new Dotprompt({ helpers: { list: f, \'date-format\': g, shorthand, method(x) { return x; } }, partials: { footer: "Bye" } });',
		'Handlebars.registerHelper(\'notDotprompt\', f);',
	].join('\n');
	assert.deepEqual(names(source, 'js'), [
		'helper shout:2',
		'partial style:3',
		'helper list:9',
		'helper date-format:9',
		'helper shorthand:9',
		'helper method:9',
		'partial footer:9',
	]);
});

test('Python: ai.define_helper / define_partial and Dotprompt(helpers={…}), not comments or docstrings', () => {
	const source = [
		'ai = Genkit(plugins=[GoogleAI()])',
		"ai.define_helper('list', list_helper)",
		'ai.define_partial("style", "Be {{tone}}")',
		"# ai.define_helper('commented', f)",
		'"""',
		"ai.define_helper('docstring', f)",
		'"""',
		"ai.define_helper(f'formatted{x}', f)",
		"dp = Dotprompt(helpers={'upper': up, \"lower\": low}, partials={'footer': 'Bye'})",
		'def define_helper(self, name: str, fn): ...',
	].join('\n');
	assert.deepEqual(names(source, 'python'), ['helper list:2', 'partial style:3', 'helper upper:9', 'helper lower:9', 'partial footer:9']);
});

test('Go: genkit.DefineHelper(g, …), DefinePartial, dp.DefineHelper and DotpromptOptions maps', () => {
	const source = [
		'func main() {',
		'\tgenkit.DefinePartial(g, "header", "Welcome {{@name}}!")',
		'\tgenkit.DefineHelper(g, "uppercase", func(s string) string { return strings.ToUpper(s) })',
		'\t// genkit.DefineHelper(g, "commented", f)',
		'\tdoc := `genkit.DefineHelper(g, "raw", f)`',
		'\tdp.DefineHelper("shout", shout, tpl)',
		'\topts := &dotprompt.DotpromptOptions{Helpers: map[string]any{"list": list}, Partials: map[string]string{"footer": "Bye"}}',
		'\tother := map[string]interface{}{"notHelpers": 1}',
		'}',
		'func DefineHelper(g *Genkit, name string, fn any) {}',
	].join('\n');
	assert.deepEqual(names(source, 'go'), ['partial header:2', 'helper uppercase:3', 'helper shout:6', 'helper list:7', 'partial footer:7']);
});

test('Java: Dotprompt defineHelper, the options builder, Genkit\'s registry, not comments or text blocks', () => {
	const source = [
		'Dotprompt dotprompt = new Dotprompt(DotpromptOptions.builder().addHelper("shout", shout).addPartial("footer", "Bye").build());',
		'dotprompt.defineHelper("list", (ctx, options) -> ctx.toString());',
		'registry.registerHelper("fmt", helper);',
		'registry.registerPartial("header", "Hi");',
		'// dotprompt.defineHelper("commented", h);',
		'String doc = """',
		'  dotprompt.defineHelper("textBlock", h);',
		'  """;',
	].join('\n');
	assert.deepEqual(names(source, 'java'), ['helper shout:1', 'partial footer:1', 'helper list:2', 'helper fmt:3', 'partial header:4']);
});

test('Dart: ai.defineHelper / definePartial and DotpromptOptions maps, not interpolated names or comments', () => {
	const source = [
		"ai.defineHelper('list', (args, options) => args.join(', '));",
		'ai.definePartial("style", \'Be {{tone}}\');',
		"// ai.defineHelper('commented', f);",
		"ai.defineHelper('dyn$name', f);",
		"final dp = Dotprompt(DotpromptOptions(helpers: {'upper': up}, partials: {'footer': 'Bye'}));",
		"final s = '''ai.defineHelper('inString', f)''';",
	].join('\n');
	assert.deepEqual(names(source, 'dart'), ['helper list:1', 'partial style:2', 'helper upper:5', 'partial footer:5']);
});

test('unterminated strings and comments end the scan quietly, and the work stays linear', () => {
	assert.deepEqual(names("ai.defineHelper('a', f);\nconst s = 'open\nai.defineHelper('b', f);\n/* never closed", 'js'), ['helper a:1', 'helper b:3']);
	// Nested maps are read once: the outer map's one key, then the scan goes on after it.
	assert.deepEqual(names(`new Dotprompt(${'helpers: {'.repeat(50_000)}`, 'js'), ['helper helpers:1']);
	const big = "ai.defineHelper('x', f);\n".repeat(40_000);
	const started = performance.now();
	assert.equal(scanRegistrations(big, 'js').length, 1000);
	assert.ok(performance.now() - started < 2000, 'a 1 MB file scans in well under two seconds');
});

test('option maps count only in code that uses Dotprompt: elsewhere `helpers: {…}` is just data', () => {
	assert.deepEqual(names("const spec = { helpers: { type: 'array', default: [] } };", 'js'), []);
	assert.deepEqual(names("import { Dotprompt } from 'dotprompt';\nconst dp = new Dotprompt({ helpers: { upper } });", 'js'), ['helper upper:2']);
	assert.deepEqual(names("config = dict(helpers={'a': 1})", 'python'), []);
});

test('source languages by extension', () => {
	assert.deepEqual(['a.ts', 'b.MJS', 'c.tsx', 'd.py', 'e.go', 'f.java', 'g.dart', 'h.prompt', 'Makefile'].map(sourceLanguageOf), ['js', 'js', 'js', 'python', 'go', 'java', 'dart', undefined, undefined]);
});
