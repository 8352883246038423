// The Dotprompt conformance suite through our pipeline: every case renders as the spec expects, and no template gets a false syntax error.
import assert from 'node:assert/strict';
import { relative } from 'node:path';
import { describe, test } from 'node:test';
import { renderPrompt } from '../../server/src/core';
import { diagnoseText } from '../support/lintRun';
import { partialsFrom } from '../support/partialSource';
import { SPEC_DIR, specFiles, suitesOf, type SpecCase, type SpecSuite } from '../support/specSuites';

/**
 * Cases our pipeline cannot express, with the reason. Empty today: every case of the suite passes through
 * `renderPrompt` unchanged. A case added here must say why, and the test below fails if a listed case starts passing.
 */
const NOT_EXPRESSIBLE: Record<string, string> = {};

const files = specFiles();

/** Spec templates that are wrong as prompts on purpose (they test raw/ext passthrough with `custom: prop`, `temperature: 3` and the model `cool-model`). */
const GENUINE: Record<string, string[]> = { raw: ['frontmatter-schema'], ext: ['frontmatter-schema', 'unknown-model'] };

test('the conformance suite is present and not empty', () => {
	assert.ok(files.length >= 10, `expected the spec files in ${SPEC_DIR}`);
});

for (const file of files) {
	const suites = suitesOf(file);
	describe(relative(SPEC_DIR, file), () => {
		for (const suite of suites) {
			test(`${suite.name}: no false positives from any rule`, async () => {
				const partials = { ...suite.partials, ...suite.resolverPartials };
				for (const source of [suite.template, ...Object.values(partials)]) {
					const found = (await diagnoseText(source, partials)).filter((d) => (d.severity === 'error' || d.severity === 'warning') && !GENUINE[suite.name]?.includes(d.code));
					assert.deepEqual(found, [], `false positives on:\n${source}`);
				}
			});
			suite.tests.forEach((spec, index) => {
				const id = `${relative(SPEC_DIR, file)} ${suite.name} #${index}`;
				test(`${suite.name}: ${spec.desc ?? 'renders as expected'}`, async () => {
					const passed = await rendersAsExpected(suite, spec);
					if (NOT_EXPRESSIBLE[id]) assert.equal(passed.ok, false, `${id} now passes: remove it from NOT_EXPRESSIBLE`);
					else assert.ok(passed.ok, passed.ok ? '' : passed.message);
				});
			});
		}
	});
}

async function rendersAsExpected(suite: SpecSuite, spec: SpecCase): Promise<{ ok: true } | { ok: false; message: string }> {
	const result = await renderPrompt(suite.template, { ...suite.data, ...spec.data }, {
		partials: suite.partials,
		partialSource: partialsFrom((name) => suite.resolverPartials?.[name]),
		schemas: suite.schemas,
		tools: suite.tools,
		metadata: spec.options,
	});
	if (!result.ok) return { ok: false, message: `render failed: ${result.message}` };
	const { raw: _raw, ...actual } = result.prompt as unknown as Record<string, unknown>;
	const { raw: expectedRaw, ...expected } = spec.expect;
	const want = { ...expected, ext: expected.ext ?? {}, config: expected.config ?? {}, metadata: expected.metadata ?? {} };
	try {
		assert.deepEqual(JSON.parse(JSON.stringify(actual)), JSON.parse(JSON.stringify(want)));
		if (expectedRaw !== undefined) assert.deepEqual(_raw, expectedRaw);
		return { ok: true };
	} catch (error) {
		return { ok: false, message: error instanceof Error ? error.message : String(error) };
	}
}
