// A small glob matcher for settings such as promptLens.tests: `**` (any folders), `*` and `?` (within one name), `{a,b}`.
// Paths use `/`; the match is against the whole relative path.

export function globToRegExp(glob: string): RegExp {
	let out = '';
	for (let i = 0; i < glob.length; i++) {
		const c = glob[i];
		if (c === '*' && glob[i + 1] === '*') {
			const slash = glob[i + 2] === '/';
			out += slash ? '(?:.*/)?' : '.*';
			i += slash ? 2 : 1;
		} else if (c === '*') out += '[^/]*';
		else if (c === '?') out += '[^/]';
		else if (c === '{') out += '(?:';
		else if (c === '}') out += ')';
		else if (c === ',' && out.lastIndexOf('(?:') > out.lastIndexOf(')')) out += '|';
		else out += c.replace(/[.+^$()|[\]\\]/g, '\\$&');
	}
	return new RegExp(`^${out}$`);
}

export function matchesAnyGlob(path: string, globs: readonly string[]): boolean {
	return globs.some((g) => globToRegExp(g.replace(/^\.\//, '')).test(path));
}
