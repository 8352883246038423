// Where the libraries' own warnings about a user's prompt go: the yaml package's ("Keys with collection values will be
// stringified…", through process.emitWarning) and Handlebars' ("Access has been denied to resolve the property…",
// through its logger at level error). They describe the prompt, not a fault of ours: process entries route them to a
// log at info level (the server's log, or nowhere for the CLI) instead of stderr as errors.
import Handlebars from 'handlebars';

/** Node's own warning types, which stay as they are. */
const NODE_WARNINGS = new Set(['DeprecationWarning', 'ExperimentalWarning', 'MaxListenersExceededWarning']);

export function routeRuntimeWarnings(log: (message: string) => void): void {
	const emit = process.emitWarning.bind(process) as (...args: unknown[]) => void;
	process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
		const options = rest[0];
		const type =
			typeof options === 'string'
				? options
				: ((options as { type?: string } | undefined)?.type ?? (warning instanceof Error ? warning.name : 'Warning'));
		if (NODE_WARNINGS.has(type)) return emit(warning, ...rest);
		log(typeof warning === 'string' ? warning : warning.message);
	}) as typeof process.emitWarning;
	// The runtime renders with this package's one logger (Handlebars.create() shares it).
	Handlebars.logger.log = (_level: number, ...message: unknown[]) => log(message.map(String).join(' '));
}
