// At most MAX_DIAGNOSTICS problems per file, then one note saying how many more there are: a generated file with 40,000
// unused inputs must not bury the editor (or a CI log) in warnings. Syntax errors are always kept.
import { formatCount } from './pricing';
import type { CoreDiagnostic } from './types';

export const MAX_DIAGNOSTICS = 1000;

const ALWAYS_KEPT = new Set(['yaml-syntax', 'template-syntax', 'frontmatter-unclosed']);
const SEVERITY_ORDER: Record<CoreDiagnostic['severity'], number> = { error: 0, warning: 1, info: 2, hint: 3 };

export function capDiagnostics(diagnostics: CoreDiagnostic[], max = MAX_DIAGNOSTICS): CoreDiagnostic[] {
	if (diagnostics.length <= max) return diagnostics;
	// Errors first, then warnings…, each in document order; syntax errors whatever their number.
	const ranked = diagnostics.map((d, i) => ({ d, i })).sort((a, b) => rank(a.d) - rank(b.d) || a.i - b.i);
	const kept = new Set(ranked.filter(({ d }, n) => n < max || ALWAYS_KEPT.has(d.code)).map(({ i }) => i));
	const shown = diagnostics.filter((_, i) => kept.has(i));
	const hidden = diagnostics.length - shown.length;
	const first = diagnostics.reduce((min, d) => Math.min(min, d.span.start), Number.POSITIVE_INFINITY);
	return [
		...shown,
		{
			code: 'too-many-problems',
			severity: 'info',
			message: `${formatCount(hidden)} more ${hidden === 1 ? 'problem is' : 'problems are'} not shown: Prompt Lens shows at most ${formatCount(max)} per file (errors first). Fix these, or turn off the rules that report the most.`,
			span: { start: first, end: first },
		},
	];
}

function rank(d: CoreDiagnostic): number {
	return ALWAYS_KEPT.has(d.code) ? -1 : SEVERITY_ORDER[d.severity];
}
