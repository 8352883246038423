// `--format sarif`: the check report as one SARIF 2.1.0 log, which GitHub code scanning and other CI dashboards read.
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ALL_RULES, type Severity } from '../core';
import { DIAGNOSTIC_CODES } from '../core';
import { VERSION } from '../version';
import type { CheckedDiagnostic, CheckedRange, CheckReport } from './check';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const SRCROOT = '%SRCROOT%';

export interface SarifOptions {
	/** Files are reported relative to this folder (`%SRCROOT%`); run from the repository root for GitHub. */
	cwd: string;
	/** The project's web address, when known. */
	informationUri?: string;
	/** Settings problems, shown as configuration notifications. */
	configWarnings?: string[];
}

type Level = 'error' | 'warning' | 'note';

const LEVELS: Record<Severity, Level> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

interface ArtifactLocation {
	uri: string;
	uriBaseId?: string;
}

interface SarifRule {
	id: string;
	shortDescription: { text: string };
	fullDescription: { text: string };
	help: { text: string };
	defaultConfiguration: { level: Level };
}

export function formatSarif(report: CheckReport, options: SarifOptions): string {
	const rules = ruleDescriptors(report);
	const index = new Map(rules.map((rule, i) => [rule.id, i]));
	const run = {
		tool: { driver: { name: 'Prompt Lens', version: VERSION, ...(options.informationUri ? { informationUri: options.informationUri } : {}), rules } },
		invocations: [invocation(report, options)],
		originalUriBaseIds: { [SRCROOT]: { uri: folderUri(options.cwd) } },
		columnKind: 'utf16CodeUnits',
		results: report.diagnostics.map((d) => result(d, index.get(d.code), options.cwd)),
	};
	return JSON.stringify({ $schema: SARIF_SCHEMA, version: '2.1.0', runs: [run] }, null, 2);
}

function result(d: CheckedDiagnostic, ruleIndex: number | undefined, cwd: string) {
	const artifactLocation = artifact(d.file, cwd);
	const fixes = d.fixes?.map((fix) => ({
		description: { text: fix.title },
		artifactChanges: [{ artifactLocation, replacements: fix.edits.map((edit) => ({ deletedRegion: region(edit), insertedContent: { text: edit.newText } })) }],
	}));
	return {
		ruleId: d.code,
		ruleIndex,
		level: LEVELS[d.severity],
		message: { text: d.message },
		locations: [{ physicalLocation: { artifactLocation, region: region(d) } }],
		...(fixes?.length ? { fixes } : {}),
	};
}

/** Every code Prompt Lens can report, so dashboards can describe rules that found nothing this time too. */
function ruleDescriptors(report: CheckReport): SarifRule[] {
	const rules = [
		...ALL_RULES.map((r) => descriptor(r.id, r.description, r.defaultSeverity, `Change its severity or turn it off with "lint": { "rules": { "${r.id}": "off" } } in .promptlensrc.json, or in one file with {{! prompt-lens-disable ${r.id} }}.`)),
		...DIAGNOSTIC_CODES.map((c) => descriptor(c.id, c.description, c.defaultSeverity)),
	];
	const seen = new Set(rules.map((r) => r.id));
	for (const d of report.diagnostics) {
		// A code missing from both tables is our bug, but its results must still point at a rule.
		if (!seen.has(d.code)) rules.push(descriptor(d.code, `Prompt Lens diagnostic ${d.code}.`, d.severity));
		seen.add(d.code);
	}
	return rules;
}

/** GitHub code scanning wants a full description and help text on every rule; ours are one sentence, so they repeat it. */
function descriptor(id: string, description: string, severity: Severity, howToConfigure?: string): SarifRule {
	return {
		id,
		shortDescription: { text: description },
		fullDescription: { text: description },
		help: { text: howToConfigure ? `${description} ${howToConfigure}` : description },
		defaultConfiguration: { level: LEVELS[severity] },
	};
}

function invocation(report: CheckReport, options: SarifOptions) {
	const failures = report.unreadable.map(({ file, reason }) => ({
		level: 'error' as const,
		message: { text: `Cannot read ${file}: ${reason}` },
		locations: [{ physicalLocation: { artifactLocation: artifact(file, options.cwd) } }],
	}));
	const config = (options.configWarnings ?? []).map((text) => ({ level: 'warning' as const, message: { text } }));
	return {
		executionSuccessful: failures.length === 0,
		...(failures.length ? { toolExecutionNotifications: failures } : {}),
		...(config.length ? { toolConfigurationNotifications: config } : {}),
	};
}

/** Relative to `%SRCROOT%` with forward slashes; a file outside the current folder gets its absolute file URI. */
function artifact(file: string, cwd: string): ArtifactLocation {
	const absolute = resolve(cwd, file);
	const rel = relative(cwd, absolute);
	if (!rel || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return { uri: pathToFileURL(absolute).href };
	return { uri: rel.split(sep).map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

function folderUri(folder: string): string {
	const uri = pathToFileURL(resolve(folder)).href;
	return uri.endsWith('/') ? uri : `${uri}/`;
}

function region(range: CheckedRange) {
	return { startLine: range.line, startColumn: range.column, endLine: range.endLine, endColumn: range.endColumn };
}
