// The language server itself (dist/languageServer.js), over stdio or node IPC; dist/server.js (serverLoader.ts) runs it.
import { join } from 'node:path';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { routeRuntimeWarnings } from './host/runtimeWarnings';
import { startServer } from './server';

const connection = createConnection(ProposedFeatures.all);
// Anything printed to stdout would corrupt the --stdio stream; route console output to the client's log instead.
console.log = (...args: unknown[]) => connection.console.log(args.map(String).join(' '));
console.info = (...args: unknown[]) => connection.console.info(args.map(String).join(' '));
console.warn = (...args: unknown[]) => connection.console.warn(args.map(String).join(' '));
console.error = (...args: unknown[]) => connection.console.error(args.map(String).join(' '));
// The libraries' warnings about a prompt are not errors of the server.
routeRuntimeWarnings((message) => connection.console.info(message));
process.on('uncaughtException', (error) => connection.console.error(`uncaught: ${error.stack ?? error.message}`));
process.on('unhandledRejection', (reason) => connection.console.error(`unhandled rejection: ${String(reason)}`));
startServer(connection, { analysisWorker: join(__dirname, 'analysisWorker.js') });
