// Finds the YAML frontmatter the way the Dotprompt runtime does and parses it with positions and alias limits.
import { isMap, isPair, isScalar, isSeq, parseDocument, YAMLParseError, type Document, type Node as YamlNode, type YAMLError } from 'yaml';
import { errorMessage } from './errors';
import { yamlNestingDepth } from './yamlDepth';
import type { CoreDiagnostic, Frontmatter, FrontmatterKey, Span } from './types';

/** The Dotprompt runtime's own split (dotprompt/js parse.ts); mirrored so our view of the file is the runtime's. */
const FRONTMATTER_AND_BODY = /^---\s*(?:\r\n|\r|\n)([\s\S]*?)(?:\r\n|\r|\n)---\s*(?:\r\n|\r|\n)([\s\S]*)$/d;
const OPENING_LINE = /^---[ \t]*(?:\r\n|\r|\n|$)/;
/** Aliases expand on conversion; a small YAML "billion laughs" would otherwise take the process down. */
const MAX_ALIAS_COUNT = 100;
const MAX_KEY_DEPTH = 32;

/** The yaml Document each frontmatter was read from (with positions), for the schema readers: parsed once, not twice. */
const documents = new WeakMap<Frontmatter, Document>();

/** The YAML document of a frontmatter; undefined when it was not parsed (unclosed, or nested too deep to read). */
export function frontmatterDocument(frontmatter: Frontmatter): Document | undefined {
	return documents.get(frontmatter);
}

export interface FrontmatterResult {
	frontmatter?: Frontmatter;
	/** Where the template starts. */
	bodyStart: number;
	diagnostics: CoreDiagnostic[];
}

/** The frontmatter key at `path` (e.g. `'config', 'maxOutputTokens'`), if the document has it. */
export function findFrontmatterKey(frontmatter: Frontmatter | undefined, ...path: string[]): FrontmatterKey | undefined {
	return frontmatter?.keys.find((k) => k.path.length === path.length && k.path.every((p, i) => p === path[i]));
}

export function parseFrontmatter(text: string): FrontmatterResult {
	const opening = OPENING_LINE.exec(text);
	if (!opening) return { bodyStart: 0, diagnostics: lateFrontmatter(text) };
	const match = FRONTMATTER_AND_BODY.exec(text);
	if (!match?.indices?.[1] || !match.indices[2]) return unclosed(text, opening[0].length);

	const [contentStart, contentEnd] = match.indices[1];
	const bodyStart = match.indices[2][0];
	const content = text.slice(contentStart, contentEnd);
	const { data, keys, diagnostics, yaml } = parseYaml(content, contentStart);
	const frontmatter: Frontmatter = {
		span: { start: 0, end: bodyStart },
		content: { start: contentStart, end: contentEnd },
		keys,
		data,
		closed: true,
	};
	if (yaml) documents.set(frontmatter, yaml);
	return { frontmatter, bodyStart, diagnostics };
}

/**
 * The frontmatter of a document's previous version, kept by its owner (one per open document) so that typing in the
 * body does not parse the YAML again: YAML was a third of the parse on every keystroke.
 */
export interface FrontmatterMemo {
	frontmatter?: { prefix: string; result: FrontmatterResult };
}

/** `parseFrontmatter(text)`, from the memo when `text` starts with the same frontmatter and the same closing line. */
export function parseFrontmatterWithMemo(text: string, memo: FrontmatterMemo | undefined): FrontmatterResult {
	const last = memo?.frontmatter;
	if (last && text.startsWith(last.prefix) && !bodyStartCouldMove(text, last.prefix.length)) return last.result;
	const result = parseFrontmatter(text);
	if (!memo) return result;
	memo.frontmatter = result.frontmatter?.closed ? { prefix: text.slice(0, result.bodyStart), result } : undefined;
	return result;
}

/**
 * The closing `---\s*` line takes blank lines after it into the frontmatter (FRONTMATTER_AND_BODY), so a line break
 * typed where the body starts moves the body's start even though the text before it is unchanged.
 */
export function bodyStartCouldMove(text: string, bodyStart: number): boolean {
	if (bodyStart === 0 || text.charCodeAt(bodyStart - 1) !== 10) return true;
	for (let i = bodyStart; i < text.length && /\s/.test(text[i]); i++) {
		if (text[i] === '\n' || text[i] === '\r') return true;
	}
	return false;
}

/** Comment lines (a license header) before the `---`: some runtimes skip them, the JavaScript one does not. */
const LATE_FRONTMATTER = /^(?:[ \t]*(?:#[^\r\n]*)?(?:\r\n|\r|\n))+(---)[ \t]*(?:\r\n|\r|\n)[\s\S]*?(?:\r\n|\r|\n)---[ \t]*(?:\r\n|\r|\n|$)/d;

function lateFrontmatter(text: string): CoreDiagnostic[] {
	const match = LATE_FRONTMATTER.exec(text);
	if (!match?.indices?.[1]) return [];
	const [start, end] = match.indices[1];
	return [{
		code: 'frontmatter-not-at-start',
		severity: 'warning',
		message: 'This frontmatter does not start on the first line, so the Dotprompt JavaScript runtime (used by Genkit) does not read it: the lines above, the YAML and the `---` lines are all sent as prompt text. Move the `---` to line 1 (put a license header in a `{{!-- --}}` comment after the frontmatter).',
		span: { start, end },
	}];
}

/** The file starts like frontmatter but the runtime will not see any: it renders the whole file as the template. */
function unclosed(text: string, openingLength: number): FrontmatterResult {
	const openingSpan = { start: 0, end: Math.min(3, text.length) };
	const diagnostics: CoreDiagnostic[] = [{
		code: 'frontmatter-unclosed',
		severity: 'error',
		message: 'The frontmatter opened by `---` is never closed: add a `---` line (followed by a line break) after it. Until then Dotprompt sends the whole file, YAML included, as the prompt text.',
		span: openingSpan,
	}];
	const frontmatter: Frontmatter = {
		span: { start: 0, end: text.length },
		content: { start: openingLength, end: text.length },
		keys: [],
		data: undefined,
		closed: false,
	};
	return { frontmatter, bodyStart: text.length, diagnostics };
}

function parseYaml(content: string, offset: number): { data: unknown; keys: FrontmatterKey[]; diagnostics: CoreDiagnostic[]; yaml?: Document } {
	const nesting = yamlNestingDepth(content, MAX_NESTING);
	if (nesting.depth > MAX_NESTING) return { data: undefined, keys: [], diagnostics: [tooDeep(content, offset, nesting.offset)] };
	// yaml's own duplicate-key check compares every key with every other (quadratic: 40,000 keys took 40 s).
	const doc = parseDocument(content, { prettyErrors: false, uniqueKeys: false, strict: true });
	const errors = [...doc.errors, ...duplicateKeys(doc.contents)].sort((a, b) => a.pos[0] - b.pos[0]);
	const diagnostics = [
		...errors.map((error) => yamlDiagnostic(error, 'error', content, offset)),
		...doc.warnings.map((warning) => yamlDiagnostic(warning, 'warning', content, offset)),
	];
	const keys: FrontmatterKey[] = [];
	collectKeys(doc.contents, [], offset, keys, 0);
	let data: unknown;
	if (errors.length === 0) {
		try {
			data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
		} catch (error) {
			diagnostics.push({
				code: 'yaml-syntax',
				severity: 'error',
				message: `The frontmatter expands more than ${MAX_ALIAS_COUNT} YAML aliases (\`*name\`), which looks like a resource-exhaustion attack; Prompt Lens stopped reading it.${error instanceof ReferenceError ? '' : ` (${errorMessage(error)})`}`,
				span: { start: offset, end: offset + content.length },
			});
		}
	}
	return { data, keys, diagnostics, yaml: doc };
}

/** Real frontmatter nests a handful of levels; the yaml composer's recursion is unsafe in the hundreds. */
const MAX_NESTING = 64;

function tooDeep(content: string, offset: number, at: number): CoreDiagnostic {
	return {
		code: 'yaml-syntax',
		severity: 'error',
		message: `The frontmatter nests YAML collections more than ${MAX_NESTING} levels deep (brackets, braces, \`-\` items or indentation); Prompt Lens stopped reading it here, and the Dotprompt runtime would fail on it too. Flatten the structure.`,
		span: clampSpan(offset + at, offset + at + 1, offset, offset + content.length),
	};
}

const HINTS: Record<string, string> = {
	MULTILINE_IMPLICIT_KEY: 'a key is probably missing its `:`',
	TAB_AS_INDENT: 'indent YAML with spaces',
	DUPLICATE_KEY: 'each key may appear only once',
	MISSING_CHAR: 'a quote or bracket is not closed',
	BAD_INDENT: 'check the indentation',
};

function yamlDiagnostic(error: YAMLError, severity: 'error' | 'warning', content: string, offset: number): CoreDiagnostic {
	const [start, rawEnd] = error.pos;
	// Some errors point at a single character; widen them to the word there so the squiggle is visible.
	const end = rawEnd - start <= 1 ? start + Math.max(1, /^[^\s:#,\[\]{}]*/.exec(content.slice(start))![0].length) : rawEnd;
	const hint = HINTS[error.code];
	const detail = error.message.replace(/\s+at line \d+, column \d+[\s\S]*$/, '');
	return {
		code: 'yaml-syntax',
		severity,
		message: `Invalid YAML in the frontmatter: ${detail}${hint ? ` (${hint})` : ''}.`,
		span: clampSpan(offset + start, offset + Math.max(end, start), offset, offset + content.length),
	};
}

/** Keys repeated in one mapping, anywhere in the document, as yaml reports them (one error per repeat, on its key). */
function duplicateKeys(root: unknown): YAMLParseError[] {
	const errors: YAMLParseError[] = [];
	const stack: unknown[] = [root];
	while (stack.length > 0) {
		const node = stack.pop();
		if (isSeq(node)) stack.push(...node.items);
		if (!isMap(node)) continue;
		const seen = new Set<string>();
		for (const pair of node.items) {
			if (!isPair(pair)) continue;
			stack.push(pair.value);
			if (!isScalar(pair.key) || !pair.key.range) continue;
			const id = `${typeof pair.key.value}:${String(pair.key.value)}`;
			if (seen.has(id)) errors.push(new YAMLParseError([pair.key.range[0], pair.key.range[0] + 1], 'DUPLICATE_KEY', 'Map keys must be unique'));
			seen.add(id);
		}
	}
	return errors;
}

function collectKeys(node: unknown, path: string[], offset: number, out: FrontmatterKey[], depth: number): void {
	if (depth > MAX_KEY_DEPTH || !isMap(node)) return;
	for (const pair of node.items) {
		if (!isPair(pair) || !isScalar(pair.key) || !pair.key.range) continue;
		const name = String(pair.key.value);
		const keyRange = pair.key.range;
		const value = pair.value as YamlNode | null;
		const valueRange = value?.range;
		out.push({
			path: [...path, name],
			keySpan: { start: offset + keyRange[0], end: offset + keyRange[1] },
			valueSpan: valueRange
				? { start: offset + valueRange[0], end: offset + valueRange[1] }
				: { start: offset + keyRange[1], end: offset + keyRange[1] },
		});
		collectKeys(value, [...path, name], offset, out, depth + 1);
	}
}

function clampSpan(start: number, end: number, min: number, max: number): Span {
	const s = Math.min(Math.max(start, min), max);
	return { start: s, end: Math.min(Math.max(end, s), max) };
}
