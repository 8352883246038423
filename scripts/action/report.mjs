#!/usr/bin/env node
// The GitHub Action's reporter: turns prompt-lens results into workflow annotations, step outputs and the job summary.
// Plain node without dependencies, because it runs from the action's checkout on any runner.
//   node report.mjs check <file.sarif>        annotations, errors/warnings/notices/sarif-file outputs, summary
//   node report.mjs test <junit.xml> <exit>   results-file output, summary
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** SARIF levels to workflow commands (info and hint are both SARIF `note`). */
const COMMANDS = { error: 'error', warning: 'warning', note: 'notice', none: 'notice' };
/** The summary lists this many problems; annotations and code scanning have them all. */
const MAX_ROWS = 50;

/** Workflow-command escaping: the runner decodes %25, %0D, %0A in the message, and also %3A, %2C in properties. */
function escapeData(text) {
	return String(text).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text) {
	return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** A Markdown table cell: no pipe or line break may end the cell early, and HTML shows as text. */
function cell(text) {
	return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

function workspace() {
	return resolve(process.env.GITHUB_WORKSPACE || process.cwd());
}

/** The file as annotations need it: relative to the repository root, with forward slashes, percent-decoded. */
function fileOf(location, run) {
	const artifact = location?.physicalLocation?.artifactLocation;
	if (!artifact?.uri) return undefined;
	const base = run.originalUriBaseIds?.[artifact.uriBaseId]?.uri ?? `file://${process.cwd()}/`;
	const absolute = fileURLToPath(new URL(artifact.uri, base.endsWith('/') ? base : `${base}/`));
	return relative(workspace(), absolute).split(sep).join('/');
}

/** Every result of every run as { file, line, column, endLine, endColumn, level, rule, message }. */
function problemsOf(log) {
	const problems = [];
	for (const run of log.runs ?? []) {
		for (const result of run.results ?? []) {
			const location = result.locations?.[0];
			const region = location?.physicalLocation?.region ?? {};
			problems.push({
				file: fileOf(location, run),
				line: region.startLine ?? 1,
				column: region.startColumn,
				endLine: region.endLine ?? region.startLine ?? 1,
				endColumn: region.endColumn,
				level: result.level ?? 'warning',
				rule: result.ruleId ?? 'prompt-lens',
				message: result.message?.text ?? '',
			});
		}
	}
	return problems;
}

/** `::error file=…,line=…::message`; columns only on one line, where GitHub can use them. */
function annotation(problem) {
	const props = [];
	if (problem.file !== undefined) props.push(`file=${escapeProperty(problem.file)}`);
	props.push(`line=${problem.line}`, `endLine=${problem.endLine}`);
	if (problem.line === problem.endLine && problem.column !== undefined) {
		props.push(`col=${problem.column}`, `endColumn=${problem.endColumn ?? problem.column}`);
	}
	props.push(`title=${escapeProperty(`Prompt Lens: ${problem.rule}`)}`);
	return `::${COMMANDS[problem.level] ?? 'warning'} ${props.join(',')}::${escapeData(problem.message)}`;
}

function plural(count, word) {
	return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function counts(problems) {
	const count = (level) => problems.filter((p) => (COMMANDS[p.level] ?? 'warning') === level).length;
	return { errors: count('error'), warnings: count('warning'), notices: count('notice') };
}

function checkSummary(problems, total) {
	const lines = ['### Prompt Lens: check', ''];
	if (problems.length === 0) return [...lines, 'No problems found.', ''].join('\n');
	lines.push(`**${plural(total.errors, 'error')}, ${plural(total.warnings, 'warning')}**` +
		(total.notices ? `, ${plural(total.notices, 'note')}` : ''), '');
	lines.push('| where | severity | rule | message |', '|---|---|---|---|');
	for (const p of problems.slice(0, MAX_ROWS)) {
		const where = `${p.file ?? '?'}:${p.line}${p.column === undefined ? '' : `:${p.column}`}`;
		lines.push(`| ${cell(where)} | ${COMMANDS[p.level] ?? p.level} | ${cell(p.rule)} | ${cell(p.message)} |`);
	}
	if (problems.length > MAX_ROWS) lines.push('', `…and ${problems.length - MAX_ROWS} more (see the annotations).`);
	return [...lines, ''].join('\n');
}

function output(values) {
	if (!process.env.GITHUB_OUTPUT) return;
	appendFileSync(process.env.GITHUB_OUTPUT, Object.entries(values).map(([k, v]) => `${k}=${v}\n`).join(''));
}

function summary(markdown) {
	if (process.env.GITHUB_STEP_SUMMARY) appendFileSync(process.env.GITHUB_STEP_SUMMARY, `${markdown}\n`);
}

/** A log that is missing or not SARIF (the CLI stopped with a usage error) reports nothing: the log says why. */
function readSarif(file) {
	try {
		const log = JSON.parse(readFileSync(file, 'utf8'));
		return Array.isArray(log?.runs) ? log : undefined;
	} catch {
		return undefined;
	}
}

function check(file) {
	const log = readSarif(file);
	if (!log) return;
	const problems = problemsOf(log);
	for (const problem of problems) process.stdout.write(`${annotation(problem)}\n`);
	const total = counts(problems);
	output({ 'sarif-file': resolve(file), ...total });
	summary(checkSummary(problems, total));
}

function decodeXml(text) {
	const named = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
	return text.replace(/&(#x?[0-9a-f]+|\w+);/gi, (all, name) =>
		name[0] === '#'
			? String.fromCodePoint(Number(name[1] === 'x' ? `0${name.slice(1)}` : name.slice(1)))
			: (named[name] ?? all));
}

/** The failed cases of a JUnit file written by `prompt-lens test --reporter junit`: "classname › name: message". */
function failuresOf(xml) {
	const failed = [];
	const testcase = /<testcase name="([^"]*)" classname="([^"]*)"[^>]*>((?:(?!<\/testcase>)[\s\S])*)<\/testcase>/g;
	for (const [, name, classname, body] of xml.matchAll(testcase)) {
		const failure = /<failure message="([^"]*)"/.exec(body);
		if (failure) failed.push(`${decodeXml(classname)} › ${decodeXml(name)}: ${decodeXml(failure[1])}`);
	}
	return failed;
}

const TEST_EXITS = {
	2: 'A usage or test-file problem stopped the tests: see the step\'s log.',
	3: 'Over budget (`max-cost`): the estimate was above it, or the budget ran out during the run.',
};

function test(file, exitCode) {
	const lines = ['### Prompt Lens: tests', ''];
	const xml = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
	if (xml !== undefined) {
		output({ 'results-file': resolve(file) });
		const head = /<testsuites[^>]* tests="(\d+)" failures="(\d+)"/.exec(xml);
		const [tests, failures] = head ? [Number(head[1]), Number(head[2])] : [0, 0];
		lines.push(`**${tests - failures} passed, ${failures} failed**`, '');
		for (const failed of failuresOf(xml).slice(0, MAX_ROWS)) lines.push(`- ✗ ${cell(failed)}`);
	}
	if (TEST_EXITS[exitCode]) lines.push('', TEST_EXITS[exitCode]);
	summary([...lines, ''].join('\n'));
}

const [command, file, exitCode] = process.argv.slice(2);
if (command === 'check' && file) check(file);
else if (command === 'test' && file) test(file, Number(exitCode));
else {
	process.stderr.write('usage: report.mjs check <file.sarif> | test <junit.xml> <exit code>\n');
	process.exitCode = 2;
}
