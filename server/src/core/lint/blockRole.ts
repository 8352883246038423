// block-role: `{{#role "x"}}…{{/role}}` renders no message at all in the Dotprompt runtime; the non-block form is what works.
import type { LintRule } from './rule';
import { roleNameSpan } from './roles';

export const blockRole: LintRule = {
	id: 'block-role',
	description: 'The block form {{#role "x"}}…{{/role}} drops its contents: the model never receives the text inside it.',
	defaultSeverity: 'error',
	check({ doc, nodes }) {
		return nodes
			.filter((node) => node.kind === 'block' && node.name === 'role' && node.openSpan)
			.map((node) => {
				const open = node.openSpan!;
				const role = roleNameSpan(doc, open)?.role ?? 'user';
				const closeAt = doc.text.lastIndexOf('{{/role', node.span.end);
				const close = closeAt >= open.end ? { start: closeAt, end: node.span.end } : undefined;
				return {
					code: 'block-role',
					message: `\`{{#role "${role}"}}…{{/role}}\` drops its contents: the Dotprompt runtime never sends the text inside a role block to the model (the role switch applies only to text after \`{{/role}}\`). Write \`{{role "${role}"}}\` before the text instead.`,
					span: open,
					fixes: [{
						title: `Rewrite as {{role "${role}"}}`,
						fixAll: true,
						edits: [{ span: open, newText: `{{role "${role}"}}` }, ...(close ? [{ span: close, newText: '' }] : [])],
					}],
				};
			});
	},
};
