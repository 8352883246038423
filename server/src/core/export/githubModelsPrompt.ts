// githubModelsPrompt: a prompt and its tests as a GitHub Models `.prompt.yml` (gh models eval). That format substitutes
// `{{name}}` and nothing else, so only a template of plain variables (and role markers) exports; anything else is
// refused with the construct and where it is. Every case is then checked: substituting its row must give exactly the
// messages the Dotprompt runtime rendered for it.
import { stringify } from 'yaml';
import type { Span, TemplateNode, PromptDoc } from '../types';
import type { ExportCase, ExportInput, ExportTarget } from './exportTypes';

export interface ExportProblem {
	message: string;
	span: Span;
}

export type GithubModelsResult =
	| { ok: true; text: string; unmapped: string[] }
	| { ok: false; problems: ExportProblem[] };

interface TemplateMessage {
	role: string;
	content: string;
}

const ROLES: Readonly<Record<string, string>> = { system: 'system', user: 'user', model: 'assistant' };
const PLAIN_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function githubModelsPrompt(doc: PromptDoc, input: ExportInput): GithubModelsResult {
	const template = templateMessages(doc);
	if ('problems' in template) return { ok: false, problems: template.problems };
	const placeholders = template.messages.flatMap((m) => [...m.content.matchAll(/\{\{(\w+)\}\}/g)].map((x) => x[1]));
	const variables = [...new Set(placeholders)];
	const rows = input.cases.map((c) => testRow(c, variables));
	const problems = input.cases.flatMap((c, i) => checkCase(c, rows[i], template.messages, doc));
	if (problems.length > 0) return { ok: false, problems };
	const unmapped: string[] = [];
	const evaluators = evaluatorsFor(input.cases, rows, unmapped);
	const target = input.targets[0];
	const file: Record<string, unknown> = {
		name: nameOf(input.promptFile),
		description: `Exported by Prompt Lens from ${input.promptFile} and ${input.testFile}`,
		model: modelName(target, unmapped),
		...modelParameters(target, unmapped),
		messages: template.messages,
		testData: rows,
	};
	if (evaluators.length > 0) file.evaluators = evaluators;
	for (const other of input.targets.slice(1)) unmapped.push(`models: ${other.model} (a .prompt.yml names one model)`);
	if (input.repeat > 1) unmapped.push(`repeat ${input.repeat}: gh models eval runs each row once`);
	const header = [
		`Exported by Prompt Lens from ${input.promptFile} and ${input.testFile}. Run: gh models eval <this file>`,
		...(unmapped.length > 0
			? ['Not exported (no GitHub Models equivalent with the same meaning):', ...unmapped.map((u) => `  - ${u}`)]
			: []),
	];
	const body = stringify(file, { lineWidth: 0, aliasDuplicateObjects: false });
	const text = `${header.map((line) => `# ${line}`).join('\n')}\n${body}`;
	return { ok: true, text, unmapped };
}

/** The body as messages with `{{name}}` placeholders, or what in it has no such form. */
function templateMessages(doc: PromptDoc): { messages: TemplateMessage[] } | { problems: ExportProblem[] } {
	if (doc.recovered) return { problems: [{ message: 'the template does not parse', span: doc.body }] };
	const problems = doc.nodes.flatMap((node) => refusal(node, doc.text));
	if (problems.length > 0) return { problems };
	const raw = doc.text.slice(doc.body.start, doc.body.end);
	const start = doc.body.start + (raw.length - raw.trimStart().length);
	const end = doc.body.start + raw.trimEnd().length;
	const messages: TemplateMessage[] = [];
	let current: TemplateMessage = { role: 'user', content: '' };
	let cursor = start;
	for (const node of doc.nodes) {
		if (node.span.start < start || node.span.end > end) continue;
		const cut = node.kind === 'comment' ? standaloneLine(doc.text, node.span) : node.span;
		current.content += doc.text.slice(cursor, cut.start);
		cursor = cut.end;
		if (node.kind === 'comment') continue;
		if (node.name === 'role') {
			// As the runtime does: a marker before any text only renames the message it opens.
			if (current.content.trim()) messages.push(current);
			current = { role: ROLES[roleOf(doc.text, node.span)], content: '' };
		} else current.content += `{{${node.name}}}`;
	}
	current.content += doc.text.slice(cursor, end);
	if (current.content.trim()) messages.push(current);
	return { messages };
}

/** Handlebars drops a comment that stands alone on its line together with that line. */
function standaloneLine(text: string, span: Span): Span {
	const lineStart = text.lastIndexOf('\n', span.start - 1) + 1;
	const newline = text.indexOf('\n', span.end);
	const lineEnd = newline < 0 ? text.length : newline + 1;
	const alone = !/\S/.test(text.slice(lineStart, span.start)) && !/\S/.test(text.slice(span.end, lineEnd));
	return alone ? { start: lineStart, end: lineEnd } : span;
}

function roleOf(text: string, span: Span): string {
	return /role\s+["']([^"']*)["']/.exec(text.slice(span.start, span.end))?.[1] ?? '';
}

function refusal(node: TemplateNode, text: string): ExportProblem[] {
	const end = node.kind === 'block' ? (node.openSpan?.end ?? node.span.end) : node.span.end;
	const written = text.slice(node.span.start, end);
	const problem = (why: string) => [{ message: `\`${written}\` ${why}`, span: node.openSpan ?? node.span }];
	if (node.kind === 'comment') return [];
	if (node.kind === 'block')
		return problem(`is a block (\`#${node.name}\`); GitHub Models only substitutes {{variables}}`);
	if (node.kind === 'partial') return problem('includes a partial; GitHub Models only substitutes {{variables}}');
	if (/^\{\{~|~\}\}$/.test(written)) return problem('controls whitespace (`~`), which GitHub Models does not');
	if (node.name === 'role' && node.hasParams) {
		const role = roleOf(text, node.span);
		return ROLES[role] ? [] : problem(`opens a \`${role}\` message; GitHub Models has system, user and assistant`);
	}
	if (node.name === 'history') return problem('splices in earlier turns, which a .prompt.yml cannot');
	if (node.hasParams) return problem(`calls the helper \`${node.name}\`; GitHub Models only substitutes {{variables}}`);
	if (!PLAIN_NAME.test(node.name) || node.name === 'this')
		return problem('reads a path, not a plain name; GitHub Models only substitutes {{name}}');
	return [];
}

/** A case's inputs as text, as Handlebars prints them; `undefined` marks what has no text form. */
function testRow(c: ExportCase, variables: string[]): Record<string, string> {
	const row: Record<string, string> = {};
	for (const name of variables) {
		const value = c.vars[name];
		if (value === undefined || value === null) row[name] = '';
		else if (typeof value !== 'object') row[name] = String(value);
	}
	return row;
}

function checkCase(
	c: ExportCase,
	row: Record<string, string>,
	messages: TemplateMessage[],
	doc: PromptDoc,
): ExportProblem[] {
	const at = { start: doc.body.start, end: doc.body.start };
	const problem = (message: string) => [{ message: `case ${c.name}: ${message}`, span: at }];
	for (const [name, value] of Object.entries(c.vars))
		if (!(name in row) && messages.some((m) => m.content.includes(`{{${name}}}`)))
			return problem(`input ${name} is ${Array.isArray(value) ? 'a list' : 'an object'}; GitHub Models substitutes text only`);
	// gh models replaces key after key, so a value holding another key's placeholder would be filled in too.
	const inner = Object.entries(row).find(([, v]) => Object.keys(row).some((k) => v.includes(`{{${k}}}`)));
	if (inner)
		return problem(`input ${inner[0]} contains a {{placeholder}} that GitHub Models would fill in`);
	const expected = c.messages.map((m) => ({ role: m.role, content: m.content }));
	const got = messages.map((m) => ({ role: m.role, content: substitute(m.content, row) }));
	if (JSON.stringify(expected) === JSON.stringify(got)) return [];
	const shown = (messages: unknown) => JSON.stringify(messages).slice(0, 200);
	return problem(`GitHub Models would send ${shown(got)}, not what Dotprompt renders: ${shown(expected)}`);
}

/** One pass, as gh models does per key: a value is never read again as a template. */
function substitute(content: string, row: Record<string, string>): string {
	return content.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => (name in row ? row[name] : whole));
}

/**
 * Only `icontains` means what a GitHub Models string evaluator means (`contains` there ignores case; its `equals` and
 * `startsWith` neither trim nor, for startsWith, respect case as ours do). The k-th icontains of every case becomes one
 * evaluator; a case without one gets an empty value, which every output contains.
 */
function evaluatorsFor(
	cases: ExportCase[],
	rows: Record<string, string>[],
	unmapped: string[],
): Record<string, unknown>[] {
	const slots: string[][] = cases.map(() => []);
	cases.forEach((c, i) => {
		for (const a of c.assert) {
			if (a.type === 'icontains' && !a.negate) slots[i].push(String(a.value));
			else unmapped.push(`${c.name} › ${a.negate ? 'not-' : ''}${a.type}: ${WHY[a.type] ?? 'no evaluator checks this'}`);
		}
	});
	const count = Math.max(0, ...slots.map((s) => s.length));
	return Array.from({ length: count }, (_, k) => {
		const values = slots.map((s) => s[k] ?? '');
		if (values.every((v) => v === values[0])) return { name: `icontains ${values[0]}`, string: { contains: values[0] } };
		const field = `expected_icontains_${k + 1}`;
		rows.forEach((row, i) => (row[field] = values[i]));
		return { name: `icontains #${k + 1}`, string: { contains: `{{${field}}}` } };
	});
}

const WHY: Readonly<Record<string, string>> = {
	contains: 'GitHub Models’ contains ignores case',
	equals: 'GitHub Models’ equals does not trim the output',
	'starts-with': 'GitHub Models’ startsWith ignores case and does not trim',
	'llm-rubric': 'an llm evaluator scores by fixed choices, not a rubric score and threshold',
	similar: 'github/similarity asks a model, not an embedding similarity with a threshold',
};

function nameOf(path: string): string {
	return (path.split('/').pop() ?? path).replace(/\.prompt$/i, '');
}

/** GitHub Models names models `publisher/model`, and serves OpenAI's under `openai/`. */
function modelName(target: ExportTarget, unmapped: string[]): string {
	if (target.provider.id === 'openai' && target.provider.origin === 'preset') return `openai/${target.modelId}`;
	unmapped.push(`model ${target.model}: runs on ${target.provider.id}, not GitHub Models; set \`model\` to one it serves`);
	return target.model;
}

function modelParameters(target: ExportTarget, unmapped: string[]): Record<string, unknown> {
	const r = target.request;
	const parameters: Record<string, unknown> = {};
	const maxTokens = r.max_tokens ?? r.max_completion_tokens;
	if (maxTokens !== undefined) parameters.maxTokens = maxTokens;
	if (r.temperature !== undefined) parameters.temperature = r.temperature;
	if (r.top_p !== undefined) parameters.topP = r.top_p;
	if (r.stop) unmapped.push('config.stopSequences: a .prompt.yml has no stop sequences');
	if (r.seed !== undefined) unmapped.push('config.seed: a .prompt.yml has no seed');
	if (r.tools) unmapped.push('toolDefs: a .prompt.yml has no tools');
	const out: Record<string, unknown> = Object.keys(parameters).length > 0 ? { modelParameters: parameters } : {};
	const format = r.response_format;
	if (format?.type === 'json_object') out.responseFormat = 'json_object';
	if (format?.type === 'json_schema') {
		out.responseFormat = 'json_schema';
		out.jsonSchema = JSON.stringify(format.json_schema);
	}
	return out;
}
