// frontmatter-schema: keys the runtime does not read, values of the wrong type or range, unknown formats; FRONTMATTER_DOCS is the schema.
import { closestName } from '../closestName';
import { FRONTMATTER_DOCS, frontmatterChildDocs, frontmatterKeyDoc, type FrontmatterKeyDoc } from '../docs/frontmatterDocs';
import { findFrontmatterKey } from '../frontmatter';
import { describeKind, describeValue, isMapping, kindOf, matchesKind, valueAt } from '../frontmatterShape';
import type { CoreDiagnostic, Fix, Frontmatter, FrontmatterKey, Span } from '../types';
import type { LintRule } from './rule';

type Found = Omit<CoreDiagnostic, 'severity'>;

interface Context {
	text: string;
	front: Frontmatter;
	/** Without a `config:` key, only the first misplaced setting offers to create one (two would create two). */
	firstMisplaced?: FrontmatterKey;
}

const CODE = 'frontmatter-schema';
const OUR_PREFIX = 'promptlens.';

export const frontmatterSchema: LintRule = {
	id: CODE,
	description: 'Frontmatter keys the runtime does not read, values of the wrong type, out-of-range config values and unknown output formats.',
	// The runtime itself rejects almost none of these: it ignores the key or passes the value on, and the model call misbehaves.
	defaultSeverity: 'warning',
	check({ doc }) {
		const front = doc.frontmatter;
		if (!front?.closed || front.data === undefined || front.data === null) return [];
		if (!isMapping(front.data)) return [notAMapping(front)];
		const firstMisplaced = front.keys.find((k) => k.path.length === 1 && !k.path[0].includes('.') && !frontmatterKeyDoc(k.path) && meantSetting(k.path[0]));
		// The frontmatter's text only: its fixes follow its own line ends, whatever the body uses (see lint/rule.ts).
		const context: Context = { text: doc.text.slice(0, doc.body.start), front, firstMisplaced };
		return front.keys.flatMap((key) => checkKey(context, key));
	},
};

function notAMapping(front: Frontmatter): Found {
	return {
		code: CODE,
		message: `The frontmatter must be a YAML mapping of keys such as \`model: …\` and \`config: …\`, but it is ${describeValue(front.data)}: Dotprompt ignores all of it and renders the template with no model, config or schema.`,
		span: front.content,
	};
}

function checkKey(context: Context, key: FrontmatterKey): Found[] {
	const doc = frontmatterKeyDoc(key.path);
	if (doc) return doc.dropped ? [{ code: CODE, message: `\`${key.path[0]}\` is reserved: ${doc.dropped}`, span: key.keySpan }] : checkValue(context, key, doc);
	if (key.path.length === 1) return unknownTopLevel(context, key);
	const parent = key.path.slice(0, -1);
	const parentDoc = frontmatterKeyDoc(parent);
	return parentDoc?.closed && isMapping(valueAt(context.front.data, parent)) ? [unknownChild(context, key, parent)] : [];
}

function checkValue(context: Context, key: FrontmatterKey, doc: FrontmatterKeyDoc): Found[] {
	const value = valueAt(context.front.data, key.path);
	if (value === null || value === undefined || !doc.kind) return [];
	const label = `\`${key.path.join('.')}\``;
	const span = key.valueSpan.end > key.valueSpan.start ? key.valueSpan : key.keySpan;
	if (!matchesKind(doc.kind, value)) {
		return [{ code: CODE, message: `${label} must be ${describeKind(doc.kind)}, but it is ${describeActual(value, doc)}: ${doc.invalid}`, span }];
	}
	if (doc.values && !doc.values.includes(String(value))) return [notAllowed(key, doc, String(value), span)];
	const size = typeof value === 'number' ? value : Array.isArray(value) ? value.length : undefined;
	if (size === undefined || ((doc.min === undefined || size >= doc.min) && (doc.max === undefined || size <= doc.max))) return [];
	const what = Array.isArray(value) ? `has ${size} entries` : `is ${size}`;
	return [{ code: CODE, message: `${label} ${what}, but it must ${rangeText(doc, Array.isArray(value))}: ${doc.invalid}`, span }];
}

/** For a list that holds the wrong things, name the first wrong item. */
function describeActual(value: unknown, doc: FrontmatterKeyDoc): string {
	if (!Array.isArray(value) || (doc.kind !== 'string-list' && doc.kind !== 'mapping-list')) return describeValue(value);
	const wanted = doc.kind === 'string-list' ? 'string' : 'mapping';
	const bad = value.find((item) => kindOf(item) !== wanted);
	return `a list holding ${describeValue(bad)}`;
}

function rangeText(doc: FrontmatterKeyDoc, list: boolean): string {
	if (list) return doc.min === undefined ? `have at most ${doc.max}` : doc.max === undefined ? `have at least ${doc.min}` : `have ${doc.min} to ${doc.max}`;
	return doc.min === undefined ? `be at most ${doc.max}` : doc.max === undefined ? `be at least ${doc.min}` : `be from ${doc.min} to ${doc.max}`;
}

function notAllowed(key: FrontmatterKey, doc: FrontmatterKeyDoc, value: string, span: Span): Found {
	const values = doc.values!;
	const meant = suggestions(value, values);
	const list = `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`;
	return {
		code: CODE,
		message: `\`${key.path.join('.')}\` is \`${value}\`, which is not one of ${list}: ${doc.invalid}${didYouMean(meant)}`,
		span,
		...fixes(meant.length === 1 ? { title: `Change to \`${meant[0]}\``, edits: [{ span, newText: meant[0] }] } : undefined),
	};
}

function unknownTopLevel(context: Context, key: FrontmatterKey): Found[] {
	const name = key.path[0];
	if (name.toLowerCase().startsWith(OUR_PREFIX)) return unknownOurs(context, key);
	if (name.includes('.')) return [];
	const setting = meantSetting(name);
	const fix = setting ? moveUnderConfig(context, key, setting) : undefined;
	if (setting === name) {
		return [{ code: CODE, message: `\`${name}\` is a model setting, but at the top level Dotprompt does not read it and the model never gets it: move it under \`config:\`.`, span: key.keySpan, ...fixes(fix) }];
	}
	const unread = `Dotprompt and Genkit do not read a top-level \`${name}\`, so it has no effect`;
	if (setting) return [{ code: CODE, message: `${unread}. Did you mean \`${setting}\` under \`config:\`?`, span: key.keySpan, ...fixes(fix) }];
	const meant = suggestions(name, topLevelNames());
	if (meant.length === 0) {
		return [{ code: CODE, message: `${unread}. For data of your own, use a dotted extension key such as \`myapp.${name}\`, or put it under \`metadata:\`.`, span: key.keySpan }];
	}
	const renamed = meant.length === 1 ? rename(context, key, meant[0]) : undefined;
	return [{ code: CODE, message: `${unread}.${didYouMean(meant)}`, span: key.keySpan, ...fixes(renamed) }];
}

function topLevelNames(): string[] {
	return frontmatterChildDocs([]).filter((d) => !d.dropped && !d.extension).map((d) => d.path[0]);
}

/** The config setting an unknown top-level key stands for: itself, or the one setting it is a near miss of (a top-level key wins). */
function meantSetting(name: string): string | undefined {
	if (frontmatterKeyDoc(['config', name])) return name;
	const top = topLevelNames();
	const meant = suggestions(name, [...top, ...frontmatterChildDocs(['config']).map((d) => d.path[1])]);
	return meant.length === 1 && !top.includes(meant[0]) ? meant[0] : undefined;
}

function unknownChild(context: Context, key: FrontmatterKey, parent: string[]): Found {
	const known = frontmatterChildDocs(parent).map((d) => d.path[d.path.length - 1]);
	const name = key.path[key.path.length - 1];
	const meant = suggestions(name, known);
	const fix = meant.length === 1 ? rename(context, key, meant[0]) : undefined;
	return {
		code: CODE,
		message: `Dotprompt reads only ${known.map((k) => `\`${k}\``).join(' and ')} under \`${parent.join('.')}:\`, so \`${name}\` has no effect.${didYouMean(meant)}`,
		span: key.keySpan,
		...fixes(fix),
	};
}

function unknownOurs(context: Context, key: FrontmatterKey): Found[] {
	const name = key.path[0];
	const ours = frontmatterChildDocs([]).filter((d) => d.extension).map((d) => d.path[0]);
	// Compare what follows the shared `promptLens.` prefix, or every long name looks close to every other.
	const meant = suggestions(name.slice(OUR_PREFIX.length), ours.map((k) => k.slice(OUR_PREFIX.length))).map((k) => `promptLens.${k}`);
	const fix = meant.length === 1 ? rename(context, key, meant[0]) : undefined;
	return [{
		code: CODE,
		message: `Prompt Lens reads only ${ours.map((k) => `\`${k}\``).join(' and ')}, so \`${name}\` has no effect (runtimes ignore dotted keys).${didYouMean(meant)}`,
		span: key.keySpan,
		...fixes(fix),
	}];
}

/**
 * The closest candidate, or the two tied for closest. A spelling that differs only in case, `_` or `-` wins
 * outright, and so does another API's name for a key (`max_tokens`), which edit distance would miss.
 */
function suggestions(name: string, candidates: string[]): string[] {
	const normal = (s: string) => s.toLowerCase().replace(/[_-]/g, '');
	const same = candidates.filter((c) => normal(c) === normal(name));
	if (same.length === 1) return same;
	const aliased = FRONTMATTER_DOCS.find((d) => candidates.includes(lastStep(d)) && d.aliases?.some((a) => normal(a) === normal(name)));
	if (aliased) return [lastStep(aliased)];
	const best = closestName(name, candidates);
	if (!best) return [];
	const second = closestName(name, candidates.filter((c) => c !== best));
	// closestName keeps the first of equals, so `second` wins against `best` only on a tie.
	return second && closestName(name, [second, best]) === second ? [best, second] : [best];
}

function lastStep(doc: FrontmatterKeyDoc): string {
	return doc.path[doc.path.length - 1];
}

function fixes(fix: Fix | undefined): { fixes?: Fix[] } {
	return fix ? { fixes: [fix] } : {};
}

function didYouMean(meant: string[]): string {
	return meant.length === 0 ? '' : ` Did you mean ${meant.map((m) => `\`${m}\``).join(' or ')}?`;
}

/** Renames a key in place, unless its mapping already has the new name. */
function rename(context: Context, key: FrontmatterKey, to: string): Fix | undefined {
	if (findFrontmatterKey(context.front, ...key.path.slice(0, -1), to)) return undefined;
	return { title: `Rename to \`${to}\``, edits: [{ span: key.keySpan, newText: to }] };
}

/**
 * Moves a one-line top-level `name: value` under `config:` (as `setting`): appended to a block `config:`, or a
 * new `config:` in its place. Flow-style or multi-line YAML gets no fix rather than a wrong one.
 */
function moveUnderConfig(context: Context, key: FrontmatterKey, setting: string): Fix | undefined {
	const { text, front } = context;
	const lineStart = text.lastIndexOf('\n', key.keySpan.start - 1) + 1;
	const lineEnd = lineEndAt(text, key.keySpan.end);
	if (lineStart !== key.keySpan.start || key.valueSpan.end > lineEnd) return undefined;
	const eol = text.includes('\r\n') ? '\r\n' : '\n';
	const title = `Move under \`config:\`${setting === key.path[0] ? '' : ` as \`${setting}\``}`;
	const config = findFrontmatterKey(front, 'config');
	if (!config) return context.firstMisplaced === key ? { title, edits: [{ span: key.keySpan, newText: `config:${eol}  ${setting}` }] } : undefined;
	const target = configInsertion(context, config);
	if (!target || findFrontmatterKey(front, 'config', setting)) return undefined;
	const removeEnd = Math.min(text.length, lineEnd + (text.startsWith('\r\n', lineEnd) ? 2 : 1));
	return {
		title,
		edits: [
			{ span: { start: target.at, end: target.at }, newText: `${eol}${target.indent}${setting}${text.slice(key.keySpan.end, lineEnd)}` },
			{ span: { start: lineStart, end: removeEnd }, newText: '' },
		],
	};
}

/** Where a new setting goes in a block `config:` (the end of its last line) and how far it is indented. */
function configInsertion(context: Context, config: FrontmatterKey): { at: number; indent: string } | undefined {
	const { text, front } = context;
	const value = valueAt(front.data, ['config']);
	const children = front.keys.filter((k) => k.path.length === 2 && k.path[0] === 'config');
	if (value === null && config.valueSpan.end === config.valueSpan.start) return { at: lineEndAt(text, config.keySpan.end), indent: '  ' };
	if (!isMapping(value) || children.length === 0) return undefined;
	const firstLineStart = text.lastIndexOf('\n', children[0].keySpan.start - 1) + 1;
	const indent = text.slice(firstLineStart, children[0].keySpan.start);
	if (firstLineStart <= config.keySpan.start || !/^ +$/.test(indent)) return undefined;
	let end = config.valueSpan.end;
	while (end > firstLineStart && (text[end - 1] === '\n' || text[end - 1] === '\r')) end--;
	return { at: lineEndAt(text, end), indent };
}

function lineEndAt(text: string, offset: number): number {
	const lineBreak = /\r|\n/g;
	lineBreak.lastIndex = offset;
	return lineBreak.exec(text)?.index ?? text.length;
}
