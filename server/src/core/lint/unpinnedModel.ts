// unpinned-model: PLACEHOLDER, implementation pending.
import type { LintRule } from './rule';

export const unpinnedModel: LintRule = {
	id: 'unpinned-model',
	description: 'A moving model alias where dated snapshots exist: provider updates change the prompt\'s behaviour.',
	defaultSeverity: 'warning',
	check() {
		return [];
	},
};
