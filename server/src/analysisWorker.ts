// Worker-thread entry (dist/analysisWorker.js): renders, counts and runs the deferred lint for the language server.
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { AnalysisState, type WorkerReply, type WorkerRequest } from './host/analysisJob';
import { routeRuntimeWarnings } from './host/runtimeWarnings';
import { WorkerJobs } from './host/workerJobs';

const port = parentPort;
if (port) {
	// Keystrokes first: on Linux a thread's nice value is its own, so this thread yields the CPU to the one answering
	// the editor (elsewhere it would lower the whole server, so it is left alone).
	if (process.platform === 'linux') {
		try {
			setPriority(10);
		} catch {
			// Not allowed here (a container's seccomp policy): run at the server's priority.
		}
	}
	const state = new AnalysisState();
	const reply = (message: WorkerReply): void => port.postMessage(message);
	const jobs = new WorkerJobs(state, reply);
	// The runtime's warnings about a prompt are notes, not failures; the server reads this thread's stdout into its log.
	routeRuntimeWarnings((message) => console.info(message));
	port.on('message', (request: WorkerRequest) => {
		if (request.kind === 'partialChanged') return state.partialFiles.invalidate(request.path, request.moved);
		if (request.kind === 'forget') return jobs.forget(request.uri);
		if (request.kind === 'structure') {
			return reply({ kind: 'structure', id: request.id, structure: state.structure(request.uri, request.version) });
		}
		if (request.kind === 'query') {
			const { id, uri, query } = request;
			return void state.query(request).then(
				(answer) => reply({ kind: 'answer', id, answer }),
				(error: unknown) => {
					const why = error instanceof Error ? error.message : String(error);
					console.info(`Prompt Lens could not answer ${query.kind} on ${uri}: ${why}`);
					reply({ kind: 'answer', id });
				},
			);
		}
		jobs.analyze(request.id, request.job);
	});
	reply({ kind: 'ready' });
}
