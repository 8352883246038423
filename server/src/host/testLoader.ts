// Finds and reads prompt tests: `name.test.yaml` beside `name.prompt`, its datasets, and the problems of both with
// file:line:col — checked against the prompt (required inputs) before anything runs.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import {
	analyzePrompt,
	LineIndex,
	matchesAnyGlob,
	parseDataset,
	parseTestFile,
	readSchema,
	withDefaults,
	type Settings,
	type TestCase,
	type TestSuite,
} from '../core';

export const TEST_FILE_SUFFIX = '.test.yaml';

export interface LoadedTests {
	testFile: string;
	promptFile: string;
	promptText: string;
	suite: TestSuite;
	/** The suite's cases and every dataset row, each with the defaults' assertions. */
	cases: TestCase[];
	/** `file:line:col message`, relative to the current folder. */
	problems: string[];
}

/**
 * Test files for the paths given: a test file itself, the one beside a prompt, or in a folder every file that matches
 * `globs` (promptLens.tests, relative to `root`) or ends in .test.yaml.
 */
export function findTestFiles(
	paths: string[],
	cwd: string,
	globs: readonly string[] = [`**/*${TEST_FILE_SUFFIX}`],
	root = cwd,
): { files: string[]; missing: string[] } {
	const files: string[] = [];
	const missing: string[] = [];
	for (const given of paths.length > 0 ? paths : ['.']) {
		const path = resolve(cwd, given);
		if (!existsSync(path)) missing.push(given);
		else if (statSync(path).isDirectory())
			files.push(
				...walk(path).filter(
					(f) => f.endsWith(TEST_FILE_SUFFIX) || matchesAnyGlob(relative(root, f).split(sep).join('/'), globs),
				),
			);
		else if (path.endsWith(TEST_FILE_SUFFIX)) files.push(path);
		else if (/\.prompt$/i.test(path) && existsSync(testFileOf(path))) files.push(testFileOf(path));
		else missing.push(`${given} (no ${basename(testFileOf(path))} beside it)`);
	}
	return { files: [...new Set(files)].sort(), missing };
}

function walk(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		if (entry.name === 'node_modules' || entry.name === '.git') return [];
		const path = join(dir, entry.name);
		if (entry.isDirectory()) return walk(path);
		return /\.ya?ml$/i.test(entry.name) ? [path] : [];
	});
}

function testFileOf(promptPath: string): string {
	return promptPath.replace(/\.prompt$/i, TEST_FILE_SUFFIX);
}

export function loadTests(testFile: string, settings: Settings, cwd: string): LoadedTests {
	const shown = (path: string) => relative(cwd, path) || path;
	const text = readFileSync(testFile, 'utf8');
	const lines = new LineIndex(text);
	const at = (offset: number) => {
		const line = lines.lineAt(offset);
		return `${shown(testFile)}:${line + 1}:${offset - lines.lineStart(line) + 1}`;
	};
	const parsed = parseTestFile(text);
	const promptFile = promptOf(testFile, parsed.suite);
	const problems = parsed.problems.map((p) => `${at(p.span.start)} ${p.message}`);
	let cases = parsed.suite.cases;
	for (const dataset of parsed.suite.datasets) {
		const path = resolve(dirname(testFile), dataset.path);
		let data: string;
		try {
			data = readFileSync(path, 'utf8');
		} catch {
			problems.push(`${at(dataset.span.start)} cannot read the dataset ${dataset.path}`);
			continue;
		}
		const rows = parseDataset(shown(path), data);
		problems.push(...rows.problems.map((p) => p.message));
		cases = [...cases, ...rows.cases];
	}
	const promptText = existsSync(promptFile) ? readFileSync(promptFile, 'utf8') : '';
	if (!promptText) problems.push(`${shown(testFile)}:1:1 there is no ${basename(promptFile)} beside this test file`);
	else
		problems.push(
			...missingInputs(promptText, settings, cases, (c) =>
				c.source ? `${c.source.file}:${c.source.line}:1` : at(c.span.start),
			),
		);
	return { testFile, promptFile, promptText, suite: parsed.suite, cases: withDefaults(parsed.suite, cases), problems };
}

/** The prompt a test file tests: its `prompt:` (relative to it), else `name.prompt` beside `name.test.yaml`. */
export function promptOf(testFile: string, suite: TestSuite): string {
	if (suite.prompt) return resolve(dirname(testFile), suite.prompt);
	return testFile.replace(/(\.test)?\.ya?ml$/i, '.prompt');
}

/** A case that leaves out an input the prompt's schema requires (and has no default for) would render without it. */
function missingInputs(
	promptText: string,
	settings: Settings,
	cases: TestCase[],
	where: (c: TestCase) => string,
): string[] {
	const { doc } = analyzePrompt(promptText, settings);
	const schema = readSchema(doc, 'input');
	const defaults =
		(doc.frontmatter?.data as { input?: { default?: Record<string, unknown> } } | undefined)?.input?.default ?? {};
	const required = (schema?.fields ?? []).filter((f) => !f.optional && !(f.name in defaults)).map((f) => f.name);
	return cases.flatMap((c) => {
		const missing = required.filter((name) => !(name in c.vars));
		return missing.length
			? [
					`${where(c)} ${c.name}: missing required input${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (input.schema requires ${missing.length > 1 ? 'them' : 'it'})`,
				]
			: [];
	});
}

/**
 * A prompt without a test file, as cases without checks: each of its `promptLens.samples`, or `input.default` alone.
 * (Used to measure a prompt on two models when it has no tests.)
 */
export function samplesAsTests(promptFile: string, promptText: string, settings: Settings): LoadedTests {
	const { doc } = analyzePrompt(promptText, settings);
	const front = (doc.frontmatter?.data ?? {}) as Record<string, unknown>;
	const samples = front['promptLens.samples'];
	const named =
		typeof samples === 'object' && samples !== null && !Array.isArray(samples)
			? Object.entries(samples).filter(([, v]) => typeof v === 'object' && v !== null && !Array.isArray(v))
			: [];
	const span = { start: 0, end: 0 };
	const cases: TestCase[] = named.length
		? named.map(([name, vars]) => ({ name: `sample ${name}`, vars: vars as Record<string, unknown>, assert: [], span }))
		: [{ name: 'input.default', vars: {}, assert: [], span }];
	const suite: TestSuite = { repeat: 1, threshold: 1, defaults: [], cases, datasets: [] };
	return { testFile: promptFile, promptFile, promptText, suite, cases, problems: [] };
}
