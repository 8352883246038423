// Command-line option helpers shared by the commands: `--name=value` splitting and values read as JSON when they are.

/** `--name=value` → [`--name`, `value`]; anything else → [arg, undefined]. */
export function splitOption(arg: string): [string, string | undefined] {
	const eq = arg.indexOf('=');
	return arg.startsWith('--') && eq > 2 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
}

export function parseValue(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}
