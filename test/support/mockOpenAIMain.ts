// Starts the mock OpenAI-compatible server as its own process (e2e suite, demos): prints its baseURL, runs until killed.
import { startMockOpenAI } from './mockOpenAI';

void startMockOpenAI().then((mock) => {
	process.stdout.write(`${mock.baseURL}\n`);
	const stop = () => void mock.close().then(() => process.exit(0));
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
});
