// Recognises `.prompt` files with a Go `text/template` body ({{.Field}}, {{range}}…{{end}}) under Dotprompt-like frontmatter.
import type { ForeignDialect, Span } from './types';

/** Syntax only Handlebars reads: one of these and the file is Dotprompt (perhaps with a typo), never a Go template. */
const HANDLEBARS_ONLY = /^(?:[#^>!~{&]|\/(?!\*)|(?:role|history|media|section|json)\b|@)|~$/;
/** An action that opens a Go block, closed by `{{end}}`; Handlebars writes these with `#`. */
const GO_OPENER = /^(?:range|with|define|block)\s|^if\s+(?:[.$(]|(?:not|and|or|eq|ne|lt|le|gt|ge|len)\s)/;
const GO_END = /^end$/;
/** Words both languages use between a block's opening and its end. */
const SHARED_WORDS = /^else\b/;
/** A Go include or variable declaration: no Handlebars template has either. */
const GO_STATEMENT = /^template\s+"|^\$[A-Za-z_]\w*\s*:?=/;
/** `{{.Title}}`: Go's field access on the data. Handlebars has no leading `.` before a name (one is a typo there). */
const DOT_FIELD = /^\.[A-Za-z_]/;
/** Top-level sampling settings: Go-template tools read them there; Dotprompt wants them under `config:`. */
const TOP_LEVEL_SETTING =
	/^(?:temperature|top_p|topP|top_k|topK|max_tokens|maxTokens|frequency_penalty|presence_penalty)[ \t]*:/m;

interface Action {
	/** The text between `{{` and `}}`, without Go's `- ` / ` -` trim markers. */
	inner: string;
	span: Span;
	trimmed: boolean;
}

/**
 * Go `text/template` bodies, when there is no Handlebars-only syntax and the Go evidence is more than one slip: a block
 * closed by `{{end}}`, a `{{/* comment *\/}}`, `{{template "x"}}` or `{{$x := …}}` alone; otherwise two kinds of weaker
 * evidence (`{{.Field}}`, `{{- trim -}}` markers, `temperature:` at the top level) or every variable written `{{.Field}}`.
 */
export function detectGoTemplate(text: string, bodyStart: number): ForeignDialect | undefined {
	const actions = scanActions(text, bodyStart);
	if (!actions || actions.length === 0) return undefined;
	const opener = actions.find((a) => GO_OPENER.test(a.inner));
	const end = actions.find((a) => GO_END.test(a.inner));
	const statement = actions.find((a) => a.inner.startsWith('/*') || GO_STATEMENT.test(a.inner));
	const strong = (opener && end ? opener : undefined) ?? statement;
	const fields = actions.filter((a) => DOT_FIELD.test(a.inner));
	const trims = actions.find((a) => a.trimmed);
	const setting = bodyStart > 0 && TOP_LEVEL_SETTING.test(text.slice(0, bodyStart));
	const weak = [fields.length > 0, trims !== undefined, setting].filter(Boolean).length;
	const goWord = (a: Action) => [GO_OPENER, GO_END, SHARED_WORDS].some((r) => r.test(a.inner));
	const allFields = fields.length >= 2 && actions.every((a) => !/^[A-Za-z_]/.test(a.inner) || goWord(a));
	if (!strong && weak < 2 && !allFields) return undefined;
	const samples = [strong, strong && strong === opener ? end : undefined, fields[0], trims].filter((a): a is Action => a !== undefined);
	const shown = [...new Set(samples.map((a) => text.slice(a.span.start, a.span.end)))].slice(0, 2).map((s) => `\`${s}\``);
	const first = samples[0];
	return {
		name: 'Go template',
		evidence: `${shown.join(' and ')} ${shown.length === 1 ? 'is' : 'are'} Go \`text/template\` syntax, not Handlebars`,
		span: first.span,
	};
}

/**
 * Each `{{…}}` once, left to right: every search starts where the previous one ended, so the scan stays linear. Stops
 * (undefined) at the first Handlebars-only tag, which most Dotprompt files have near the top.
 */
function scanActions(text: string, from: number): Action[] | undefined {
	const actions: Action[] = [];
	for (let open = text.indexOf('{{', from); open >= 0; open = text.indexOf('{{', open)) {
		const close = text.indexOf('}}', open + 2);
		if (close < 0) break;
		const raw = text.slice(open + 2, close);
		const trimmed = /^-\s/.test(raw) || /\s-$/.test(raw);
		const inner = raw.replace(/^-(?=\s)/, '').replace(/(?<=\s)-$/, '').trim();
		if (HANDLEBARS_ONLY.test(inner)) return undefined;
		actions.push({ inner, span: { start: open, end: close + 2 }, trimmed });
		open = close + 2;
	}
	return actions;
}
