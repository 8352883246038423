// unused-input: PLACEHOLDER, implementation pending.
import type { LintRule } from './rule';

export const unusedInput: LintRule = {
	id: 'unused-input',
	description: 'An input declared in input.schema that the template (and its partials) never uses.',
	defaultSeverity: 'warning',
	needs: 'partials',
	check() {
		return [];
	},
};
