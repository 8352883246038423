// Picoschema's small grammar exactly as the Dotprompt runtime reads it (dotprompt/js picoschema.ts), and did-you-mean for its type names.
import { editDistance } from '../closestName';

/** The runtime's scalar types: anything else in a value is looked up as a registered schema's name. */
export const SCALAR_TYPES = ['any', 'boolean', 'integer', 'null', 'number', 'string'];
/** What the runtime accepts inside a key's parentheses. */
export const PAREN_TYPES = ['array', 'object', 'enum'];
export const WILDCARD = '(*)';

/** `type, description` → [type, description]: the first comma splits, spaces after it are dropped (the runtime's regex). */
export function extractDescription(input: string): { type: string; typeAt: number; description?: string } {
	if (!input.includes(',')) return { type: input, typeAt: 0 };
	// Unanchored like the runtime's: with a line break before the last comma the type starts after it.
	const match = /(.*?), *(.*)$/d.exec(input);
	if (!match?.indices) return { type: input, typeAt: 0 };
	return { type: match[1], typeAt: match.indices[1][0], description: match[2] || undefined };
}

export interface PicoKey {
	/** The field name as data uses it. */
	name: string;
	optional: boolean;
	/** The text after the first `(`, without its last character (the runtime assumes it is `)`); undefined without `(`. */
	typeInfo?: string;
	/** Where `(` is in the key. */
	parenAt: number;
}

/** `name?(type, description)` split the way the runtime splits it: at the first `(`, dropping the last character. */
export function splitKey(key: string): PicoKey {
	const parenAt = key.indexOf('(');
	const head = parenAt < 0 ? key : key.slice(0, parenAt);
	const rest = parenAt < 0 ? '' : key.slice(parenAt + 1).split('(')[0];
	const optional = head.endsWith('?');
	return {
		name: optional ? head.slice(0, -1) : head,
		optional,
		// An empty `rest` (`name(`) counts as no parentheses at all in the runtime.
		typeInfo: rest ? rest.slice(0, -1) : undefined,
		parenAt,
	};
}

/** Names from other languages that people write for Picoschema's types. */
const VALUE_ALIASES: Record<string, string> = {
	int: 'integer', long: 'integer', float: 'number', double: 'number', decimal: 'number',
	bool: 'boolean', str: 'string', text: 'string', char: 'string', nil: 'null', none: 'null',
};
const PAREN_ALIASES: Record<string, string> = { list: 'array', dict: 'object', map: 'object', obj: 'object', record: 'object' };

/** What a value's type probably meant, when it is surely a slip rather than a registered schema's name. */
export function meantValueType(type: string): string | undefined {
	const trimmed = type.trim();
	if (SCALAR_TYPES.includes(trimmed) && trimmed !== type) return trimmed;
	const lower = trimmed.toLowerCase();
	if (SCALAR_TYPES.includes(lower)) return lower;
	if (/^[a-z]+$/.test(trimmed)) return VALUE_ALIASES[trimmed] ?? closeTo(trimmed, SCALAR_TYPES);
	return undefined;
}

/** What a parenthesized type probably meant (`arry` → `array`, `list` → `array`). */
export function meantParenType(type: string): string | undefined {
	const lower = type.trim().toLowerCase();
	if (PAREN_TYPES.includes(lower)) return lower;
	if (!/^[a-z]+$/.test(lower)) return undefined;
	return PAREN_ALIASES[lower] ?? closeTo(lower, PAREN_TYPES);
}

/** A near miss of one of `names`: one edit away, or two for long names that start with the same letter. */
function closeTo(word: string, names: string[]): string | undefined {
	for (const name of names) {
		const distance = editDistance(word, name);
		const sameStart = word[0] === name[0];
		if (name.length <= 4 ? distance <= 1 && sameStart : (distance <= 1 && word.length >= 4) || (distance <= 2 && sameStart && word.length >= 5)) return name;
	}
	return undefined;
}
