// The arguments of `prompt-lens test` (and the budget and repeat checks `migrate --run` shares).
import type { TestOptions } from './test';
import { splitOption } from './options';

export function parseTestArgs(
	args: string[],
): { options: TestOptions; config?: string; allowKeyEnv: string[] } | string {
	const options: TestOptions = { paths: [], models: [], reporter: 'text', cache: true, onlyFailed: false };
	const allowKeyEnv: string[] = [];
	let config: string | undefined;
	for (let i = 0; i < args.length; i++) {
		const [name, inline] = splitOption(args[i]);
		if (name === '--no-cache') options.cache = false;
		else if (name === '--only-failed') options.onlyFailed = true;
		else if (!name.startsWith('-') || name === '-') options.paths.push(args[i]);
		else {
			const value = inline ?? args[++i];
			if (value === undefined || value === '') return `${name} needs a value`;
			const problem = applyTestOption(options, name, value, allowKeyEnv);
			if (problem === 'config') config = value;
			else if (problem) return problem;
		}
	}
	return { options, config, allowKeyEnv };
}

/** undefined when applied, 'config' for --config, else the usage error. */
function applyTestOption(options: TestOptions, name: string, value: string, allowKeyEnv: string[]): string | undefined {
	if (name === '--model') options.models.push(value);
	else if (name === '--repeat') {
		const repeat = parseRepeat(value);
		if (typeof repeat === 'string') return repeat;
		options.repeat = repeat;
	} else if (name === '--reporter') {
		if (value !== 'text' && value !== 'json' && value !== 'junit')
			return `--reporter must be text, json or junit, not "${value}"`;
		options.reporter = value;
	} else if (name === '--output') options.output = value;
	else if (name === '--max-cost') {
		const maxCost = parseMaxCost(value);
		if (typeof maxCost === 'string') return maxCost;
		options.maxCost = maxCost;
	} else if (name === '--baseline') options.baseline = value;
	else if (name === '--allow-key-env') allowKeyEnv.push(value);
	else if (name === '--config') return 'config';
	else return `unknown option: --${name.replace(/^-+/, '')}`;
	return undefined;
}

/** --repeat: a whole number from 1 to 100, or the usage error. */
export function parseRepeat(value: string): number | string {
	if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 100)
		return `--repeat needs a whole number from 1 to 100, not "${value}"`;
	return Number(value);
}

/** --max-cost: an amount in USD, or the usage error. */
export function parseMaxCost(value: string): number | string {
	if (!/^\d+(\.\d+)?$/.test(value)) return `--max-cost needs an amount in USD such as 0.50, not "${value}"`;
	return Number(value);
}
