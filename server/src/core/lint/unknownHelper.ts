// unknown-helper: Dotprompt compiles with knownHelpersOnly, so calling a helper it does not know makes the render fail.
import { KNOWN_HELPERS } from '../knownHelpers';
import type { LintRule } from './rule';

export const unknownHelper: LintRule = {
	id: 'unknown-helper',
	description: 'A helper call ({{name arg}}) to a helper Dotprompt does not have: the render fails.',
	defaultSeverity: 'error',
	check({ nodes }) {
		return nodes
			.filter((node) => (node.kind === 'mustache' || node.kind === 'block') && node.hasParams && !node.decorator && !KNOWN_HELPERS.includes(node.name) && !node.name.includes('.'))
			.map((node) => ({
				code: 'unknown-helper',
				message: `\`${node.name}\` is not a Dotprompt helper, and Dotprompt renders with known helpers only, so this prompt fails to render. Helpers: ${KNOWN_HELPERS.filter((h) => !h.endsWith('Missing')).join(', ')}.`,
				span: node.nameSpan,
			}));
	},
};
