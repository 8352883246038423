// Golden-file helpers: compare with expected.json, or rewrite it when UPDATE=1 (then review the diff).
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LineIndex, type Span } from '../../server/src/core';

export const UPDATE = process.env.UPDATE === '1';

/** Each sub-folder of `dir` holding an input.prompt is one case. */
export function goldenCases(dir: string): { name: string; dir: string; input: string }[] {
	return readdirSync(dir)
		.filter((name) => statSync(join(dir, name)).isDirectory() && existsSync(join(dir, name, 'input.prompt')))
		.sort()
		.map((name) => ({ name, dir: join(dir, name), input: readFileSync(join(dir, name, 'input.prompt'), 'utf8') }));
}

export function assertGolden(actual: unknown, file: string): void {
	const json = `${JSON.stringify(actual, null, '\t')}\n`;
	if (UPDATE || !existsSync(file)) {
		writeFileSync(file, json);
		if (!UPDATE) assert.fail(`${file} did not exist and was written; review it and run again`);
		return;
	}
	assert.deepEqual(JSON.parse(json), JSON.parse(readFileSync(file, 'utf8')));
}

/** A span as a reader checks it: 1-based `line:col-line:col` plus the text it covers. */
export function describeSpan(text: string, span: Span): { range: string; text: string } {
	const lines = new LineIndex(text);
	const at = (offset: number) => {
		const line = lines.lineAt(offset);
		return `${line + 1}:${offset - lines.lineStart(line) + 1}`;
	};
	const covered = text.slice(span.start, span.end);
	return { range: `${at(span.start)}-${at(span.end)}`, text: covered.length > 60 ? `${covered.slice(0, 57)}...` : covered };
}
