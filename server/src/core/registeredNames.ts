// Helpers and partials the app provides beyond Dotprompt's own: registered in its code (found by the host's scan) or
// declared in `promptLens.helpers`. Lint accepts them, hover and completion describe them.
import type { CodeRegistration } from './helperRegistrations';

export interface RegisteredName {
	name: string;
	/** From `promptLens.helpers`, for hover and completion. */
	description?: string;
	/** Where the code registers it (`src/ai.ts:12`); absent for names only declared in the setting. */
	location?: string;
}

export interface RegisteredNames {
	helpers: ReadonlyMap<string, RegisteredName>;
	partials: ReadonlyMap<string, RegisteredName>;
}

/** One entry of `promptLens.helpers`, normalised. */
export interface HelperSetting {
	name: string;
	description?: string;
}

/** The registrations found in one source file; `file` is as the user should read it (relative to the workspace). */
export interface FileRegistrations {
	file: string;
	registrations: CodeRegistration[];
}

export const NO_REGISTERED_NAMES: RegisteredNames = { helpers: new Map(), partials: new Map() };

/** The first registration of a name wins (files in a stable order); a setting's description is kept over none. */
export function registeredNames(files: readonly FileRegistrations[]): RegisteredNames {
	const helpers = new Map<string, RegisteredName>();
	const partials = new Map<string, RegisteredName>();
	for (const { file, registrations } of files) {
		for (const r of registrations) {
			const into = r.kind === 'helper' ? helpers : partials;
			if (!into.has(r.name)) into.set(r.name, { name: r.name, location: `${file}:${r.line}` });
		}
	}
	return { helpers, partials };
}

/** Adds the names of `promptLens.helpers` to what the scan found (their descriptions win). */
export function withDeclaredHelpers(found: RegisteredNames | undefined, declared: readonly HelperSetting[]): RegisteredNames {
	const base = found ?? NO_REGISTERED_NAMES;
	if (declared.length === 0) return base;
	const helpers = new Map(base.helpers);
	for (const { name, description } of declared) {
		const known = helpers.get(name);
		helpers.set(name, { ...known, name, description: description ?? known?.description });
	}
	return { helpers, partials: base.partials };
}

/** Markdown for hover and completion: the description, and where the code registers it. */
export function registeredHelperDoc(helper: RegisteredName): string {
	const where = helper.location ? `Registered in \`${helper.location}\`.` : 'Declared in the `promptLens.helpers` setting.';
	return helper.description ? `${helper.description}\n\n${where}` : `A helper your app provides. ${where}`;
}

/**
 * The runtime Prompt Lens renders with knows only Dotprompt's helpers and the partial files it can read, so a prompt
 * that uses a helper or partial registered in code does not render here (it does in the app). Says so as a note
 * instead of a warning; undefined when the failure has another cause.
 */
export function registeredRenderFailure(message: string, registered: RegisteredNames): string | undefined {
	const helper = /unknown helper ([^\s]+?)(?: - \d+:\d+)?$/.exec(message)?.[1];
	const partial = /The partial ([^\s]+) could not be found/.exec(message)?.[1];
	const found = (helper !== undefined && registered.helpers.get(helper)) || (partial !== undefined && registered.partials.get(partial));
	if (!found) return undefined;
	const kind = helper !== undefined ? 'helper' : 'partial';
	const where = found.location ? `registered in code (${found.location})` : 'declared in `promptLens.helpers`';
	return `This prompt uses the ${kind} \`${found.name}\`, ${where}; Prompt Lens cannot run your app's code, so it `
		+ 'cannot render the prompt: token counts and costs are unavailable.';
}
