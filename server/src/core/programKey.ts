// A key for Handlebars opcode programs such that programs Handlebars' `equals` calls equal always share a key.
import type { OpcodeProgram } from './fastCompile';

/**
 * `equals` (handlebars compiler.js) compares opcode names with `===`, their args with argEquals (`===`, or arrays
 * element by element) and the children pairwise. So the key writes strings, numbers, booleans, null and undefined
 * exactly, arrays element by element, and any other object as one mark: coarser than `===` (a shared bucket is then
 * told apart by `equals` itself), never finer. Children enter as the ids of their keys, keeping each key linear in its
 * own program's size. Equal opcodes imply as many children: each child is one `pushProgram` opcode's argument.
 */
export function childProgramKey(
	program: OpcodeProgram,
	ids: Map<string, number>,
	keys: WeakMap<OpcodeProgram, string>,
): string {
	const known = keys.get(program);
	if (known !== undefined) return known;
	const parts: string[] = [];
	for (const { opcode, args } of program.opcodes) parts.push(`${opcode.length}:${opcode}`, argKey(args));
	parts.push('|');
	for (const child of program.children) parts.push(`${idOf(childProgramKey(child, ids, keys), ids)},`);
	const key = parts.join('');
	keys.set(program, key);
	return key;
}

function idOf(key: string, ids: Map<string, number>): number {
	let id = ids.get(key);
	if (id === undefined) ids.set(key, (id = ids.size));
	return id;
}

function argKey(value: unknown): string {
	if (Array.isArray(value)) return `a${value.length}[${value.map(argKey).join('')}]`;
	if (typeof value === 'string') return `s${value.length}:${value}`;
	// String(-0) is '0', as -0 === 0; NaN gets a key although `===` never matches it: coarser, so still safe.
	if (typeof value === 'number') return `n${String(value)};`;
	if (typeof value === 'boolean') return value ? 'T' : 'F';
	if (value === undefined) return 'U';
	if (value === null) return 'N';
	return 'O';
}
