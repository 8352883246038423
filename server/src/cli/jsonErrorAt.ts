// Finds where a JSON text goes wrong, because JSON.parse's messages often give no position ("Unexpected token '}', …").

/** The offset of the first character that makes `text` invalid JSON (`text.length` when it ends too soon); -1 when it is valid. */
export function jsonErrorAt(text: string): number {
	const scanner = new Scanner(text);
	try {
		scanner.value();
		scanner.space();
		return scanner.at < text.length ? scanner.at : -1;
	} catch (error) {
		if (error instanceof BadJson) return error.at;
		// Nesting deep enough to exhaust the stack: we cannot point at a place.
		return -1;
	}
}

class BadJson {
	constructor(readonly at: number) {}
}

const LITERAL = /true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
// eslint-disable-next-line no-control-regex -- JSON forbids raw control characters: finding them is the point
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;

class Scanner {
	at = 0;

	constructor(private readonly text: string) {}

	space(): void {
		while (this.at < this.text.length && ' \t\n\r'.includes(this.text[this.at])) this.at++;
	}

	value(): void {
		this.space();
		const c = this.text[this.at];
		if (c === '{') this.list('}', () => {
			this.space();
			this.token(STRING);
			this.space();
			this.expect(':');
			this.value();
		});
		else if (c === '[') this.list(']', () => this.value());
		else this.token(c === '"' ? STRING : LITERAL);
	}

	/** `{…}` or `[…]`: members separated by commas, no trailing comma. */
	private list(close: string, member: () => void): void {
		this.at++;
		this.space();
		if (this.text[this.at] === close) {
			this.at++;
			return;
		}
		for (;;) {
			member();
			this.space();
			if (this.text[this.at] === ',') this.at++;
			else return this.expect(close);
		}
	}

	private token(pattern: RegExp): void {
		pattern.lastIndex = this.at;
		const match = pattern.exec(this.text);
		if (!match) throw new BadJson(this.at);
		this.at += match[0].length;
	}

	private expect(char: string): void {
		if (this.text[this.at] !== char) throw new BadJson(this.at);
		this.at++;
	}
}
