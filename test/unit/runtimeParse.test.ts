// runtimeParsed equals the Dotprompt runtime's own parse on every prompt we have: the conformance corpus, the examples and
// every fixture, so rendering from our frontmatter sends exactly what the runtime would.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Dotprompt } from 'dotprompt';
import { parseFrontmatter } from '../../server/src/core/frontmatter';
import { runtimeParsed } from '../../server/src/core/runtimeParse';
import { FIXTURES, REPO_ROOT } from '../support/paths';

function promptFiles(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return promptFiles(path);
		return name.endsWith('.prompt') ? [path] : [];
	});
}

/** Sources from the conformance suite's YAML specs: each case's template text. */
function specSources(): string[] {
	const dir = join(FIXTURES, 'dotprompt-spec');
	return readdirSync(dir, { recursive: true })
		.map(String)
		.filter((f) => f.endsWith('.yaml'))
		.flatMap((f) => {
			const text = readFileSync(join(dir, f), 'utf8');
			return [...text.matchAll(/^ {2}template: \|-?\n((?: {4}.*\n|\n)+)/gm)].map((m) => m[1].replace(/^ {4}/gm, ''));
		});
}

test("equal to the runtime's parse on every fixture, example and conformance template whose frontmatter parses", () => {
	const sources = [
		...promptFiles(FIXTURES),
		...promptFiles(join(REPO_ROOT, 'examples')),
		...specSources(),
		'no frontmatter',
		'---\n---\nempty',
		'---\nunclosed',
		'---\n# only a comment\n---\nbody',
		'---\na.b: 1\nx.y.z: 2\nmodel: m\n---\n  body  \n',
	];
	const runtime = new Dotprompt();
	let compared = 0;
	for (const source of sources) {
		const { frontmatter } = parseFrontmatter(source);
		if (frontmatter?.closed && frontmatter.data === undefined) continue;
		assert.deepEqual(runtimeParsed(source, frontmatter), runtime.parse(source), source.slice(0, 200));
		compared++;
	}
	assert.ok(compared > 150, `only ${compared} sources compared`);
});
