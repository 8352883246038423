// Wraps LSP handlers so an exception is logged to the client and answered with an empty result: a document never kills the server.
import type { Connection } from 'vscode-languageserver';

export function guard<A extends unknown[], R>(connection: Connection, name: string, empty: R, handler: (...args: A) => R | Promise<R>): (...args: A) => Promise<R> {
	return async (...args: A) => {
		try {
			return await handler(...args);
		} catch (error) {
			connection.console.error(`${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
			return empty;
		}
	};
}
