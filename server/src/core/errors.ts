// How the core turns a caught exception into text, and into the diagnostic that reports a bug of ours to the user.
import type { CoreDiagnostic } from './types';

export function errorMessage(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

/** `what` failed on this file: say so where the user looks, instead of losing their other diagnostics. */
export function internalError(what: string, error: unknown): CoreDiagnostic {
	return {
		code: 'internal-error',
		severity: 'warning',
		message: `${what} failed (${errorMessage(error)}). Please report this with the file's contents.`,
		span: { start: 0, end: 0 },
	};
}
