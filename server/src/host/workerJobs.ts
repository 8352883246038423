// The analysis worker's side of jobs: each begins as it arrives (its diagnostics go out at once); renders run one at a
// time, and one whose document has a newer job by then is dropped.
import type { AnalysisJob, AnalysisState, BegunJob, SentJob, WorkerReply } from './analysisJob';

export class WorkerJobs {
	/** The id of each document's newest job: an older one still waiting to render is stale. */
	private readonly newest = new Map<string, number>();
	private rendering: Promise<void> = Promise.resolve();
	/** The text pieces of each document's last job, which the next one may patch. */
	private readonly pieces = new Map<string, string[]>();

	constructor(private readonly state: AnalysisState, private readonly reply: (message: WorkerReply) => void) {}

	analyze(id: number, sent: SentJob): void {
		this.newest.set(sent.uri, id);
		let begun: BegunJob;
		let job: AnalysisJob;
		try {
			job = { ...sent, text: this.textOf(sent.uri, sent.text) };
			begun = this.state.begin(job, (immediate) => this.reply({ kind: 'begun', id, immediate }));
		} catch (error) {
			this.reply({ kind: 'failed', id, message: messageOf(error) });
			return;
		}
		const stale = () => this.newest.get(job.uri) !== id;
		const finish = async () => {
			try {
				const outcome = stale() ? undefined : await begun.finish(stale);
				this.reply(outcome ? { kind: 'done', id, outcome } : { kind: 'superseded', id });
			} catch (error) {
				this.reply({ kind: 'failed', id, message: messageOf(error) });
			}
		};
		// A job waiting for typing to pause waits outside the queue: other documents render meanwhile.
		const ready = new Promise((resolve) => setTimeout(resolve, begun.pauseMs));
		void ready.then(() => (this.rendering = this.rendering.then(finish)));
	}

	/** The document closed: its kept parse goes, and a job of it still waiting to render is dropped. */
	forget(uri: string): void {
		this.newest.delete(uri);
		this.pieces.delete(uri);
		this.state.forget(uri);
	}

	private textOf(uri: string, text: SentJob['text']): AnalysisJob['text'] {
		if (typeof text === 'string' || Array.isArray(text)) {
			this.pieces.set(uri, typeof text === 'string' ? [text] : text);
			return text;
		}
		const last = this.pieces.get(uri);
		if (!last || text.head + text.tail > last.length) throw new Error(`no earlier text of ${uri} to patch`);
		const pieces = [...last.slice(0, text.head), ...text.middle, ...last.slice(last.length - text.tail)];
		this.pieces.set(uri, pieces);
		return pieces;
	}
}

function messageOf(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}
