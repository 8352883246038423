// Today's date as `YYYY-MM-DD` (UTC): the one place the server and CLI read the clock, so the core stays deterministic.
export function today(): string {
	return new Date().toISOString().slice(0, 10);
}
