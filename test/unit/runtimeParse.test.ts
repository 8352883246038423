// runtimeParsed equals the Dotprompt runtime's own parse on every prompt we have: the conformance corpus, the examples and
// every fixture, so rendering from our frontmatter sends exactly what the runtime would.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Dotprompt } from 'dotprompt';
import { frontmatterDocument, parseFrontmatter } from '../../server/src/core/frontmatter';
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

test("equal to the runtime's parse on every fixture, example and conformance template, broken YAML included", () => {
	const sources = [
		...promptFiles(FIXTURES),
		...promptFiles(join(REPO_ROOT, 'examples')),
		...specSources(),
		'no frontmatter',
		'---\n---\nempty',
		'---\nunclosed',
		'---\n# only a comment\n---\nbody',
		'---\na.b: 1\nx.y.z: 2\nmodel: m\n---\n  body  \n',
		// YAML the runtime cannot read: it logs the error and sends the whole file, trimmed.
		'---\nmodel: a\nmodel: b\n---\nHi\n',
		'---\nmodel: a\n  bad: indent\n---\n  Hi  \n',
		'---\nmodel: a\nfoo: [1\n---\n  Hi  \n',
	];
	const runtime = new Dotprompt();
	let compared = 0;
	let broken = 0;
	const logged = console.error;
	// The runtime reports YAML it cannot read on console.error; that is expected here, not noise to show.
	console.error = () => undefined;
	try {
		for (const source of sources) {
			const { frontmatter } = parseFrontmatter(source);
			// YAML nested too deep for us to read is not rendered at all (render.ts), so there is nothing to compare.
			if (frontmatter?.closed && frontmatter.data === undefined && !frontmatterDocument(frontmatter)) continue;
			if (frontmatter?.closed && frontmatter.data === undefined) broken++;
			assert.deepEqual(runtimeParsed(source, frontmatter), runtime.parse(source), source.slice(0, 200));
			compared++;
		}
	} finally {
		console.error = logged;
	}
	assert.ok(compared > 150, `only ${compared} sources compared`);
	assert.ok(broken >= 3, `only ${broken} sources with broken YAML compared`);
});
