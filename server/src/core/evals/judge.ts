// Model-graded assertions, the pure part: the built-in judge prompt of `llm-rubric` (users may replace it with their own
// .prompt file), reading the judge's verdict, and the cosine similarity of `similar`.
import { estimateCost } from '../pricing';
import type { RunPlan } from '../run/runTypes';

/** A Dotprompt file like any other: the judge's request is rendered, counted and priced the same way. */
export const DEFAULT_JUDGE_PROMPT = `---
config:
  temperature: 0
input:
  schema:
    output: string, the answer to grade
    rubric: string, what a good answer does
    vars?(object, the inputs the answer was written for): {}
output:
  format: json
---
{{role "system"}}
You grade an answer against a rubric. Be strict: the answer meets the rubric only as far as the text shows it.
Reply with JSON only: {"score": <a number from 0 to 1>, "reason": "<one or two sentences>"}.
{{role "user"}}
Rubric:
{{rubric}}

Answer:
{{output}}
`;

export interface Verdict {
	score: number;
	reason: string;
}

/** The judge's reply as a verdict; a reply that is not `{score, reason}` JSON is an error in words. */
export function parseVerdict(reply: string): Verdict | { error: string } {
	const text =
		/```(?:json)?\s*\n([\s\S]*?)\n\s*```/.exec(reply)?.[1] ??
		reply.slice(reply.indexOf('{'), reply.lastIndexOf('}') + 1);
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		return { error: `the judge did not answer JSON: ${JSON.stringify(reply.slice(0, 200))}` };
	}
	const { score, reason } = (value ?? {}) as { score?: unknown; reason?: unknown };
	if (typeof score !== 'number' || !Number.isFinite(score) || score < 0 || score > 1)
		return { error: `the judge's score is not a number from 0 to 1: ${JSON.stringify(score)}` };
	return { score, reason: typeof reason === 'string' ? reason : '' };
}

/** USD for one judge call on an answer of about `outputTokens` tokens, from the judge's plan rendered with no answer. */
export function judgeCallCost(plan: RunPlan, outputTokens: number): number | undefined {
	if (!plan.price || !plan.estimate) return undefined;
	const reply = plan.request.max_completion_tokens ?? plan.request.max_tokens ?? 100;
	return estimateCost({ inputTokens: plan.estimate.inputTokens + outputTokens, outputTokens: reply }, plan.price).total;
}

export function cosineSimilarity(a: readonly number[], b: readonly number[]): number {
	if (a.length === 0 || a.length !== b.length) return 0;
	let dot = 0;
	let na = 0;
	let nb = 0;
	for (let i = 0; i < a.length; i++) {
		dot += a[i] * b[i];
		na += a[i] * a[i];
		nb += b[i] * b[i];
	}
	return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}
