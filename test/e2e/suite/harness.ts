// A tiny test runner for code running inside VS Code's extension host (no mocha needed).
// Each check prints one line the outer harness (test/e2e/runTest.ts) parses:
//   [e2e-check] PASS <name>            [e2e-check] FAIL <name> :: <reason>
import * as vscode from 'vscode';

export const CHECK_PREFIX = '[e2e-check]';

export interface Check {
	name: string;
	timeoutMs: number;
	fn: () => Promise<void>;
	/** After a PASS, keep the editor as it is this long, so the outer harness can take a screenshot. */
	holdMs?: number;
}

export async function runChecks(checks: Check[]): Promise<number> {
	let failed = 0;
	for (const check of checks) {
		const started = Date.now();
		try {
			await withTimeout(check.fn(), check.timeoutMs, `timed out after ${check.timeoutMs} ms`);
			console.log(`${CHECK_PREFIX} PASS ${check.name} (${Date.now() - started} ms)`);
			if (check.holdMs) await new Promise((r) => setTimeout(r, check.holdMs));
		} catch (error) {
			failed++;
			const reason = error instanceof Error ? error.message : String(error);
			console.log(`${CHECK_PREFIX} FAIL ${check.name} :: ${reason.replace(/\s+/g, ' ')}`);
		}
	}
	return failed;
}

export function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new Error(message)), ms);
	});
	return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Resolves with the first non-undefined value of `probe`, re-evaluated on every diagnostics change
 * (and on a slow poll as a safety net for other state); rejects with `describe()` after `ms`.
 */
export function waitFor<T>(probe: () => T | undefined, ms: number, describe: () => string): Promise<T> {
	return new Promise<T>((resolve, reject) => {
		let done = false;
		const finish = (fn: () => void): void => {
			if (done) return;
			done = true;
			clearTimeout(timer);
			clearInterval(poll);
			sub.dispose();
			fn();
		};
		const attempt = (): void => {
			try {
				const value = probe();
				if (value !== undefined) finish(() => resolve(value));
			} catch (error) {
				finish(() => reject(error));
			}
		};
		const sub = vscode.languages.onDidChangeDiagnostics(attempt);
		const poll = setInterval(attempt, 100);
		const timer = setTimeout(() => finish(() => reject(new Error(describe()))), ms);
		attempt();
	});
}

/** A file in the (first) workspace folder. */
export function workspaceFile(name: string): vscode.Uri {
	const folder = vscode.workspace.workspaceFolders?.[0];
	if (!folder) throw new Error('no workspace folder is open');
	return vscode.Uri.joinPath(folder.uri, name);
}

/** The 0-based line of the first line containing `needle`. */
export function lineOf(doc: vscode.TextDocument, needle: string): number {
	for (let i = 0; i < doc.lineCount; i++) if (doc.lineAt(i).text.includes(needle)) return i;
	throw new Error(`${needle} not found in ${doc.uri.fsPath}`);
}

/** The code of a diagnostic as a string (LSP codes may arrive as `{ value, target }`). */
export function codeOf(d: vscode.Diagnostic): string | undefined {
	const c = d.code;
	if (c === undefined) return undefined;
	return typeof c === 'object' ? String(c.value) : String(c);
}

export function showDiagnostics(list: readonly vscode.Diagnostic[]): string {
	if (list.length === 0) return '(none)';
	return list
		.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.source ?? '?'}(${codeOf(d) ?? '?'}) ${d.message}`)
		.join(' | ');
}
