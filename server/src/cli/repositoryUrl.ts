// The project's web address from our own package.json (repository, else homepage), read beside the bundle, for SARIF's tool.driver.informationUri.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Undefined when our package.json cannot be found or has no http(s) address: SARIF then leaves the field out. */
export function repositoryUrl(from: string = __dirname): string | undefined {
	// dist/cli.js sits one folder below package.json; compiled tests sit three below.
	for (let dir = from, i = 0; i < 4; dir = dirname(dir), i++) {
		const pkg = readPackage(join(dir, 'package.json'));
		if (pkg?.name === 'prompt-lens') return webAddress(pkg.repository) ?? webAddress(pkg.homepage);
	}
	return undefined;
}

function readPackage(file: string): { name?: unknown; repository?: unknown; homepage?: unknown } | undefined {
	try {
		const value: unknown = JSON.parse(readFileSync(file, 'utf8'));
		return typeof value === 'object' && value !== null ? value : undefined;
	} catch {
		return undefined;
	}
}

/** `{ "url": "git+https://github.com/o/r.git" }` or a plain string → `https://github.com/o/r`. */
function webAddress(field: unknown): string | undefined {
	const raw = typeof field === 'object' && field !== null && 'url' in field ? (field as { url: unknown }).url : field;
	if (typeof raw !== 'string') return undefined;
	const url = raw.replace(/^git\+/, '').replace(/\.git$/, '');
	return /^https?:\/\/[^\s]+$/.test(url) ? url : undefined;
}
