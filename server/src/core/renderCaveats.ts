// What the runtime sends although the checks report a problem: count and run render such a prompt as the runtime would
// (a stray `}}`, a frontmatter it does not read) and show these warnings beside the numbers, saying why it looks wrong.
import type { CoreDiagnostic } from './types';

const NOT_READ = 'so the runtime does not read it and its model, config and input defaults do not apply: the whole file,';

/** Why a frontmatter problem changes what is sent; codes the runtime renders past in their own words. */
const CAVEATS: Record<string, string> = {
	'frontmatter-not-at-start':
		'The text before `---` is sent as part of the prompt: the frontmatter is not read, so its model, config and input defaults do not apply.',
	'frontmatter-unclosed': `The frontmatter opened by \`---\` is never closed, ${NOT_READ} YAML included, is sent as the prompt.`,
	'yaml-syntax': `The frontmatter is not valid YAML, ${NOT_READ} \`---\` lines and YAML included, is sent as the prompt.`,
};

/**
 * Call with the immediate diagnostics of a prompt that rendered: every error left is one the runtime renders past
 * (those that stop it made the render fail), plus a frontmatter it ignores. One warning per kind of frontmatter
 * problem; the others (a stray `}}`, a `{{#role}}` block) keep their own message and place.
 */
export function renderCaveats(diagnostics: CoreDiagnostic[]): CoreDiagnostic[] {
	const out: CoreDiagnostic[] = [];
	const seen = new Set<string>();
	for (const d of diagnostics) {
		const caveat = CAVEATS[d.code];
		if (d.severity !== 'error' && d.code !== 'frontmatter-not-at-start') continue;
		if (caveat && seen.has(d.code)) continue;
		seen.add(d.code);
		out.push({ code: d.code, severity: 'warning', message: caveat ?? d.message, span: d.span });
	}
	return out;
}
