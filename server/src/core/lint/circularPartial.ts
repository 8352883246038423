// circular-partial: partials that always include each other (a → b → a): the runtime recurses until the stack overflows.
import { chainTo, inlinePartials, partialCalls, partialFileName, type PartialGraph } from '../partialGraph';
import type { LintRule } from './rule';

export const circularPartial: LintRule = {
	id: 'circular-partial',
	description: 'Partials that include each other in a cycle: the render never ends.',
	defaultSeverity: 'error',
	needs: 'partials',
	check({ doc, partials }) {
		if (!partials) return [];
		const looping = loopingPartials(partials);
		if (looping.size === 0) return [];
		const inline = inlinePartials(doc);
		return partialCalls(doc).flatMap((node) => {
			const chain = chainIntoLoop(partials, node.name, (name) => looping.has(name) && !inline.has(name));
			return chain ? [{ code: 'circular-partial', message: loopMessage(chain), span: node.span }] : [];
		});
	},
};

/**
 * Partials on a cycle of unconditional calls (outside any block). A call inside `{{#if}}` or `{{#each}}` may stop
 * on its data — `{{#each children}}{{> tree}}{{/each}}` renders a tree and ends — so such cycles are not flagged.
 */
function loopingPartials(graph: PartialGraph): Set<string> {
	const looping = new Set<string>();
	for (const name of graph.files.keys()) {
		if (chainTo(graph, name, (next) => next === name, true)) looping.add(name);
	}
	return looping;
}

/** The calls from `start` to a looping partial (any calls), then once around the loop: `a → b → c → b`. */
function chainIntoLoop(graph: PartialGraph, start: string, looping: (name: string) => boolean): string[] | undefined {
	const entry = looping(start) ? [start] : chainTo(graph, start, looping);
	if (!entry) return undefined;
	const at = entry[entry.length - 1];
	const loop = chainTo(graph, at, (next) => next === at, true);
	return loop && [...entry, ...loop.slice(1)];
}

function loopMessage(chain: string[]): string {
	const closer = partialFileName(chain[chain.length - 2]);
	const last = chain[chain.length - 1];
	const loop = chain[chain.length - 2] === last ? `Partial \`${last}\` includes itself (${chain.join(' → ')})` : `Partials include each other in a loop: ${chain.join(' → ')}`;
	return `${loop}. The Dotprompt runtime expands ${chain.length === 2 ? 'it' : 'them'} again and again until rendering fails with "Maximum call stack size exceeded". Remove the \`{{> ${last}}}\` in \`${closer}\`, or put it inside an \`{{#if}}\` that ends the recursion.`;
}
