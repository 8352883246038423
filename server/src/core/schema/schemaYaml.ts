// YAML access for the schema readers: the frontmatter re-parsed with positions, aliases followed within a budget, exact offsets inside scalars.
import { frontmatterDocument } from '../frontmatter';
import { isAlias, isPair, isScalar, type Document, type Node as YamlNode, type Pair, type Scalar, type YAMLMap } from 'yaml';
import type { PromptDoc, Span } from '../types';

/** A hostile file can make aliases expand exponentially; the readers stop after this many nodes. */
const MAX_RESOLVED_NODES = 20_000;

export interface SchemaYaml {
	yaml: Document;
	/** The YAML text, and its offset in the prompt. */
	source: string;
	offset: number;
	/** True when the YAML has errors: the runtime would read nothing, so only fields are worth reporting. */
	broken: boolean;
	/** Nodes left to read (aliases can repeat a subtree exponentially often). */
	budget: { nodes: number };
}

/**
 * The frontmatter as a YAML document with positions (the one the frontmatter parser read); undefined when the prompt has
 * no closed frontmatter, or one nested too deep to read at all.
 */
export function schemaYaml(doc: PromptDoc): SchemaYaml | undefined {
	const front = doc.frontmatter;
	if (!front?.closed) return undefined;
	const source = doc.text.slice(front.content.start, front.content.end);
	const yaml = frontmatterDocument(front);
	if (!yaml) return undefined;
	return { yaml, source, offset: front.content.start, broken: yaml.errors.length > 0 || front.data === undefined, budget: { nodes: MAX_RESOLVED_NODES } };
}

/** Counts one more node read; false once the budget is spent (the readers then stop). */
export function spend(y: SchemaYaml): boolean {
	return --y.budget.nodes >= 0;
}

/** The node an alias points to (within the budget, in YAML that loads), or the node itself; null for a missing value. */
export function resolved(y: SchemaYaml, node: unknown): YamlNode | null {
	if (!isAlias(node)) return (node as YamlNode | null) ?? null;
	// In YAML that failed to load (perhaps an alias bomb the frontmatter parser stopped), follow no aliases at all.
	if (y.broken || !spend(y)) return null;
	// Resolving walks the whole document; an alias met again (through another alias) is looked up once.
	let targets = aliasTargets.get(y.yaml);
	if (!targets) aliasTargets.set(y.yaml, (targets = new Map()));
	let target = targets.get(node);
	if (target === undefined) {
		try {
			target = node.resolve(y.yaml) ?? null;
		} catch {
			target = null;
		}
		targets.set(node, target);
	}
	return target;
}

const aliasTargets = new WeakMap<Document, Map<unknown, YamlNode | null>>();

/** The pair whose key is `name` in a mapping, as the runtime's object would see it (the last one wins). */
export function pairNamed(map: YAMLMap, name: string): Pair | undefined {
	let found: Pair | undefined;
	for (const pair of map.items) if (isPair(pair) && keyText(pair.key) === name) found = pair;
	return found;
}

/** A key (or scalar) as the runtime's object has it (`~` → '', `1.0` → '1'); undefined for collections. */
export function keyText(key: unknown): string | undefined {
	if (!isScalar(key)) return undefined;
	return key.value === null || key.value === undefined ? '' : String(key.value);
}

/** The node's span in the prompt; an empty span at `fallback` when there is no node. */
export function nodeSpan(y: SchemaYaml, node: unknown, fallback = 0): Span {
	const range = (node as YamlNode | null)?.range;
	if (!range) return { start: fallback, end: fallback };
	return { start: y.offset + range[0], end: y.offset + range[1] };
}

/**
 * The span of `value.slice(from, to)` inside a scalar as written: inside its quotes, past its escapes. When the
 * written form cannot be mapped character by character (folded lines, block scalars), the whole scalar.
 */
export function innerSpan(y: SchemaYaml, node: Scalar, from: number, to: number): Span {
	const whole = nodeSpan(y, node);
	const offsets = scalarOffsets(y, node);
	if (!offsets) return whole;
	const at = (i: number) => offsets.at(Math.min(Math.max(i, 0), offsets.length - 1));
	return { start: at(from), end: Math.max(at(from), at(to)) };
}

interface Offsets {
	/** The offset in the prompt of the value's character `i`; `length` is one past the last. */
	at(i: number): number;
	length: number;
}

/** For each character of the scalar's value, its offset in the prompt; one extra entry for the end. */
function scalarOffsets(y: SchemaYaml, node: Scalar): Offsets | undefined {
	if (!node.range || typeof node.value !== 'string' && typeof node.value !== 'number' && typeof node.value !== 'boolean' && node.value !== null) return undefined;
	const value = keyText(node)!;
	const start = y.offset + node.range[0];
	const source = y.source.slice(node.range[0], node.range[1]);
	if (node.type === 'PLAIN' || node.type === undefined) {
		return source === value ? { at: (i) => start + i, length: value.length + 1 } : undefined;
	}
	const quoted = node.type === 'QUOTE_SINGLE' ? unquote(source, value, start, (s, i) => (s[i] === "'" && s[i + 1] === "'" ? 2 : 1))
		: node.type === 'QUOTE_DOUBLE' ? unquote(source, value, start, escapeWidth) : undefined;
	return quoted && { at: (i) => quoted[i], length: quoted.length };
}

/** Walks a quoted scalar (without line breaks) and checks that decoding it gives the value, one offset per value character. */
function unquote(source: string, value: string, start: number, width: (s: string, i: number) => number): number[] | undefined {
	if (/[\r\n]/.test(source) || source.length < 2) return undefined;
	const offsets: number[] = [];
	let i = 1;
	while (i < source.length - 1) {
		const w = width(source, i);
		// A `\U` escape above the BMP decodes to two UTF-16 units, both at the escape.
		const code = w === 10 ? parseInt(source.slice(i + 2, i + 10), 16) : 0;
		const units = code > 0xffff && code <= 0x10ffff ? 2 : 1;
		for (let u = 0; u < units; u++) offsets.push(start + i);
		i += w;
	}
	offsets.push(start + source.length - 1);
	return offsets.length === value.length + 1 ? offsets : undefined;
}

function escapeWidth(s: string, i: number): number {
	if (s[i] !== '\\') return 1;
	const next = s[i + 1];
	if (next === 'x') return 4;
	if (next === 'u') return 6;
	if (next === 'U') return 10;
	return 2;
}
