// `prompt-lens test` with model-graded assertions: llm-rubric through the judge prompt (scripted verdicts on the mock),
// similar through the mock's embeddings; the judge's calls in the estimate and in the cost.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runCli } from '../../server/src/cli/runCli';
import { startMockOpenAI, type MockOpenAI } from '../support/mockOpenAI';

const PROMPT = '---\nmodel: mock/mock-small\ninput:\n  schema:\n    topic: string\n---\nTell me about {{topic}}.\n';
const TESTS = `cases:
  - name: graded
    vars: { topic: the new search index }
    assert:
      - { type: llm-rubric, value: "Mentions the index", threshold: 0.8 }
      - { type: similar, value: "Echo: Tell me about the new search index.", threshold: 0.9 }
  - name: graded low
    vars: { topic: cats }
    assert:
      - { type: llm-rubric, value: "Mentions the index" }
      - { type: similar, value: "quarterly revenue forecast", threshold: 0.5 }
`;

let mock: MockOpenAI;
const rubrics: string[] = [];
before(async () => {
	mock = await startMockOpenAI({
		judge: (answer, rubric) => {
			rubrics.push(rubric);
			return answer.includes('index')
				? { score: 0.9, reason: 'it names the index' }
				: { score: 0.2, reason: 'no index anywhere' };
		},
	});
});
after(() => mock.close());

function project(): string {
	const dir = mkdtempSync(join(tmpdir(), 'prompt-lens-graded-'));
	const rc = {
		providers: [{ id: 'mock', baseURL: mock.baseURL }],
		models: [
			{ id: 'mock-small', provider: 'mock', inputPerMTok: 1, outputPerMTok: 2, contextWindow: 8192 },
			{ id: 'mock-large', provider: 'mock', inputPerMTok: 10, outputPerMTok: 20, contextWindow: 8192 },
		],
		judgeModel: 'mock/mock-large',
		embeddingModel: 'mock/mock-embed',
		history: { enabled: false },
	};
	writeFileSync(join(dir, '.promptlensrc.json'), JSON.stringify(rc));
	writeFileSync(join(dir, 'about.prompt'), PROMPT);
	writeFileSync(join(dir, 'about.test.yaml'), TESTS);
	return dir;
}

test('llm-rubric asks the judge model and passes at its threshold; similar compares embeddings; the judge is in the estimate', async () => {
	const dir = project();
	const out: string[] = [];
	const err: string[] = [];
	const code = await runCli(['test', '--reporter', 'json'], {
		stdout: (t) => out.push(t),
		stderr: (t) => err.push(t),
		cwd: dir,
		env: { XDG_CONFIG_HOME: dir },
	});
	assert.equal(code, 1, err.join('\n'));
	assert.match(err.join('\n'), /2 requests \(2 cases × 1 model × 1 repeat\) \+ 2 judge calls; estimated \$0\.\d+/);
	const [graded, low] = JSON.parse(out.join('\n'));
	assert.equal(graded.pass, true, JSON.stringify(graded.runs[0].assertions));
	assert.deepEqual(
		graded.runs[0].assertions.map((a: { type: string; score: number }) => [a.type, a.score > 0.8]),
		[
			['llm-rubric', true],
			['similar', true],
		],
	);
	assert.equal(low.pass, false);
	const [rubric, similar] = low.runs[0].assertions;
	assert.match(rubric.reason, /^score 0\.20 is below 0\.7: no index anywhere$/);
	assert.equal(similar.pass, false);
	assert.ok(rubrics.every((r) => r === 'Mentions the index'));
	const judgeRequests = mock.requests.filter((r) => r.body?.model === 'mock-large');
	assert.equal(judgeRequests.length, 2);
	// The case on mock-small costs about $0.00002; the judge on mock-large (10× the price, the whole judge prompt) far more.
	assert.ok(graded.cost > 1e-4, `the case cost includes the judge: ${graded.cost}`);
});
