// Hover, completion and navigation on a document over LIVE_PARSE_LIMIT are answered from the runner's parse (the
// worker's, in the server), never by parsing it on the thread that answers the editor; the answers are the ones a
// small document gets.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Connection } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { QueryRequest } from '../../server/src/host/analysisJob';
import type { QueryAnswers, QueryKind } from '../../server/src/host/documentQuery';
import { Analyses, LIVE_PARSE_LIMIT } from '../../server/src/lsp/analyses';
import { InProcessRunner } from '../../server/src/lsp/analysisRunner';
import { completion } from '../../server/src/lsp/completion';
import { hover } from '../../server/src/lsp/hover';
import { definition, prepareRename, references, rename } from '../../server/src/lsp/navigation';
import { SettingsCache } from '../../server/src/lsp/settings';

const HEAD = '---\nmodel: openai/gpt-4o-mini\ninput:\n  schema:\n    audience: string\n---\n';
const SECTION = '{{role "user"}}\nSummarize this for {{audience}}.\n';

/** Counts the questions the runner answered. */
class CountingRunner extends InProcessRunner {
	asked: QueryKind[] = [];
	override query<K extends QueryKind>(request: QueryRequest<K>): Promise<QueryAnswers[K] | undefined> {
		this.asked.push(request.query.kind);
		return super.query(request);
	}
}

interface SetUp {
	analyses: Analyses;
	runner: CountingRunner;
	document: TextDocument;
	at: { line: number; character: number };
}

function setUp(sections: number): SetUp {
	const runner = new CountingRunner();
	const analyses = new Analyses(new SettingsCache({} as Connection), runner);
	const text = `${HEAD}${SECTION.repeat(sections)}`;
	const document = TextDocument.create('untitled:q.prompt', 'dotprompt', 1, text);
	// On `audience` in the last section.
	return { analyses, runner, document, at: { line: text.split('\n').length - 2, character: 24 } };
}

async function answers(sections: number): Promise<{ asked: QueryKind[]; results: unknown[] }> {
	const { analyses, runner, document, at } = setUp(sections);
	const results = [
		(await hover(analyses, document, at))?.contents,
		(await completion(analyses, document, { textDocument: { uri: document.uri }, position: { line: at.line, character: 22 } })).length,
		(await definition(analyses, document, at))?.range,
		(await references(analyses, document, at, true)).length,
		await prepareRename(analyses, document, at),
		Object.values((await rename(analyses, document, at, 'reader'))?.changes ?? {}).flat().length,
	];
	return { asked: runner.asked, results };
}

test('over LIVE_PARSE_LIMIT every question goes to the runner; the answers are what a small document gets', async () => {
	const large = Math.ceil(LIVE_PARSE_LIMIT / SECTION.length) + 1;
	const big = await answers(large);
	assert.deepEqual(big.asked, ['hover', 'completion', 'definition', 'references', 'symbol', 'rename']);
	const small = await answers(3);
	assert.deepEqual(small.asked, [], 'a small document is answered from the parse on the main thread');
	const [hoverBig, completionsBig, definitionBig, referencesBig, prepareBig, editsBig] = big.results;
	const [hoverSmall, completionsSmall, definitionSmall, , prepareSmall] = small.results;
	assert.deepEqual(hoverBig, hoverSmall);
	assert.ok((completionsBig as number) > 0);
	assert.equal(completionsBig, completionsSmall);
	assert.deepEqual(definitionBig, definitionSmall);
	assert.ok(definitionBig, 'the schema field is found');
	assert.equal(referencesBig, large + 1, 'each section\'s use and the declaration');
	assert.equal(editsBig, large + 1);
	assert.equal((prepareBig as { placeholder: string }).placeholder, 'audience');
	assert.equal((prepareSmall as { placeholder: string }).placeholder, 'audience');
});
