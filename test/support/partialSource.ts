// Partials for tests in the one shape the core takes (PartialSource), from a name → text function.
import type { PartialSource } from '../../server/src/core/partialGraph';

export function partialsFrom(text: (name: string) => string | null | undefined): PartialSource {
	return async (name) => {
		const found = text(name);
		return found === null || found === undefined ? null : { location: `${name} (test)`, text: found };
	};
}
