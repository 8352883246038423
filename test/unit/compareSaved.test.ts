// Saved comparisons and the panel page (client/src/compare/compareState.ts): file names, the saved shape (never a key), the
// Markdown export of a finished comparison, the output spec read from a plan, and the panel's CSP.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CompareSession } from '../../client/src/compare/compareSession';
import { comparePanelCsp, comparePanelHtml, comparisonFileName, containsSecret, newCompareState, outputSpecOf, SAVED_KIND, savedComparison } from '../../client/src/compare/compareState';
import { buildColumns } from '../../client/src/compare/compareTargets';
import { compareMarkdown } from '../../media/shared/compareMarkdown';
import type { CompareState, RunResult } from '../../media/shared/compareMessages';
import { restoreState } from '../../media/shared/compareViewModel';

const KEY = 'sk-test-0123456789abcdef';
const AT = new Date('2026-11-26T10:04:05.678Z');

const result = (output: string, totalMs: number, cost: number): RunResult => ({
	status: 'ok', output, startedAt: '2026-11-26T10:00:00.000Z', totalMs, firstTokenMs: 50, attempts: 1, finishReason: 'stop', usage: { inputTokens: 12, outputTokens: 6 }, cost,
});

/** Two finished columns, driven through the session as the panel drives it; the second voted the winner. */
async function finished(outputs: [string, string] = ['Small answer.', 'A | larger\n```\nanswer']): Promise<CompareState> {
	const state = newCompareState({ name: 'lisbon.prompt', path: 'prompts/lisbon.prompt', inputs: { city: 'Lisbon' }, columns: buildColumns(['mock/mock-small', 'mock/mock-large'], []), output: {} });
	const session = new CompareSession(state, {
		post: () => undefined,
		now: Date.now,
		prepare: async (column) => ({
			ok: true,
			provider: 'mock',
			run: async () => (column.id === 'c1' ? result(outputs[0], 400, 0.0001) : result(outputs[1], 800, 0.00048)),
		}),
	});
	await session.runAll();
	session.apply({ type: 'vote', columnId: 'c2' });
	session.notify({ level: 'info', message: 'Saved to somewhere.' });
	return session.current;
}

test('file names: the prompt\'s stem and a sortable UTC time, safe on every file system', () => {
	assert.equal(comparisonFileName('lisbon.prompt', AT, 'json'), 'lisbon-2026-11-26T10-04-05Z.json');
	assert.equal(comparisonFileName('lisbon.short.prompt', AT, 'md', 2), 'lisbon.short-2026-11-26T10-04-05Z-2.md');
	assert.equal(comparisonFileName('we ird/na:me.prompt', AT, 'json'), 'we_ird_na_me-2026-11-26T10-04-05Z.json');
	assert.equal(comparisonFileName('', AT, 'json'), 'prompt-2026-11-26T10-04-05Z.json');
});

test('the saved file has inputs, columns, outputs, metrics and the vote, reads back as the same state, and has no notice', async () => {
	const state = await finished();
	const saved = savedComparison(state, AT, [KEY, undefined]);
	assert.ok('text' in saved);
	const json = JSON.parse(saved.text);
	assert.equal(json.kind, SAVED_KIND);
	assert.equal(json.savedAt, AT.toISOString());
	assert.deepEqual(json.inputs, { city: 'Lisbon' });
	assert.equal(json.vote, 'c2');
	assert.equal(json.notice, undefined);
	assert.deepEqual(json.columns.map((c: { target: unknown }) => c.target), [{ model: 'mock/mock-small' }, { model: 'mock/mock-large' }]);
	const run = json.columns[1].runs[0];
	assert.equal(run.output, 'A | larger\n```\nanswer');
	assert.deepEqual([run.result.totalMs, run.result.usage.outputTokens, run.result.cost, run.result.finishReason], [800, 6, 0.00048, 'stop']);
	const { notice: _notice, ...expected } = state;
	assert.deepEqual(restoreState(json), expected);
	assert.ok(!saved.text.includes(KEY));
});

test('a key anywhere in the comparison (an echoed input, an error text) refuses the save', async () => {
	const echoed = await finished([`Your key is ${KEY}`, 'fine']);
	const refused = savedComparison(echoed, AT, [KEY]);
	assert.ok('error' in refused && /not saved because it contains an API key/.test(refused.error));
	// Also in its JSON-escaped form, and never for placeholders too short to be keys.
	assert.equal(containsSecret(JSON.stringify({ a: 'k"ey-with-quote-123' }), ['k"ey-with-quote-123']), true);
	assert.equal(containsSecret('ollama ollama', ['ollama']), false);
});

test('the Markdown export: a summary table with ratios to the baseline and the winner, then each output fenced so it cannot break out', async () => {
	const markdown = compareMarkdown(await finished());
	assert.match(markdown, /^# Comparison: lisbon\.prompt$/m);
	assert.match(markdown, /^\| mock\/mock-small \| \$0\.0001 \| 400 ms \| baseline \| baseline, cheapest, fastest \|$/m);
	assert.match(markdown, /^\| mock\/mock-large \| \$0\.00048 \| 800 ms \| 4\.8× the cost, 2× slower \| winner \|$/m);
	assert.match(markdown, /Winner \(voted\): mock\/mock-large/);
	assert.match(markdown, /^````text\nA \| larger\n```\nanswer\n````$/m, 'a longer fence around an answer with a fence in it');
	assert.match(markdown, /"city": "Lisbon"/);
});

test('the output the prompt asks for comes from the request the server built', () => {
	assert.deepEqual(outputSpecOf({}), {});
	assert.deepEqual(outputSpecOf({ response_format: { type: 'json_object' } }), { format: 'json' });
	const schema = { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] };
	assert.deepEqual(outputSpecOf({ response_format: { type: 'json_schema', json_schema: { name: 'out', schema } } }), { format: 'json', schema });
});

test('the panel page: scripts only with the nonce, styles/fonts/images only from the extension, nothing inline', () => {
	const csp = comparePanelCsp('https://ext.vscode-cdn.net', 'abc123');
	assert.equal(csp, "default-src 'none'; script-src 'nonce-abc123'; style-src https://ext.vscode-cdn.net; font-src https://ext.vscode-cdn.net; img-src https://ext.vscode-cdn.net data:");
	assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
	const html = comparePanelHtml({ cspSource: 'https://ext.vscode-cdn.net', nonce: 'abc123', script: 'https://ext.vscode-cdn.net/dist/media/compare.js', style: 'https://ext.vscode-cdn.net/dist/media/compare.css?a="b"' });
	assert.match(html, /<script nonce="abc123" src="https:\/\/ext\.vscode-cdn\.net\/dist\/media\/compare\.js"><\/script>/);
	assert.match(html, /<main id="compare-root"><\/main>/);
	assert.match(html, /href="https:\/\/ext\.vscode-cdn\.net\/dist\/media\/compare\.css\?a=&quot;b&quot;"/, 'attribute values are escaped');
	assert.equal((html.match(/<script/g) ?? []).length, 1, 'one script, no inline script');
	assert.doesNotMatch(html, /style=|<style/);
});
