// picoschema: input and output schemas the Dotprompt runtime rejects at render time, or reads differently than written.
import { readSchema } from '../schema/picoschema';
import type { LintRule } from './rule';

export const picoschemaSyntax: LintRule = {
	id: 'picoschema',
	description: 'Input and output schemas that Dotprompt fails to render, or reads differently than written (Picoschema syntax).',
	defaultSeverity: 'error',
	check({ doc }) {
		return (['input', 'output'] as const)
			.flatMap((which) => readSchema(doc, which)?.problems ?? [])
			.map((problem) => ({
				code: 'picoschema',
				message: problem.message,
				span: problem.span,
				...(problem.fix ? { fixes: [problem.fix] } : {}),
			}));
	},
};
