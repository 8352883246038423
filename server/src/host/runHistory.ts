// The run history: one JSON line per run in `.prompt-lens/runs.jsonl` (append-only), read back for the history view and the response cache.
import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, type FileHandle } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Settings } from '../core';
import { requestHash } from '../core';
import { withFileLock } from './fileLock';
import type { ProviderConfig, RunPlan, RunRecord, RunResult } from '../core';

/**
 * Values shorter than this are placeholders (`ollama`, `none`, `x`), not secrets: refusing every record whose
 * output happens to contain such a word would lose history for nothing.
 */
const MIN_SECRET_LENGTH = 8;

/** The history file for a workspace folder (or the CLI's settings folder); undefined when history is disabled. */
export function historyFile(workspaceFolder: string, settings: Settings): string | undefined {
	if (!settings['history.enabled']) return undefined;
	return resolve(workspaceFolder, settings['history.path']);
}

/** The line to store for a finished run; `provider` is the one the request went to (its baseURL is part of the hash). */
export function recordRun(plan: RunPlan, provider: ProviderConfig, result: RunResult): RunRecord {
	const { messages: _messages, model: _model, ...parameters } = plan.request;
	return {
		version: 1,
		id: randomUUID(),
		prompt: plan.prompt,
		requestHash: requestHash(plan.request, provider.baseURL),
		model: plan.model,
		provider: provider.id,
		parameters,
		inputs: plan.inputs,
		result,
	};
}

export interface Appended {
	/** A key was found in the record (an answer that echoed it…) and replaced by `[redacted]`. */
	redacted: boolean;
}

/**
 * Appends one line and never rewrites the file, so concurrent writers (the editor and CLI runs) and a crash cannot lose
 * earlier runs. The line is written whole under a lock file (a plain append of more than 512 KiB is split into several
 * writes, which parallel runs interleave). Any of `secrets` in the record is replaced by `[redacted]`.
 */
export async function appendRun(file: string, record: RunRecord, secrets: readonly (string | undefined)[] = []): Promise<Appended> {
	const line = JSON.stringify(record);
	const safe = redactLine(line, secrets);
	await mkdir(dirname(file), { recursive: true });
	await withFileLock(file, async () => {
		const handle = await open(file, 'a+');
		try {
			// A previous writer that died mid-line (SIGKILL) would otherwise glue this record onto its broken one.
			const separator = (await endsWithNewline(handle)) ? '' : '\n';
			await writeAll(handle, Buffer.from(`${separator}${safe}\n`, 'utf8'));
		} finally {
			await handle.close();
		}
	});
	return { redacted: safe !== line };
}

export interface HistoryRead {
	/** Every readable record, oldest first. */
	records: RunRecord[];
	/** 1-based numbers of the lines that are not records (torn by a killed writer, edited by hand); skipped. */
	broken: number[];
}

/** The history's records (optionally only one prompt's), and which lines could not be read. */
export async function readHistory(file: string, prompt?: string): Promise<HistoryRead> {
	let text: string;
	try {
		text = await readFile(file, 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], broken: [] };
		throw error;
	}
	const records: RunRecord[] = [];
	const broken: number[] = [];
	text.split('\n').forEach((line, index) => {
		if (!line.trim()) return;
		const record = parseRecord(line);
		if (!record) broken.push(index + 1);
		else if (prompt === undefined || record.prompt === prompt) records.push(record);
	});
	return { records, broken };
}

/** Just the records: see readHistory for the lines skipped. */
export async function readRuns(file: string, prompt?: string): Promise<RunRecord[]> {
	return (await readHistory(file, prompt)).records;
}

/** The latest successful run of exactly this request (same hash), for the response cache, and the lines skipped. */
export async function findCached(file: string, hash: string): Promise<{ record?: RunRecord; broken: number[] }> {
	const { records, broken } = await readHistory(file);
	for (let i = records.length - 1; i >= 0; i--) {
		const record = records[i];
		if (record.requestHash === hash && record.result.status === 'ok') return { record, broken };
	}
	return { broken };
}

/** A cached record as this run's result: free this time (its first cost would count twice), answered at once. */
export function cachedRunResult(record: RunRecord, startedMs: number, nowMs: number): RunResult {
	const { firstTokenMs: _first, ...rest } = record.result;
	return { ...rest, cost: rest.cost === undefined ? undefined : 0, cached: true, attempts: 0, startedAt: new Date(startedMs).toISOString(), totalMs: nowMs - startedMs };
}

/** "lines 3, 9 of runs.jsonl are not run records and were skipped" — for a warning; undefined when none. */
export function brokenLinesNote(file: string, broken: readonly number[]): string | undefined {
	if (broken.length === 0) return undefined;
	const shown = broken.slice(0, 5).join(', ') + (broken.length > 5 ? ` and ${broken.length - 5} more` : '');
	return `${broken.length === 1 ? 'line' : 'lines'} ${shown} of ${file} ${broken.length === 1 ? 'is not a run record' : 'are not run records'} (cut off by an interrupted write, or edited) and ${broken.length === 1 ? 'was' : 'were'} skipped`;
}

/** The key, raw or as JSON escapes it, replaced inside the serialized line (which stays valid JSON). */
function redactLine(line: string, secrets: readonly (string | undefined)[]): string {
	let out = line;
	for (const secret of secrets) {
		if (secret === undefined || secret.length < MIN_SECRET_LENGTH) continue;
		out = out.split(JSON.stringify(secret).slice(1, -1)).join('[redacted]').split(secret).join('[redacted]');
	}
	return out;
}

async function writeAll(handle: FileHandle, buffer: Buffer): Promise<void> {
	for (let offset = 0; offset < buffer.length;) {
		const { bytesWritten } = await handle.write(buffer, offset, buffer.length - offset);
		offset += bytesWritten;
	}
}

async function endsWithNewline(handle: FileHandle): Promise<boolean> {
	const { size } = await handle.stat();
	if (size === 0) return true;
	const last = Buffer.alloc(1);
	await handle.read(last, 0, 1, size - 1);
	return last[0] === 0x0a;
}

function parseRecord(line: string): RunRecord | undefined {
	let value: unknown;
	try {
		value = JSON.parse(line);
	} catch {
		return undefined;
	}
	if (!isRecord(value) || value.version !== 1 || typeof value.id !== 'string' || typeof value.prompt !== 'string' || typeof value.requestHash !== 'string') return undefined;
	const result = value.result;
	if (!isRecord(result) || typeof result.status !== 'string' || typeof result.output !== 'string') return undefined;
	return value as unknown as RunRecord;
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
