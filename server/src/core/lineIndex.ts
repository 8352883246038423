// Maps the (1-based line, 0-based column) pairs that Handlebars and YAML report to UTF-16 offsets.

/** Line starts of a text, with line breaks counted the way Handlebars' lexer counts them (\r\n, \r, \n). */
export class LineIndex {
	private readonly starts: number[] = [0];

	constructor(private readonly text: string) {
		for (let i = 0; i < text.length; i++) {
			const ch = text.charCodeAt(i);
			if (ch === 13 /* \r */) {
				if (text.charCodeAt(i + 1) === 10) i++;
				this.starts.push(i + 1);
			} else if (ch === 10 /* \n */) {
				this.starts.push(i + 1);
			}
		}
	}

	get lineCount(): number {
		return this.starts.length;
	}

	/** Offset of a 1-based line and 0-based column, clamped into the text. */
	offsetAt(line: number, column: number): number {
		const index = Math.min(Math.max(line - 1, 0), this.starts.length - 1);
		const start = this.starts[index];
		const lineEnd = index + 1 < this.starts.length ? this.starts[index + 1] : this.text.length;
		return Math.min(start + Math.max(column, 0), lineEnd, this.text.length);
	}

	/** 0-based line containing an offset. */
	lineAt(offset: number): number {
		return lastAtOrBefore(this.starts, offset);
	}

	lineStart(line: number): number {
		return this.starts[Math.min(Math.max(line, 0), this.starts.length - 1)];
	}
}

/** In ascending `starts` (starts[0] ≤ value, or 0 is returned): the last index whose start is ≤ `value`. */
export function lastAtOrBefore(starts: readonly number[], value: number): number {
	let low = 0;
	let high = starts.length - 1;
	while (low < high) {
		const mid = (low + high + 1) >> 1;
		if (starts[mid] <= value) low = mid;
		else high = mid - 1;
	}
	return low;
}
