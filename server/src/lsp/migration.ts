// The MigrationRequest handler: the free part of a migration report for prompt files on disk, with the settings and
// the workspace folder of the first one (VS Code's "Compare Models Across Workspace" and "Check the replacement…").
import { fileURLToPath } from 'node:url';
import { dirname, sep } from 'node:path';
import type { MigrationRow } from '../core';
import { migrationRows } from '../host/migration';
import type { MigrationParams } from '../protocol';
import type { Analyses } from './analyses';

export async function migrationFor(
	analyses: Analyses,
	params: MigrationParams,
): Promise<{ rows: MigrationRow[] } | { error: string }> {
	const paths = params.uris.flatMap((uri) => {
		try {
			return uri.startsWith('file:') ? [fileURLToPath(uri)] : [];
		} catch {
			return [];
		}
	});
	if (paths.length === 0) return { error: 'no prompt files on disk to report on' };
	if (!params.to) return { error: 'no model to move to' };
	const settings = await analyses.settingsFor(params.uris[0]);
	const root = analyses.roots.find((r) => paths[0].startsWith(r.endsWith(sep) ? r : r + sep)) ?? dirname(paths[0]);
	const rows = await migrationRows(paths, { to: params.to, from: params.from }, { settings, cwd: root, root });
	return { rows };
}
