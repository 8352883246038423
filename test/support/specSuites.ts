// The Dotprompt conformance suite (test/fixtures/dotprompt-spec) as the tests read it: its files and their suites.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { FIXTURES } from './paths';

export const SPEC_DIR = join(FIXTURES, 'dotprompt-spec');

export interface SpecCase {
	desc?: string;
	data?: Record<string, unknown>;
	options?: Record<string, unknown>;
	expect: Record<string, unknown>;
}

export interface SpecSuite {
	name: string;
	template: string;
	data?: Record<string, unknown>;
	schemas?: Record<string, unknown>;
	tools?: Record<string, unknown>;
	partials?: Record<string, string>;
	resolverPartials?: Record<string, string>;
	tests: SpecCase[];
}

/** Every file below `dir` whose name ends with `ext`, sub-folders included. */
export function filesBelow(dir: string, ext: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return filesBelow(path, ext);
		return name.endsWith(ext) ? [path] : [];
	});
}

export const specFiles = (): string[] => filesBelow(SPEC_DIR, '.yaml');

export const suitesOf = (file: string): SpecSuite[] => parse(readFileSync(file, 'utf8')) as SpecSuite[];
