// frontmatter-schema: PLACEHOLDER, implementation pending.
import type { LintRule } from './rule';

export const frontmatterSchema: LintRule = {
	id: 'frontmatter-schema',
	description: 'Unknown frontmatter keys, wrong value types, out-of-range config values, invalid output.format.',
	defaultSeverity: 'error',
	check() {
		return [];
	},
};
