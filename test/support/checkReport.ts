// PASS/FAIL lines with the time since the runner started, shared by the real-VS-Code and the webview runners.

export interface Result {
	name: string;
	ok: boolean;
	detail?: string;
}

export const results: Result[] = [];
export const started = Date.now();

export function elapsed(): string {
	return `${((Date.now() - started) / 1000).toFixed(1)} s`;
}

export function record(name: string, ok: boolean, detail?: string): void {
	results.push({ name, ok, detail });
	console.log(`${ok ? 'PASS' : 'FAIL'} ${name}${detail ? ` — ${detail}` : ''}  [${elapsed()}]`);
}

export function errorText(error: unknown): string {
	return error instanceof Error ? error.message.split('\n').slice(0, 6).join(' / ') : String(error);
}
