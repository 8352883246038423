// Finds `}}` in literal text that no `{` opened: Handlebars passes it through, so the model sees stray braces.
import type { CoreDiagnostic, Span } from './types';

const MESSAGE = 'Unbalanced braces: this `}}` closes no `{{`, so the model receives it as literal text. Remove it, or open the expression with `{{`.';
const SHORT_COMMENT_MESSAGE = 'Unbalanced braces: the `{{! … }}` comment above ended at the first `}}` inside it, so this `}}` and the text before it reach the model. Write the comment as `{{!-- … --}}`, which may contain `}}`.';

/**
 * `contents` are the template's literal text runs in document order, so braces of a JSON example that spans
 * mustaches still balance; `comments` explain the classic cause, a short comment that contains `}}`.
 */
export function strayBraceDiagnostics(contents: Span[], comments: Span[], text: string): CoreDiagnostic[] {
	const diagnostics: CoreDiagnostic[] = [];
	let depth = 0;
	for (const span of contents) {
		for (let i = span.start; i < span.end; i++) {
			const ch = text[i];
			if (ch === '{') depth++;
			else if (ch === '}') {
				if (depth === 0 && text[i + 1] === '}' && i + 1 < span.end) {
					diagnostics.push({ code: 'template-syntax', severity: 'error', message: messageFor(i, comments, text), span: { start: i, end: i + 2 } });
					i++;
				} else if (depth > 0) depth--;
			}
		}
	}
	return diagnostics;
}

function messageFor(offset: number, comments: Span[], text: string): string {
	const comment = [...comments].reverse().find((c) => c.end <= offset);
	if (!comment) return MESSAGE;
	const commentText = text.slice(comment.start, comment.end);
	const between = text.slice(comment.end, offset);
	return commentText.startsWith('{{!') && !commentText.startsWith('{{!--') && commentText.includes('{{', 3) && !between.includes('{{')
		? SHORT_COMMENT_MESSAGE
		: MESSAGE;
}
