// invalid-role: Dotprompt's roles are system, user, model and tool; `assistant` and friends are another API's names.
import type { LintRule } from './rule';
import { ROLE_ALIASES, roleNameSpan, VALID_ROLES } from './roles';

export const invalidRole: LintRule = {
	id: 'invalid-role',
	description: 'Roles must be system, user, model or tool (Dotprompt says model, not assistant).',
	defaultSeverity: 'error',
	check({ doc, nodes }) {
		return nodes
			.filter((node) => node.name === 'role' && (node.kind === 'mustache' || node.kind === 'block'))
			.map((node) => roleNameSpan(doc, node.openSpan ?? node.span))
			.filter((found) => found !== undefined && !VALID_ROLES.includes(found.role))
			.map((found) => {
				const { span, role } = found!;
				const meant = ROLE_ALIASES[role.toLowerCase()] ?? (VALID_ROLES.includes(role.toLowerCase()) ? role.toLowerCase() : undefined);
				return {
					code: 'invalid-role',
					message: `\`${role}\` is not a Dotprompt role: use system, user, model or tool.${meant ? ` Did you mean \`${meant}\`?` : ''}`,
					span,
					fixes: meant ? [{ title: `Change to "${meant}"`, fixAll: true, edits: [{ span, newText: meant }] }] : [],
				};
			});
	},
};
