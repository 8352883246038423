// A handler that throws is logged to the client and answered with its empty result, so one document cannot kill the server.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Connection } from 'vscode-languageserver';
import { guard } from '../../server/src/lsp/guard';

test('guard logs the failure and returns the empty value', async () => {
	const logged: string[] = [];
	const connection = { console: { error: (message: string) => logged.push(message) } } as unknown as Connection;
	const handler = guard(connection, 'documentSymbol', [] as string[], () => {
		throw new Error('boom');
	});
	assert.deepEqual(await handler(), []);
	assert.equal(logged.length, 1);
	assert.match(logged[0], /^documentSymbol failed: Error: boom/);
});

test('guard passes results through', async () => {
	const connection = { console: { error: () => assert.fail('nothing to log') } } as unknown as Connection;
	assert.deepEqual(await guard(connection, 'x', [] as number[], async () => [1, 2])(), [1, 2]);
});
