// picoschema: PLACEHOLDER, implementation pending.
import type { LintRule } from './rule';

export const picoschemaSyntax: LintRule = {
	id: 'picoschema',
	description: 'Syntax errors in Picoschema input and output schemas.',
	defaultSeverity: 'error',
	check() {
		return [];
	},
};
