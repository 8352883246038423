// Other tools' `.prompt` formats are recognised and left alone; Dotprompt files, typos included, are never mistaken for them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzePrompt, DEFAULT_SETTINGS } from '../../server/src/core';
import { detectForeignDialect } from '../../server/src/core/dialect';

const FRONT = '---\nmodel: openai/gpt-4o-mini\n---\n';

function dialectOf(text: string): string | undefined {
	return analyzePrompt(text, DEFAULT_SETTINGS).doc.dialect?.name;
}

function codes(text: string): string[] {
	return analyzePrompt(text, DEFAULT_SETTINGS).diagnostics.map((d) => `${d.code}:${d.severity}`);
}

test('a Go text/template body is one info note and nothing else', () => {
	const go = [
		`${FRONT}{{range .Items}}- {{.Title}}\n{{end}}`,
		`${FRONT}{{if .Verbose}}Explain each step.{{else}}Be brief.{{end}}`,
		`${FRONT}{{/* shared header */}}Summarize this.`,
		`${FRONT}{{template "header" .}}\nSummarize this.`,
		`${FRONT}{{$n := len .Items}}There are {{$n}} items.`,
		`${FRONT}Summarize:\n{{- .Text -}}`,
		'---\nmodel: openai/gpt-4o-mini\ntemperature: 0.2\n---\nSummarize {{.Text}}.',
		`${FRONT}Translate {{.Text}} into {{.Language}}.`,
	];
	for (const text of go) {
		assert.equal(dialectOf(text), 'Go template', text);
		assert.deepEqual(codes(text), ['foreign-dialect:info'], text);
	}
});

test('the note names the Go syntax it saw and points at it', () => {
	const text = `${FRONT}Changes:\n{{range .Items}}- {{.Title}}\n{{end}}`;
	const [note] = analyzePrompt(text, DEFAULT_SETTINGS).diagnostics;
	assert.match(note.message, /Go template prompt \(`\{\{range \.Items\}\}` and `\{\{end\}\}` are Go `text\/template` syntax/);
	assert.equal(text.slice(note.span.start, note.span.end), '{{range .Items}}');
});

test('Dotprompt files with Go-looking slips keep their errors', () => {
	const dotprompt = [
		// One `{{.name}}` is a typo in a Dotprompt file: the runtime fails on it, so the error stays.
		`${FRONT}Hello {{.name}}!`,
		`${FRONT}Hello {{.name}}, you asked about {{topic}}.`,
		// Handlebars syntax anywhere settles it, whatever else the file has.
		`${FRONT}{{#each items}}{{.title}}{{/each}}\n{{range .Items}}{{end}}`,
		`${FRONT}{{role "system"}}{{.Text}} {{- .More -}}`,
		`${FRONT}{{! note }}{{/* not a Go comment here */}}{{.a}}{{.b}}`,
		// `end` is a fine variable name in Dotprompt: from {{start}} to {{end}}.
		`${FRONT}From {{start}} to {{end}}.`,
		'---\nmodel: openai/gpt-4o-mini\nconfig:\n  temperature: 0.2\n---\nJust text, {{name}}.',
	];
	for (const text of dotprompt) assert.equal(dialectOf(text), undefined, text);
	assert.ok(codes(dotprompt[0]).includes('template-syntax:error'));
});

test('the scan is linear: many unclosed `{{` do not restart a search each', () => {
	const text = `${FRONT}${'{{ .a '.repeat(200_000)}`;
	const started = performance.now();
	assert.equal(detectForeignDialect(text, FRONT.length), undefined);
	assert.ok(performance.now() - started < 2000);
});
