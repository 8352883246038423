// undefined-variable: PLACEHOLDER, implementation pending.
import type { LintRule } from './rule';

export const undefinedVariable: LintRule = {
	id: 'undefined-variable',
	description: 'A variable used in the template but not declared in input.schema.',
	defaultSeverity: 'warning',
	check() {
		return [];
	},
};
