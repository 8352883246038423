// promptfooConfig: a prompt and its tests as a promptfooconfig.yaml. promptfoo templates are Nunjucks, not Handlebars, so
// the prompt is not handed over: each case carries the chat messages Dotprompt rendered for it, and the one prompt
// template only dumps them as the JSON chat array promptfoo's OpenAI provider sends as is.
import { stringify } from 'yaml';
import type { ChatRequest } from '../run/runTypes';
import type { ExportInput, ExportResult, ExportTarget } from './exportTypes';
import { promptfooAssertion, promptfooProvider } from './promptfooAssertions';

/** A name no test file uses for an input of its own (and one var only: promptfoo would try to load `file://` strings). */
export const MESSAGES_VAR = 'prompt_lens_messages';

/** Request fields promptfoo's OpenAI provider takes under the same names. */
const PASSED_PARAMETERS = [
	'temperature',
	'top_p',
	'max_tokens',
	'max_completion_tokens',
	'stop',
	'seed',
	'response_format',
	'tools',
] as const;

export function promptfooConfig(input: ExportInput): ExportResult {
	const unmapped: string[] = [];
	const caveats = new Set<string>();
	const tests = input.cases.map((c) => {
		const assert: Record<string, unknown>[] = [];
		for (const a of c.assert) {
			const mapped = promptfooAssertion(a, input);
			const label = `${a.negate ? 'not-' : ''}${a.type}`;
			if ('unmapped' in mapped) unmapped.push(`${c.name} › ${label}: ${mapped.unmapped}`);
			else assert.push(mapped.assertion);
			caveats.add(CAVEATS[a.type] ?? '');
		}
		const test: Record<string, unknown> = {
			description: c.name,
			vars: { [MESSAGES_VAR]: c.messages },
			options: { disableVarExpansion: true, ...(input.repeat > 1 ? { repeat: input.repeat } : {}) },
		};
		if (assert.length > 0) test.assert = assert;
		return test;
	});
	if (input.repeat > 1 && input.threshold < 1)
		unmapped.push(
			`threshold ${input.threshold}: promptfoo reports each of the ${input.repeat} repeats on its own ` +
				'and has no share of repeats that must pass',
		);
	const config = {
		description: `${input.promptFile} (tests: ${input.testFile})`,
		prompts: [{ raw: `{{ ${MESSAGES_VAR} | dump }}`, label: input.promptFile }],
		providers: input.targets.map(provider),
		tests,
	};
	const header = [
		`Exported by Prompt Lens from ${input.promptFile} and ${input.testFile}.`,
		'Each test carries the chat messages the Dotprompt runtime rendered for its vars (promptfoo templates are',
		'Nunjucks, not Handlebars); the prompt only sends them. Run: promptfoo eval -c <this file> --no-cache',
		...[...caveats].filter(Boolean),
		...(unmapped.length > 0
			? ['Not exported (promptfoo has no check with the same meaning):', ...unmapped.map((u) => `  - ${u}`)]
			: []),
	];
	const body = stringify(config, { lineWidth: 0, aliasDuplicateObjects: false });
	const text = `${header.map((line) => `# ${line}`.trimEnd()).join('\n')}\n${body}`;
	return { text, unmapped };
}

const CAVEATS: Record<string, string> = {
	'llm-rubric': 'llm-rubric: promptfoo grades with its own rubric prompt (not promptLens.judgePrompt) on the same judge model.',
	'max-cost': 'max-cost → cost: promptfoo prices the tokens with its own table (at our catalog price where we know one).',
	'matches-schema': 'matches-schema → is-json with the schema: promptfoo checks all of JSON Schema (ajv).',
};

function provider(target: ExportTarget): Record<string, unknown> {
	const entry = promptfooProvider(target, 'chat');
	const config: Record<string, unknown> = {
		...((entry.config as Record<string, unknown> | undefined) ?? {}),
		// Without it promptfoo adds temperature 0 and max_tokens 1024, which our request does not send.
		omitDefaults: true,
		...parameters(target.request),
	};
	const price = target.price;
	if (price && !price.tiers?.length) {
		config.inputCost = price.inputPerMTok / 1e6;
		config.outputCost = price.outputPerMTok / 1e6;
	}
	return { ...entry, config };
}

function parameters(request: ChatRequest): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const key of PASSED_PARAMETERS) if (request[key] !== undefined) out[key] = request[key];
	return out;
}
