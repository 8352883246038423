// A minimal LSP client for tests: talks to an in-process server (a pair of streams) or a spawned one, and waits for diagnostics.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import {
	createProtocolConnection,
	DidChangeTextDocumentNotification,
	DidOpenTextDocumentNotification,
	ExitNotification,
	InitializedNotification,
	InitializeRequest,
	PublishDiagnosticsNotification,
	ShutdownRequest,
	StreamMessageReader,
	StreamMessageWriter,
	type ClientCapabilities,
	type InitializeResult,
	type ProtocolConnection,
	type PublishDiagnosticsParams,
	type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';
import { createConnection } from 'vscode-languageserver/node';
import { startServer } from '../../server/src/server';
import { DIST } from './paths';

export class TestClient {
	private readonly published = new Map<string, PublishDiagnosticsParams[]>();
	private readonly waiters: (() => void)[] = [];
	readonly logs: string[] = [];
	/** The MessageType (1 error … 4 log) of each entry in `logs`. */
	readonly logTypes: number[] = [];
	private versions = new Map<string, number>();

	/** `inProcess`: the server shares this process, so it must never receive `exit` (it would end the tests). */
	constructor(readonly connection: ProtocolConnection, private readonly inProcess = false) {
		connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
			this.published.set(params.uri, [...(this.published.get(params.uri) ?? []), params]);
			this.waiters.splice(0).forEach((wake) => wake());
		});
		connection.onNotification('window/logMessage', (params: { type: number; message: string }) => {
			this.logs.push(params.message);
			this.logTypes.push(params.type);
		});
		connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => this.configuration));
		connection.onRequest('client/registerCapability', () => null);
		connection.listen();
	}

	/** What `workspace/configuration` answers for the `promptLens` section. */
	configuration: unknown = {};

	/** `rootUri`: the workspace folder (none by default). */
	async initialize(capabilities: ClientCapabilities = { workspace: { configuration: true } }, initializationOptions?: unknown, rootUri: string | null = null): Promise<InitializeResult> {
		const result = await this.connection.sendRequest(InitializeRequest.type, { processId: this.inProcess ? null : process.pid, rootUri, capabilities, initializationOptions });
		await this.connection.sendNotification(InitializedNotification.type, {});
		return result;
	}

	async open(uri: string, text: string): Promise<void> {
		this.versions.set(uri, 1);
		await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'dotprompt', version: 1, text } });
	}

	async change(uri: string, changes: TextDocumentContentChangeEvent[]): Promise<void> {
		const version = (this.versions.get(uri) ?? 1) + 1;
		this.versions.set(uri, version);
		await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: changes });
	}

	/** Resolves with the first diagnostics published for `uri` (after `skip` earlier ones) that satisfy `accept`. */
	async diagnostics(uri: string, accept: (p: PublishDiagnosticsParams) => boolean = () => true, timeoutMs = 5000, skip = 0): Promise<PublishDiagnosticsParams> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const found = (this.published.get(uri) ?? []).slice(skip).find(accept);
			if (found) return found;
			if (Date.now() > deadline) throw new Error(`no matching diagnostics for ${uri}; got ${JSON.stringify(this.published.get(uri) ?? [])}`);
			await new Promise<void>((resolve) => {
				this.waiters.push(resolve);
				setTimeout(resolve, 100);
			});
		}
	}

	/** How many times diagnostics were published for `uri` so far (to wait only for later ones). */
	publishedCount(uri: string): number {
		return this.published.get(uri)?.length ?? 0;
	}

	async shutdown(): Promise<void> {
		await this.connection.sendRequest(ShutdownRequest.type);
		if (!this.inProcess) await this.connection.sendNotification(ExitNotification.type);
		this.connection.dispose();
	}
}

/** Starts the real server code in this process, connected to a test client by two in-memory pipes. */
export function inProcessServer(): TestClient {
	const toServer = new PassThrough();
	const toClient = new PassThrough();
	const serverConnection = createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
	startServer(serverConnection);
	return new TestClient(createProtocolConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer)), true);
}

/** `node [nodeArgs] dist/server.js --stdio` with a bare connection that answers configuration and registration requests. */
export interface SpawnedServer {
	connection: ProtocolConnection;
	pid: number;
	/** `exit CODE SIGNAL` once the process has ended; undefined while it runs. */
	exit(): string | undefined;
	stderr(): string;
	/** initialize (with workspace/configuration) and initialized. */
	initialize(): Promise<void>;
	dispose(): void;
}

export function spawnServer(nodeArgs: string[] = []): SpawnedServer {
	const child = spawn(process.execPath, [...nodeArgs, join(DIST, 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
	let exit: string | undefined;
	let stderr = '';
	child.on('exit', (code, signal) => (exit = `exit ${code} ${signal}`));
	child.stderr.on('data', (chunk) => (stderr += String(chunk)));
	const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
	connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => ({})));
	connection.onRequest('client/registerCapability', () => null);
	connection.onRequest('workspace/codeLens/refresh', () => null);
	connection.listen();
	return {
		connection,
		pid: child.pid!,
		exit: () => exit,
		stderr: () => stderr,
		initialize: async () => {
			const capabilities = { workspace: { configuration: true } };
			await connection.sendRequest('initialize', { processId: null, rootUri: null, capabilities });
			await connection.sendNotification('initialized', {});
		},
		dispose: () => {
			connection.dispose();
			child.kill();
		},
	};
}
