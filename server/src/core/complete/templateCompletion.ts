// Completion inside `{{…}}`: input variables and their fields, block params and @data, helpers, block closes, partials, roles.
import { HELPER_DOCS } from '../docs/helperDocs';
import { registeredHelperDoc, type RegisteredName } from '../registeredNames';
import { VALID_ROLES } from '../lint/roles';
import { readSchema } from '../schema/picoschema';
import type { SchemaInfo } from '../schema/schemaTypes';
import type { PromptDoc, Span } from '../types';
import type { CompletionEnv, CoreCompletion, CoreCompletionItem } from './completionTypes';
import { inputChoices, schemaFieldAt, type InputChoice } from './inputFields';
import { resolvePath, scanTemplate, tagsAt, type Frame, type TemplateScan } from './templateScan';
import { templateSpotAt, type TemplateSpot } from './templateSpot';

type PathSpot = Extract<TemplateSpot, { kind: 'path' }>;

const ROLE_DOCS: Record<string, string> = {
	system: 'Instructions for the model, sent as a system message.',
	user: 'What the user says. Text before the first role marker is sent as user too.',
	model: 'An earlier answer of the model (Dotprompt\'s name for `assistant`).',
	tool: 'A tool\'s result, sent back to the model.',
};

const EACH_DATA: readonly [string, string, string][] = [
	['@index', 'number', 'The position of the current element, from 0.'],
	['@first', 'boolean', 'True for the first element.'],
	['@last', 'boolean', 'True for the last element.'],
	['@key', 'string', 'The current key, when `{{#each}}` loops over an object\'s properties.'],
];

export function completeTemplate(doc: PromptDoc, bodyStart: number, offset: number, env: CompletionEnv): CoreCompletion {
	const { tags, cursor } = tagsAt(doc.text, bodyStart, offset);
	const spot = cursor && templateSpotAt(doc.text, cursor, offset);
	if (!spot) return { items: [] };
	const { closed } = cursor!;
	switch (spot.kind) {
		case 'path': {
			const schema = readSchema(doc, 'input');
			const scan = scanTemplate(doc.text, tags, cursor!, (path) => schemaFieldAt(schema, path));
			const own = spot.helpers === 'none' || spot.head !== '' ? [] : ownHelperItems(env.helpers, 'plain', spot.replace);
			return { items: [...pathItems(doc, spot, scan, schema, offset, closed), ...own] };
		}
		case 'block':
			return { items: [...helperItems('block', spot.replace, spot.closeEnd, closed), ...ownHelperItems(env.helpers, 'block', spot.replace)] };
		case 'close':
			return { items: closeItems(scanTemplate(doc.text, tags, cursor!, () => undefined), spot.replace, closed) };
		case 'partial':
			return env.partialNames ? { items: partialItems(env.partialNames, spot.replace) } : { items: [], needsPartialNames: true };
		case 'role':
			return { items: roleItems(spot.replace, spot.closingQuote ? '' : doc.text[spot.replace.start - 1]) };
	}
}

function pathItems(doc: PromptDoc, spot: PathSpot, scan: TemplateScan, schema: SchemaInfo | undefined, offset: number, closed: boolean): CoreCompletionItem[] {
	const used = [...scan.used, ...scopePaths(doc, offset)];
	const defaults = inputDefaults(doc);
	if (spot.head !== '') {
		const path = resolvePath(spot.head.replace(/[./]$/, ''), scan.frames);
		return path ? variableItems(inputChoices(path, schema, used, defaults), 'field', spot.replace) : [];
	}
	const frame = scan.frames[scan.frames.length - 1];
	const variables = frame.base ? variableItems(inputChoices(frame.base, schema, used, defaults), 'variable', spot.replace) : [];
	const helpers = spot.helpers === 'none' ? [] : helperItems(spot.helpers, spot.replace, spot.closeEnd, closed);
	return [...variables, ...contextItems(scan.frames, spot.replace), ...helpers];
}

/** References the parser resolved (when the template parses), except the one being typed. */
function scopePaths(doc: PromptDoc, offset: number): string[][] {
	return doc.scope.references
		.filter((r) => r.kind === 'input' && r.base && !(r.span.start <= offset && offset <= r.span.end))
		.map((r) => [...r.base!, ...r.parts.map((p) => p.name)]);
}

function inputDefaults(doc: PromptDoc): unknown {
	const data = doc.frontmatter?.data as { input?: { default?: unknown } } | undefined;
	return typeof data === 'object' && data !== null ? data.input?.default : undefined;
}

function variableItems(choices: InputChoice[], kind: 'variable' | 'field', replace: Span): CoreCompletionItem[] {
	return choices.map((c, i) => ({ label: c.name, kind, detail: c.detail, documentation: c.documentation, replace, sortText: `0${String(i).padStart(4, '0')}` }));
}

/** Block params, `this`, `@root` and each's `@index`… where the open blocks provide them. */
function contextItems(frames: Frame[], replace: Span): CoreCompletionItem[] {
	const items: CoreCompletionItem[] = [];
	const seen = new Set<string>();
	for (let i = frames.length - 1; i > 0; i--) {
		for (const [name, param] of frames[i].params) {
			if (seen.has(name)) continue;
			seen.add(name);
			items.push({ label: name, kind: param.data ? 'data' : 'variable', detail: param.about, documentation: `Named by \`as |…|\` on the block.`, replace, sortText: `1${name}` });
		}
	}
	if (frames.length > 1) {
		const each = [...frames].reverse().find((f) => f.each !== undefined)?.each;
		items.push({ label: 'this', kind: 'variable', detail: each !== undefined ? `element of \`${each}\`` : 'the current context', documentation: 'The value the innermost `{{#each}}` or `{{#with}}` is on.', replace, sortText: '2this' });
		items.push({ label: '@root', kind: 'data', detail: 'the top-level input', documentation: 'Reads an input from inside a block: `{{@root.title}}`.', replace, sortText: '2@root' });
		if (each !== undefined) {
			for (const [name, type, summary] of EACH_DATA) items.push({ label: name, kind: 'data', detail: type, documentation: `${summary} Set by \`{{#each ${each}}}\`.`, replace, sortText: `2${name}` });
		}
	}
	return items;
}

/**
 * Helpers from HELPER_DOCS. Their snippets end in `}}`; they are used when the tag is not closed yet, or when
 * its `}}` follows right after the name (then replaced); otherwise only the name is inserted.
 */
function helperItems(mode: 'plain' | 'all' | 'block', replace: Span, closeEnd: number | undefined, closed: boolean): CoreCompletionItem[] {
	const useSnippet = !closed || closeEnd !== undefined;
	return HELPER_DOCS.filter((h) => (mode === 'block' ? h.block : mode === 'all' || !h.block)).map((h): CoreCompletionItem => {
		const written = h.block ? `#${h.name}` : h.name;
		const snippet = useSnippet && h.snippet !== '';
		return {
			label: h.name,
			kind: h.block ? 'block' : 'helper',
			detail: h.signature,
			documentation: h.summary,
			insertText: snippet ? h.snippet : written,
			snippet: snippet || undefined,
			replace: snippet && closeEnd !== undefined ? { start: replace.start, end: closeEnd } : replace,
			filterText: mode === 'block' ? written : h.name,
			sortText: `3${h.name}`,
		};
	});
}

/** The app's own helpers: whether they take a block is not known, so only the name is inserted. */
function ownHelperItems(helpers: readonly RegisteredName[] | undefined, mode: 'plain' | 'block', replace: Span): CoreCompletionItem[] {
	return (helpers ?? []).map((h) => ({
		label: h.name,
		kind: 'helper',
		detail: h.location ? `helper · ${h.location}` : 'helper · promptLens.helpers',
		documentation: registeredHelperDoc(h),
		insertText: mode === 'block' ? `#${h.name}` : h.name,
		filterText: mode === 'block' ? `#${h.name}` : h.name,
		replace,
		sortText: `3${h.name}`,
	}));
}

function closeItems(scan: TemplateScan, replace: Span, closed: boolean): CoreCompletionItem[] {
	const block = scan.blocks[scan.blocks.length - 1];
	if (!block?.name) return [];
	return [{ label: block.name, kind: 'block', detail: `closes ${block.opening}`, insertText: closed ? block.name : `${block.name}}}`, replace }];
}

function partialItems(names: string[], replace: Span): CoreCompletionItem[] {
	return [...new Set(names)].sort().map((name) => {
		const slash = name.lastIndexOf('/');
		const file = `${name.slice(0, slash + 1)}_${name.slice(slash + 1)}.prompt`;
		return { label: name, kind: 'partial', detail: file, documentation: `Renders \`${file}\` here, with the current context.`, replace };
	});
}

function roleItems(replace: Span, closingQuote: string): CoreCompletionItem[] {
	return VALID_ROLES.map((role, i) => ({
		label: role,
		kind: 'role',
		detail: 'role',
		documentation: `${ROLE_DOCS[role] ?? ''} The text after this marker, up to the next one, becomes one message.`,
		insertText: `${role}${closingQuote}`,
		filterText: role,
		replace,
		sortText: String(i),
	}));
}
