// partial-not-found: a `{{> name}}` (here or in a partial it includes) with no usable `_name.prompt`: the runtime then cannot render the prompt.
import { chainTo, inlinePartials, partialCalls, partialFileName, type PartialGraph } from '../partialGraph';
import type { LintRule } from './rule';

export const partialNotFound: LintRule = {
	id: 'partial-not-found',
	description: 'A partial ({{> name}}) with no _name.prompt file where Dotprompt looks for it.',
	defaultSeverity: 'error',
	needs: 'partials',
	check({ doc, partials, registered }) {
		if (!partials) return [];
		// An inline partial of the prompt is visible inside the partials it calls, so it is not missing there either;
		// one the app registers in code (definePartial) exists at run time.
		const inline = inlinePartials(doc);
		const missing = (name: string) => !inline.has(name) && !registered?.partials.has(name) && isMissing(partials, name);
		return partialCalls(doc).flatMap((node) => {
			const direct = missing(node.name) ? [node.name] : undefined;
			const chain = direct ?? chainTo(partials, node.name, missing);
			return chain ? [{ code: 'partial-not-found', message: notFoundMessage(chain, partials), span: node.span }] : [];
		});
	},
};

/** Null means not found; an empty file counts too, because the runtime only registers a partial whose text is truthy. */
function isMissing(graph: PartialGraph, name: string): boolean {
	const file = graph.files.get(name);
	return file === null || file?.doc.text === '';
}

/** The runtime fails only when it reaches the call (a missing partial inside a false `{{#if}}` renders fine), so say where. */
function notFoundMessage(chain: string[], graph: PartialGraph): string {
	const name = chain[chain.length - 1];
	const fileName = partialFileName(name);
	const via = chain.length > 1 ? `Partial \`${chain[0]}\` includes \`${name}\` (${chain.join(' → ')}), which` : `Partial \`${name}\``;
	const fails = `fails ${chain.length > 1 ? 'there' : 'here'} with "The partial ${name} could not be found"`;
	if (graph.files.get(name)) {
		return `${via} is empty (\`${fileName}\` has no text), and the Dotprompt runtime treats an empty partial as missing: rendering ${fails}. Put the partial's text in the file.`;
	}
	const where = graph.searched.length > 0 ? `in ${graph.searched.join(', then ')}` : 'next to the prompt';
	const caller = chain.length > 1 ? ` in \`${partialFileName(chain[chain.length - 2])}\`` : '';
	return `${via} is not found: there is no \`${fileName}\` ${where}, so rendering with the Dotprompt runtime ${fails} (Prompt Lens found no \`definePartial('${name}', …)\` in the workspace's source files). Create the file, correct the name${caller}, or add the folder that holds it to the \`promptLens.partialPaths\` setting.`;
}
