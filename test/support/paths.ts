// Locations the tests use, resolved from the compiled file (out/test/<tier>/x.js) back to the repository.
import { resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '..', '..', '..');
export const FIXTURES = resolve(REPO_ROOT, 'test', 'fixtures');
export const DIST = resolve(REPO_ROOT, 'dist');
