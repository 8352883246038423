// Wraps LSP handlers so an exception is logged to the client and answered with an empty result: a document never kills the server.
import { ResponseError, type Connection } from 'vscode-languageserver';

/** Logs with the stack: these are our bugs, and the stack is what fixes them. */
export function logFailure(connection: Connection, what: string, error: unknown): void {
	connection.console.error(`${what}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
}

export function guard<A extends unknown[], R>(connection: Connection, name: string, empty: R, handler: (...args: A) => R | Promise<R>): (...args: A) => Promise<R> {
	return async (...args: A) => {
		try {
			return await handler(...args);
		} catch (error) {
			// A ResponseError is a deliberate answer (e.g. "cannot rename this"), shown to the user as is.
			if (error instanceof ResponseError) throw error;
			logFailure(connection, `${name} failed`, error);
			return empty;
		}
	};
}
