// The commonest pieces (ASCII words and numbers) found without the split regex; anything else is left to it.

/*
 * In ASCII, the patterns' first alternatives reduce to plain scans: o200k_base takes an optional prefix (one char that
 * is not a letter, digit or line break), then `[A-Z]*[a-z]+`, else `[A-Z]+`; cl100k_base takes the prefix, then every
 * letter; both take up to three digits. Whenever the answer could depend on a non-ASCII character (a letter, a mark,
 * a digit of another script) or on an apostrophe (contractions), we return -1 and the regex decides. The property
 * tests compare the counts with tiktoken on text mixing ASCII with every character class.
 */

const LOWER = 1;
const UPPER = 2;
const DIGIT = 4;
/** May come before a word: not a letter, digit, line break or apostrophe. */
const PREFIX = 8;

const CLASS = new Uint8Array(128);
for (let code = 0; code < 128; code++) {
	if (code >= 97 && code <= 122) CLASS[code] = LOWER;
	else if (code >= 65 && code <= 90) CLASS[code] = UPPER;
	else if (code >= 48 && code <= 57) CLASS[code] = DIGIT;
	else if (code !== 10 && code !== 13 && code !== 39) CLASS[code] = PREFIX;
}

/** The class of text[at], or -1 past the end; 0 for an apostrophe, a line break or a non-ASCII unit. */
const classAt = (text: string, at: number): number => {
	if (at >= text.length) return -1;
	const code = text.charCodeAt(at);
	return code < 128 ? CLASS[code] : 0;
};

/** The end of the piece that starts at `from`, or -1 when the regex must decide. */
export function asciiPieceEnd(text: string, from: number, casedWords: boolean): number {
	const first = classAt(text, from);
	if (first === DIGIT) return digitsEnd(text, from);
	let at = first === PREFIX ? from + 1 : from;
	const kind = classAt(text, at);
	if (kind !== LOWER && kind !== UPPER) return -1;
	if (!casedWords) {
		for (let c = classAt(text, at); c === LOWER || c === UPPER; c = classAt(text, at)) at++;
		return classAt(text, at) === 0 ? -1 : at;
	}
	while (classAt(text, at) === UPPER) at++;
	// `[A-Z]*[a-z]+`, or when no lowercase letter follows the capitals, `[A-Z]+`.
	while (classAt(text, at) === LOWER) at++;
	// A non-ASCII letter or mark would extend the word; an apostrophe may start a contraction that joins it.
	return classAt(text, at) === 0 ? -1 : at;
}

/** `\p{N}{1,3}` over ASCII digits; a shorter run followed by non-ASCII may continue in another script's digits. */
function digitsEnd(text: string, from: number): number {
	let at = from + 1;
	while (at < from + 3 && classAt(text, at) === DIGIT) at++;
	if (at === from + 3) return at;
	return classAt(text, at) === 0 ? -1 : at;
}
