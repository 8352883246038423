// empty-render: PLACEHOLDER, implementation pending.
import type { LintRule } from './rule';

export const emptyRender: LintRule = {
	id: 'empty-render',
	description: 'Rendering with defaults yields no message or an empty message.',
	defaultSeverity: 'warning',
	needs: 'render',
	check() {
		return [];
	},
};
