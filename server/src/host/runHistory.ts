// The run history: one JSON line per run in `.prompt-lens/runs.jsonl` (append-only), read back for the history view and the response cache.
import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, type FileHandle } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Settings } from '../core/settings';
import { requestHash } from '../core/run/requestHash';
import type { ProviderConfig, RunPlan, RunRecord, RunResult } from '../core/run/runTypes';

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

export class SecretInRecordError extends Error {
	constructor() {
		super('the run was not added to the history because its record contains an API key (in the output, the inputs or an error message)');
		this.name = 'SecretInRecordError';
	}
}

/**
 * Appends one line and never rewrites the file, so concurrent writers (the editor and a CLI run) and a crash cannot
 * lose earlier runs. Throws `SecretInRecordError`, writing nothing, when the line would contain one of `secrets`.
 */
export async function appendRun(file: string, record: RunRecord, secrets: readonly (string | undefined)[] = []): Promise<void> {
	const line = JSON.stringify(record);
	if (containsSecret(line, secrets)) throw new SecretInRecordError();
	await mkdir(dirname(file), { recursive: true });
	const handle = await open(file, 'a+');
	try {
		// A previous writer that died mid-line would otherwise glue this record onto its broken one.
		const separator = (await endsWithNewline(handle)) ? '' : '\n';
		await handle.appendFile(`${separator}${line}\n`, 'utf8');
	} finally {
		await handle.close();
	}
}

/** Every readable record, oldest first (optionally only one prompt's); broken or foreign lines are skipped. */
export async function readRuns(file: string, prompt?: string): Promise<RunRecord[]> {
	let text: string;
	try {
		text = await readFile(file, 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
		throw error;
	}
	const records: RunRecord[] = [];
	for (const line of text.split('\n')) {
		const record = parseRecord(line);
		if (record && (prompt === undefined || record.prompt === prompt)) records.push(record);
	}
	return records;
}

/** The latest successful run of exactly this request (same hash), for the response cache. */
export async function findCached(file: string, hash: string): Promise<RunRecord | undefined> {
	const records = await readRuns(file);
	for (let i = records.length - 1; i >= 0; i--) {
		const record = records[i];
		if (record.requestHash === hash && record.result.status === 'ok') return record;
	}
	return undefined;
}

function containsSecret(line: string, secrets: readonly (string | undefined)[]): boolean {
	// Checked in the serialized line as well as raw, so a key with characters JSON escapes is still caught.
	return secrets.some((s) => s !== undefined && s.length >= MIN_SECRET_LENGTH && (line.includes(s) || line.includes(JSON.stringify(s).slice(1, -1))));
}

async function endsWithNewline(handle: FileHandle): Promise<boolean> {
	const { size } = await handle.stat();
	if (size === 0) return true;
	const last = Buffer.alloc(1);
	await handle.read(last, 0, 1, size - 1);
	return last[0] === 0x0a;
}

function parseRecord(line: string): RunRecord | undefined {
	if (!line.trim()) return undefined;
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
