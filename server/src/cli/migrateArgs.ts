// The arguments of `prompt-lens migrate`.
import type { MigrateOptions } from './migrate';
import { splitOption } from './options';
import { parseMaxCost, parseRepeat } from './testArgs';

const FORMATS = new Set(['md', 'json', 'html']);

export function parseMigrateArgs(
	args: string[],
): { options: MigrateOptions; config?: string; allowKeyEnv: string[] } | string {
	const options: MigrateOptions = { paths: [], to: '', format: 'md', run: false, cache: true };
	const allowKeyEnv: string[] = [];
	let config: string | undefined;
	for (let i = 0; i < args.length; i++) {
		const [name, inline] = splitOption(args[i]);
		if (name === '--run') options.run = true;
		else if (name === '--no-cache') options.cache = false;
		else if (!name.startsWith('-') || name === '-') options.paths.push(args[i]);
		else {
			const value = inline ?? args[++i];
			if (value === undefined || value === '') return `${name} needs a value`;
			if (name === '--config') config = value;
			else if (name === '--allow-key-env') allowKeyEnv.push(value);
			else {
				const problem = apply(options, name, value);
				if (problem) return problem;
			}
		}
	}
	if (!options.to) return 'migrate needs --to provider/model';
	if (!options.run && (options.repeat !== undefined || options.maxCost !== undefined))
		return '--repeat and --max-cost apply to --run (without it nothing is sent)';
	return { options, config, allowKeyEnv };
}

/** undefined when applied, else the usage error. */
function apply(options: MigrateOptions, name: string, value: string): string | undefined {
	if (name === '--to') options.to = value;
	else if (name === '--from') options.from = value;
	else if (name === '--output') options.output = value;
	else if (name === '--format') {
		if (!FORMATS.has(value)) return `--format must be md, json or html, not "${value}"`;
		options.format = value as MigrateOptions['format'];
	} else if (name === '--repeat') {
		const repeat = parseRepeat(value);
		if (typeof repeat === 'string') return repeat;
		options.repeat = repeat;
	} else if (name === '--max-cost') {
		const maxCost = parseMaxCost(value);
		if (typeof maxCost === 'string') return maxCost;
		options.maxCost = maxCost;
	} else return `unknown option: ${name}`;
	return undefined;
}
