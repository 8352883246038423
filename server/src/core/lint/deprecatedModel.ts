// deprecated-model: a model past (or within 90 days of) its provider's retirement date: requests to it fail from that day on.
import { resolveModel } from '../models/catalog';
import type { ModelCatalog, ModelInfo } from '../models/types';
import type { CoreDiagnostic } from '../types';
import { deprecationStatus, docModels, isPinned, providerName, replaceBare, WARN_DAYS, type DeprecationStatus, type ModelRef } from './modelKey';
import type { LintRule } from './rule';

/** Replacement chains are short; the bound only guards against a cycle in hand-kept data. */
const MAX_CHAIN = 5;

export const deprecatedModel: LintRule = {
	id: 'deprecated-model',
	description: `A model past its provider's retirement date, or within ${WARN_DAYS} days of it: requests to it fail.`,
	defaultSeverity: 'warning',
	check({ doc, catalog, today }) {
		if (!catalog || !today) return [];
		const { effective, compare } = docModels(doc, catalog);
		const refs = [...(effective ? [{ ref: effective, target: false }] : []), ...compare.map((ref) => ({ ref, target: true }))];
		return refs.flatMap(({ ref, target }) => {
			const status = deprecationStatus(ref.model, today);
			return status ? [diagnose(catalog, today, ref, ref.model!, status, target)] : [];
		});
	},
};

interface Replacement {
	/** What to write after the prefix. */
	bare: string;
	/** Recommended replacements skipped on the way because they are retired or retiring too. */
	passed: { name: string; retired: boolean }[];
}

function diagnose(catalog: ModelCatalog, today: string, ref: ModelRef, model: ModelInfo, status: DeprecationStatus, target: boolean): Omit<CoreDiagnostic, 'severity'> {
	const who = providerName(catalog, model);
	const subject = target ? `Comparison target \`${ref.name}\`` : `\`${ref.name}\``;
	const replacement = replacementFor(catalog, today, ref, model);
	const when =
		status.kind === 'retired' ? `was retired by ${who} on ${status.date}: requests to it fail.`
		: status.kind === 'soon' ? `will be retired by ${who} on ${status.date} (in ${status.days} day${status.days === 1 ? '' : 's'}): after that, requests to it fail.`
		: 'is marked deprecated in the price data, with no retirement date published: it may stop working with little notice.';
	return {
		code: 'deprecated-model',
		message: `${subject} ${when} ${advice(who, model, replacement)}`,
		span: ref.span,
		fixes: replacement && ref.exact ? [{ title: `Replace with ${ref.prefix}${replacement.bare}`, edits: [replaceBare(ref, replacement.bare)] }] : [],
	};
}

function advice(who: string, model: ModelInfo, replacement: Replacement | undefined): string {
	const recommended = model.deprecation?.replacement;
	const skipped = replacement?.passed[0];
	if (replacement && skipped) return `Use \`${replacement.bare}\` (${who} recommended \`${skipped.name}\`, which ${skipped.retired ? 'was retired' : 'is being retired'} too).`;
	if (replacement) return `Use \`${replacement.bare}\` instead.`;
	if (recommended) return `${who} recommends \`${recommended}\`.`;
	return 'Move to a current model.';
}

/**
 * The provider's replacement, resolved under the prefix as written and followed while it is itself retired or retiring;
 * a snapshot name is replaced by the replacement's newest snapshot, so a pinned prompt stays pinned.
 */
function replacementFor(catalog: ModelCatalog, today: string, ref: ModelRef, model: ModelInfo): Replacement | undefined {
	const passed: Replacement['passed'] = [];
	let current = model;
	for (let step = 0; step < MAX_CHAIN; step++) {
		const name = current.deprecation?.replacement;
		if (!name) return undefined;
		const lookup = resolveModel(catalog, `${ref.prefix}${name}`);
		if (!lookup.ok) return undefined;
		const status = deprecationStatus(lookup.model, today);
		const ends = !lookup.model.deprecation?.replacement;
		if (!status || status.kind === 'flagged' || (status.kind === 'soon' && ends)) {
			const snapshot = isPinned(ref, model) ? lookup.model.snapshots?.[0] : undefined;
			return { bare: snapshot ?? name, passed };
		}
		passed.push({ name, retired: status.kind === 'retired' });
		current = lookup.model;
	}
	return undefined;
}
