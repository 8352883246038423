// model-capability: PLACEHOLDER, implementation pending.
import type { LintRule } from './rule';

export const modelCapability: LintRule = {
	id: 'model-capability',
	description: 'Media, PDF, JSON schema output or tools on a model that does not support them.',
	defaultSeverity: 'warning',
	check() {
		return [];
	},
};
