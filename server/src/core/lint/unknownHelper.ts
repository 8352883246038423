// unknown-helper: Dotprompt compiles with knownHelpersOnly, so calling a helper it does not know makes the render fail.
import { KNOWN_HELPERS } from '../knownHelpers';
import type { RegisteredNames } from '../registeredNames';
import type { TemplateNode } from '../types';
import type { LintRule } from './rule';

/** The message lists registered names too, up to this many. */
const LISTED_REGISTERED = 10;

export const unknownHelper: LintRule = {
	id: 'unknown-helper',
	description:
		'A helper call ({{name arg}}) to a helper neither Dotprompt nor the app (in code or `promptLens.helpers`) provides: ' +
		'the render fails.',
	defaultSeverity: 'error',
	check({ doc, nodes, registered }) {
		// When the template does not parse, the tags the forgiving scan read outside the broken construct stand in.
		return [...nodes, ...(doc.recovered ?? [])]
			.filter((node) => isHelperCall(node) && !registered?.helpers.has(node.name))
			.map((node) => ({ code: 'unknown-helper', message: unknownMessage(node.name, registered), span: node.nameSpan }));
	},
};

function isHelperCall(node: TemplateNode): boolean {
	const call = (node.kind === 'mustache' || node.kind === 'block') && node.hasParams === true && !node.decorator;
	return call && !KNOWN_HELPERS.includes(node.name) && !node.name.includes('.');
}

function unknownMessage(name: string, registered: RegisteredNames | undefined): string {
	const builtIn = KNOWN_HELPERS.filter((h) => !h.endsWith('Missing')).join(', ');
	const own = [...(registered?.helpers.keys() ?? [])].sort();
	const more = own.length > LISTED_REGISTERED ? ', …' : '';
	const listed = own.length === 0 ? '' : ` Registered by your app: ${own.slice(0, LISTED_REGISTERED).join(', ')}${more}.`;
	return `\`${name}\` is not a Dotprompt helper, and Dotprompt renders with known helpers only, so this prompt fails `
		+ `to render unless your app registers it (\`ai.defineHelper('${name}', …)\` in JS, \`define_helper\` in Python, `
		+ '`genkit.DefineHelper` in Go). Prompt Lens found no such registration in the workspace\'s source files; if your '
		+ `app registers it where they cannot be read, add \`${name}\` to the \`promptLens.helpers\` setting. `
		+ `Helpers: ${builtIn}.${listed}`;
}
