// Dataset files of prompt tests: one case per row of a .jsonl or .csv file, columns are vars, `__expected` is an `equals`.
import type { Assertion, TestCase, TestProblem } from './testTypes';

export interface DatasetRows {
	cases: TestCase[];
	/** Broken rows, with the 1-based line where each starts (`span` is unused for dataset files). */
	problems: (TestProblem & { line: number })[];
}

const EXPECTED = '__expected';

/** `file` names the dataset in messages and in each case's source. */
export function parseDataset(file: string, text: string): DatasetRows {
	const rows = /\.csv$/i.test(file) ? csvRows(text) : jsonlRows(text);
	const out: DatasetRows = { cases: [], problems: [] };
	for (const row of rows) {
		if ('problem' in row) {
			out.problems.push({ message: `${file}:${row.line}: ${row.problem}`, span: { start: 0, end: 0 }, line: row.line });
			continue;
		}
		const { [EXPECTED]: expected, ...vars } = row.values;
		const assert: Assertion[] =
			expected === undefined ? [] : [{ type: 'equals', negate: false, value: expected, span: { start: 0, end: 0 } }];
		out.cases.push({
			name: `${file}:${row.line}`,
			vars,
			assert,
			span: { start: 0, end: 0 },
			source: { file, line: row.line },
		});
	}
	return out;
}

type Row = { line: number; values: Record<string, unknown> } | { line: number; problem: string };

function jsonlRows(text: string): Row[] {
	return text.split(/\r?\n/).flatMap((raw, i): Row[] => {
		if (raw.trim() === '') return [];
		try {
			const value = JSON.parse(raw) as unknown;
			if (value && typeof value === 'object' && !Array.isArray(value))
				return [{ line: i + 1, values: value as Record<string, unknown> }];
			return [{ line: i + 1, problem: 'each line must be a JSON object of vars' }];
		} catch (error) {
			return [{ line: i + 1, problem: `not valid JSON (${error instanceof Error ? error.message : String(error)})` }];
		}
	});
}

/** RFC 4180: a header row, fields in double quotes may hold commas, quotes (doubled) and line breaks. */
function csvRows(text: string): Row[] {
	const records = csvRecords(text);
	if ('problem' in records) return [{ line: records.line, problem: records.problem }];
	const [header, ...rest] = records.rows;
	if (!header) return [];
	const names = header.fields.map((f) => f.trim());
	return rest
		.filter((r) => r.fields.some((f) => f !== ''))
		.map((r): Row => {
			if (r.fields.length !== names.length)
				return { line: r.line, problem: `${r.fields.length} fields, but the header has ${names.length}` };
			return { line: r.line, values: Object.fromEntries(names.map((n, i) => [n, r.fields[i]])) };
		});
}

function csvRecords(text: string): { rows: { line: number; fields: string[] }[] } | { line: number; problem: string } {
	const rows: { line: number; fields: string[] }[] = [];
	let fields: string[] = [];
	let field = '';
	let quoted = false;
	let line = 1;
	let rowLine = 1;
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (quoted) {
			if (c === '"' && text[i + 1] === '"') ((field += '"'), i++);
			else if (c === '"') quoted = false;
			else {
				if (c === '\n') line++;
				field += c;
			}
		} else if (c === '"' && field === '') quoted = true;
		else if (c === ',') (fields.push(field), (field = ''));
		else if (c === '\n' || c === '\r') {
			if (c === '\r' && text[i + 1] === '\n') i++;
			fields.push(field);
			rows.push({ line: rowLine, fields });
			fields = [];
			field = '';
			rowLine = ++line;
		} else field += c;
	}
	if (quoted) return { line: rowLine, problem: 'a quoted field is never closed' };
	if (field !== '' || fields.length > 0) rows.push({ line: rowLine, fields: [...fields, field] });
	return { rows };
}
