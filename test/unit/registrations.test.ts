// The workspace's helper scan: a settings change rescans, and the log repeats the summary only when it changed.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Connection } from 'vscode-languageserver';
import { Analyses } from '../../server/src/lsp/analyses';
import { WorkspaceRegistrations } from '../../server/src/lsp/registrations';
import { SettingsCache } from '../../server/src/lsp/settings';

test('rescans log the summary once while it stays the same, and again when it changes', async () => {
	const dir = mkdtempSync(join(tmpdir(), 'prompt-lens-rescan-'));
	writeFileSync(join(dir, 'app.ts'), "ai.defineHelper('shout', f);\n");
	const logged: string[] = [];
	const connection = { console: { info: (m: string) => logged.push(m), warn: (m: string) => logged.push(m) } } as unknown as Connection;
	const analyses = new Analyses(new SettingsCache(connection));
	analyses.roots = [dir];
	const registrations = new WorkspaceRegistrations(connection, analyses, () => undefined);
	await registrations.rescan();
	await registrations.rescan();
	await registrations.rescan();
	assert.deepEqual(logged, ['Prompt Lens: Scanned 1 source files, found 1 helper and 0 partials registered in code.']);
	writeFileSync(join(dir, 'more.ts'), "ai.defineHelper('whisper', f);\n");
	await registrations.rescan();
	assert.equal(logged.length, 2);
	assert.match(logged[1], /Scanned 2 source files, found 2 helpers/);
});
