// partial-not-found: PLACEHOLDER, implementation pending.
import type { LintRule } from './rule';

export const partialNotFound: LintRule = {
	id: 'partial-not-found',
	description: 'A partial ({{> name}}) with no _name.prompt file where Dotprompt looks for it.',
	defaultSeverity: 'error',
	needs: 'partials',
	check() {
		return [];
	},
};
