// How `prompt-lens test` reports: plain text for people, JSON for scripts, JUnit XML for CI dashboards.
import { savedRun } from '../host/testResults';
import { formatCost } from '../core';
import type { CaseResult } from '../host/testRunner';

export type Reporter = 'text' | 'json' | 'junit';

export function report(results: CaseResult[], reporter: Reporter, shown: (path: string) => string): string {
	if (reporter === 'json')
		return JSON.stringify(
			results.map((r) => toJson(r, shown)),
			null,
			2,
		);
	if (reporter === 'junit') return junit(results, shown);
	return text(results, shown);
}

export function caseLine(r: CaseResult, shown: (path: string) => string): string {
	const runs = r.runs.length;
	const passed = r.runs.filter((x) => x.pass).length;
	const status = r.pass ? 'PASS' : r.skipped > 0 && runs === 0 ? 'SKIP' : 'FAIL';
	const rate =
		runs > 1 || r.skipped > 0
			? ` (${passed}/${runs + r.skipped} runs passed${r.skipped ? `, ${r.skipped} skipped: budget` : ''})`
			: '';
	return `${status} ${shown(r.testFile)} › ${r.case.name} › ${r.model}${rate} · ${formatCost(r.cost)} · ${(r.timeMs / 1000).toFixed(2)} s`;
}

function text(results: CaseResult[], shown: (path: string) => string): string {
	const lines: string[] = [];
	for (const r of results.filter((x) => !x.pass)) {
		lines.push(caseLine(r, shown));
		const run = r.runs.find((x) => !x.pass);
		for (const a of run?.assertions.filter((x) => !x.pass) ?? []) {
			lines.push(`    ✗ ${a.type}: ${a.reason ?? 'failed'}`);
			if (a.expected) lines.push(`      expected: ${a.expected}`);
		}
		if (run)
			lines.push(
				`      actual:   ${JSON.stringify(run.result.output.length > 300 ? `${run.result.output.slice(0, 299)}…` : run.result.output)}`,
			);
	}
	const passed = results.filter((r) => r.pass).length;
	const cost = results.reduce((sum, r) => sum + r.cost, 0);
	lines.push(`${passed} passed, ${results.length - passed} failed · spent ${formatCost(cost)}`);
	return lines.join('\n');
}

function toJson(r: CaseResult, shown: (path: string) => string): unknown {
	return {
		testFile: shown(r.testFile),
		case: r.case.name,
		source: r.case.source,
		vars: r.case.vars,
		model: r.model,
		pass: r.pass,
		passRate: r.passRate,
		skipped: r.skipped,
		cost: r.cost,
		timeMs: r.timeMs,
		runs: r.runs.map(savedRun),
	};
}

/** One testsuite per prompt × model, one testcase per case; the cost as a property, the judge's or check's reason in the failure. */
function junit(results: CaseResult[], shown: (path: string) => string): string {
	const suites = new Map<string, CaseResult[]>();
	for (const r of results) {
		const key = `${shown(r.testFile)} › ${r.model}`;
		suites.set(key, [...(suites.get(key) ?? []), r]);
	}
	const body = [...suites].map(([name, cases]) => {
		const failures = cases.filter((c) => !c.pass).length;
		const time = cases.reduce((s, c) => s + c.timeMs, 0) / 1000;
		const testcases = cases.map((c) => {
			const inner = c.pass
				? ''
				: `\n      <failure message="${xml(failureMessage(c))}" type="assertion">${xml(failureDetail(c))}</failure>\n    `;
			return `    <testcase name="${xml(c.case.name)}" classname="${xml(name)}" time="${(c.timeMs / 1000).toFixed(3)}">\n      <properties><property name="cost" value="${c.cost}"/><property name="passRate" value="${c.passRate}"/></properties>${inner}</testcase>`;
		});
		return `  <testsuite name="${xml(name)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="0" time="${time.toFixed(3)}">\n${testcases.join('\n')}\n  </testsuite>`;
	});
	const failures = results.filter((r) => !r.pass).length;
	return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="prompt-lens" tests="${results.length}" failures="${failures}">\n${body.join('\n')}\n</testsuites>`;
}

function failureMessage(c: CaseResult): string {
	const run = c.runs.find((r) => !r.pass);
	const first = run?.assertions.find((a) => !a.pass);
	if (!run) return c.skipped ? 'not run: the budget (--max-cost) was spent' : 'not run';
	return `${first?.type ?? 'run'}: ${first?.reason ?? 'failed'}`;
}

function failureDetail(c: CaseResult): string {
	const run = c.runs.find((r) => !r.pass);
	if (!run) return failureMessage(c);
	const failed = run.assertions
		.filter((a) => !a.pass)
		.map((a) => `${a.type}: ${a.reason ?? 'failed'}${a.expected ? `\nexpected: ${a.expected}` : ''}`);
	return `${failed.join('\n')}\nactual: ${run.result.output}\npassed ${c.runs.filter((r) => r.pass).length} of ${c.runs.length} runs`;
}

function xml(text: string): string {
	// Characters XML 1.0 cannot hold at all are dropped; the rest are escaped.
	return text
		// eslint-disable-next-line no-control-regex -- removing what XML forbids is the point
		.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;');
}
