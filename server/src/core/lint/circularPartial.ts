// circular-partial: PLACEHOLDER, implementation pending.
import type { LintRule } from './rule';

export const circularPartial: LintRule = {
	id: 'circular-partial',
	description: 'Partials that include each other in a cycle: the render never ends.',
	defaultSeverity: 'error',
	needs: 'partials',
	check() {
		return [];
	},
};
