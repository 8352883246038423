// Loads every partial a prompt reaches ({{> name}}, transitively) through a host-given reader, so lint rules can follow them.
import type { PromptDoc } from './types';

export interface PartialFile {
	name: string;
	/** Where the host found it (a file path or URI), for messages and go-to-definition. */
	location: string;
	doc: PromptDoc;
}

export interface PartialGraph {
	/** Partial name → its file, or null when no file was found; every partial reachable from the prompt. */
	files: Map<string, PartialFile | null>;
	/** Where names are looked up, in order, for the not-found message (e.g. `_name.prompt next to the file`, `prompts/partials`). */
	searched: string[];
}

/** The host's reader: a partial's text and location by name, or null when it does not exist. */
export type PartialSource = (name: string) => Promise<{ location: string; text: string } | null>;

/** PLACEHOLDER until the partials work lands: reads nothing. */
export async function loadPartialGraph(_doc: PromptDoc, _source: PartialSource | undefined, searched: string[] = []): Promise<PartialGraph> {
	return { files: new Map(), searched };
}
