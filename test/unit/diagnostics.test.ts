// Golden syntax diagnostics: each test/fixtures/diagnostics/<case>/input.prompt against its expected.json.
import { test } from 'node:test';
import { join } from 'node:path';
import { analyzePrompt, DEFAULT_SETTINGS } from '../../server/src/core';
import { assertGolden, describeSpan, goldenCases } from '../support/golden';
import { FIXTURES } from '../support/paths';

for (const fixture of goldenCases(join(FIXTURES, 'diagnostics'))) {
	test(`diagnostics: ${fixture.name}`, () => {
		const { diagnostics } = analyzePrompt(fixture.input, DEFAULT_SETTINGS);
		const actual = diagnostics.map((d) => ({ code: d.code, severity: d.severity, ...describeSpan(fixture.input, d.span), message: d.message }));
		assertGolden(actual, join(fixture.dir, 'expected.json'));
	});
}
