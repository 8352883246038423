// deprecated-model: PLACEHOLDER, implementation pending.
import type { LintRule } from './rule';

export const deprecatedModel: LintRule = {
	id: 'deprecated-model',
	description: 'A model past or near its deprecation date.',
	defaultSeverity: 'warning',
	check() {
		return [];
	},
};
