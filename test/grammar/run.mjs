// Runs the grammar tests (assertion cases, committed snapshots, language-configuration checks); `--update` rewrites the snapshots.
//
//   node test/grammar/run.mjs            run everything, exit 1 on any failure
//   node test/grammar/run.mjs --update   regenerate test/grammar/snap/*.snap (review the diff before committing)
//
// Tokenization is done by vscode-tmgrammar-test (vscode-textmate + vscode-oniguruma, as in VS Code).
// The grammar comes from package.json (contributes.grammars); the embedded YAML grammar (scope
// source.yaml) from the tm-grammars devDependency, which stands in for VS Code's built-in one.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const require = createRequire(import.meta.url);
const update = process.argv.includes('--update');

let passed = 0;
let failed = 0;
const fail = (what) => {
	failed++;
	console.log(`✖ ${what}`);
};
const pass = (what) => {
	passed++;
	console.log(`✓ ${what}`);
};

function resolveOrExit(id, hint) {
	try {
		return require.resolve(id);
	} catch {
		console.log(`✖ cannot find ${id}: ${hint}`);
		console.log('0 passed, 1 failed');
		process.exit(1);
	}
}

const yamlGrammar = resolveOrExit('tm-grammars/grammars/yaml.json', 'run `npm install` (devDependency tm-grammars)');
const unitBin = resolveOrExit('vscode-tmgrammar-test/dist/unit.js', 'run `npm install` (devDependency vscode-tmgrammar-test)');
const snapBin = resolveOrExit('vscode-tmgrammar-test/dist/snapshot.js', 'run `npm install` (devDependency vscode-tmgrammar-test)');

const listPrompts = (dir) =>
	readdirSync(join(here, dir))
		.filter((f) => f.endsWith('.prompt'))
		.sort()
		.map((f) => relative(root, join(here, dir, f)));

/** Runs one of the tool's CLIs over `files`; counts a file as passed when the tool printed ✓ for it. */
function runTool(bin, args, files) {
	const r = spawnSync(process.execPath, [bin, '-g', yamlGrammar, '--config', 'package.json', ...args, ...files], {
		cwd: root,
		encoding: 'utf8',
		env: { ...process.env, FORCE_COLOR: '0' },
	});
	const out = (r.stdout ?? '') + (r.stderr ?? '');
	process.stdout.write(out);
	const ok = new Set(
		out
			.split('\n')
			.filter((l) => l.startsWith('✓'))
			.map((l) => l.split(/\s+/)[1]),
	);
	let filesOk = 0;
	for (const f of files) if (ok.has(f) || (update && args.includes('--updateSnapshot'))) filesOk++;
	if (r.status === 0) {
		passed += files.length;
	} else {
		// the exit code is authoritative; the ✓ lines only say how many files were fine
		const bad = Math.max(1, files.length - filesOk);
		passed += files.length - bad;
		failed += bad;
		if (r.error) console.log(`✖ ${r.error.message}`);
	}
}

// 1. Assertion cases: "# SYNTAX TEST" files with ^ / <- scope assertions.
const cases = listPrompts('cases');
if (cases.length === 0) fail('no assertion cases in test/grammar/cases');
else runTool(unitBin, [], cases);

// 2. Snapshots: every input must have a committed .snap (the tool would silently create a missing one).
const snaps = listPrompts('snap');
const missing = snaps.filter((f) => !existsSync(join(root, f + '.snap')));
if (!update && missing.length) {
	for (const f of missing) fail(`${f}.snap is missing: run \`node test/grammar/run.mjs --update\` and commit it`);
} else if (snaps.length) {
	runTool(snapBin, update ? ['--updateSnapshot'] : [], snaps);
}
for (const f of readdirSync(join(here, 'snap')).filter((f) => f.endsWith('.snap'))) {
	if (!existsSync(join(here, 'snap', f.slice(0, -'.snap'.length)))) fail(`test/grammar/snap/${f} has no input file`);
}

// 3. language-configuration.json and the grammar's contract with package.json.
function check(what, fn) {
	try {
		const problem = fn();
		if (problem) fail(`${what}: ${problem}`);
		else pass(what);
	} catch (e) {
		fail(`${what}: ${e.message}`);
	}
}
const readJson = (f) => JSON.parse(readFileSync(join(root, f), 'utf8'));
const pkg = readJson('package.json');
const grammarEntry = (pkg.contributes?.grammars ?? []).find((g) => g.language === 'dotprompt');
const grammar = readJson('syntaxes/dotprompt.tmLanguage.json');
const config = readJson('language-configuration.json');

check('package.json contributes the grammar for language dotprompt', () => {
	if (!grammarEntry) return 'no contributes.grammars entry with language "dotprompt"';
	if (grammarEntry.scopeName !== grammar.scopeName) return `scopeName ${grammarEntry.scopeName} ≠ grammar's ${grammar.scopeName}`;
	if (join(root, grammarEntry.path) !== join(root, 'syntaxes/dotprompt.tmLanguage.json')) return `path is ${grammarEntry.path}`;
});
check('package.json maps the frontmatter scope to the yaml language', () => {
	const scope = grammar.repository.frontmatter.patterns[0].contentName;
	if (grammarEntry?.embeddedLanguages?.[scope] !== 'yaml') return `embeddedLanguages["${scope}"] is not "yaml"`;
});
check('package.json points the dotprompt language at language-configuration.json', () => {
	const lang = (pkg.contributes?.languages ?? []).find((l) => l.id === 'dotprompt');
	if (!lang) return 'no language "dotprompt"';
	if (join(root, lang.configuration ?? '') !== join(root, 'language-configuration.json')) return `configuration is ${lang.configuration}`;
});
check('block comment is {{!-- --}}', () => {
	const [open, close] = config.comments?.blockComment ?? [];
	if (open !== '{{!--' || close !== '--}}') return `got ${open} ${close}`;
});
check('every bracket and surrounding pair is closed by its partner', () => {
	for (const [o, c] of [...config.brackets, ...config.surroundingPairs]) {
		if (!o || !c) return `bad pair ${o} ${c}`;
	}
	const opens = config.autoClosingPairs.map((p) => p.open);
	for (const need of ['{', '{{', '[', '(', '"']) if (!opens.includes(need)) return `no auto-closing pair for ${need}`;
	// VS Code types `{{` as `{` + `{`: with the contained pair `{`→`}` present, the second `{` adds just one `}`
	const pair = config.autoClosingPairs.find((p) => p.open === '{{');
	const inner = config.autoClosingPairs.find((p) => p.open === '{');
	if (pair.close !== '}}' || inner.close !== '}') return 'the {{ / { pairs must close with }} / }';
});
check('folding markers fold {{#block}} … {{/block}} and {{!-- … --}}', () => {
	const start = new RegExp(config.folding.markers.start);
	const end = new RegExp(config.folding.markers.end);
	const starts = ['{{#if x}}', '  {{~#each items as |i|}}', '{{^items}}', '{{#> layout}}', '{{#role "user"}}', 'x {{#if a}}y{{/if}} {{#each b}}', '{{!--'];
	const ends = ['{{/if}}', '  {{~/each~}}', 'text {{/each}}', '--}}', 'end of comment --~}}'];
	const neither = ['{{if x}}', '{{else}}', '{{^}}', '{{#if a}}x{{/if}}', '{{!-- one line --}}', '{{! short }}', '{{role "system"}}', '---'];
	for (const l of starts) if (!start.test(l) || end.test(l)) return `should start a fold: ${l}`;
	for (const l of ends) if (start.test(l) || !end.test(l)) return `should end a fold: ${l}`;
	for (const l of neither) if (start.test(l) || end.test(l)) return `should not fold: ${l}`;
});
check('wordPattern keeps @data names and splits paths', () => {
	const words = 'Hi {{@index}} {{user.first_name}} $x -1.5'.match(new RegExp(config.wordPattern, 'g'));
	const want = ['Hi', '@index', 'user', 'first_name', '$x', '-1.5'];
	if (JSON.stringify(words) !== JSON.stringify(want)) return `got ${JSON.stringify(words)}`;
});

console.log(`\ngrammar: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
