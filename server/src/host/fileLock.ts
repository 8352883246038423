// An exclusive lock file beside a file several processes append to (the editor and CLI runs): `withFileLock(path, work)`.
import { open, readFile, rm, stat } from 'node:fs/promises';

export interface LockOptions {
	/** How long to wait for another writer before giving up. */
	timeoutMs?: number;
	/** A lock older than this is taken over (its owner hung); one whose process is gone is taken over at once. */
	staleMs?: number;
}

export class LockTimeoutError extends Error {
	constructor(readonly lockFile: string) {
		super(`another process holds ${lockFile}; if none is running, delete that file`);
		this.name = 'LockTimeoutError';
	}
}

/** Runs `work` while holding `${path}.lock` (created with O_EXCL); the lock is removed afterwards, whatever happens. */
export async function withFileLock<T>(path: string, work: () => Promise<T>, options: LockOptions = {}): Promise<T> {
	const lock = `${path}.lock`;
	await acquire(lock, options.timeoutMs ?? 10_000, options.staleMs ?? 30_000);
	try {
		return await work();
	} finally {
		await rm(lock, { force: true });
	}
}

async function acquire(lock: string, timeoutMs: number, staleMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (let wait = 2; ; wait = Math.min(wait * 2, 100)) {
		try {
			const handle = await open(lock, 'wx');
			await handle.writeFile(`${process.pid}\n`);
			await handle.close();
			return;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
		}
		if (await isStale(lock, staleMs)) {
			await rm(lock, { force: true });
			continue;
		}
		if (Date.now() >= deadline) throw new LockTimeoutError(lock);
		await new Promise((resolve) => setTimeout(resolve, wait));
	}
}

/** Left behind by a process that was killed (SIGKILL, a crash), or held far longer than any append takes. */
async function isStale(lock: string, staleMs: number): Promise<boolean> {
	try {
		const [text, info] = await Promise.all([readFile(lock, 'utf8'), stat(lock)]);
		if (Date.now() - info.mtimeMs > staleMs) return true;
		const pid = Number(text.trim());
		// An empty file is a lock being written right now.
		return Number.isInteger(pid) && pid > 0 && !processAlive(pid);
	} catch {
		// Removed meanwhile: try again at once.
		return false;
	}
}

function processAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}
