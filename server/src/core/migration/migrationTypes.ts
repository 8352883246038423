// The shape of a migration report ("is the other model worth it?"): per prompt, the two models side by side, and what
// a run on both measured. Built by the CLI and the extension alike, written as Markdown, JSON or HTML.

/** One model's numbers for one prompt, before anything runs: our token count and the catalog's price. */
export interface MigrationSide {
	model: string;
	inputTokens: number;
	/** false: an approximation (not an OpenAI tokenizer), shown with ≈. */
	exact: boolean;
	costPerCall?: number;
	costPer1k?: number;
	contextWindow?: number;
	windowUse?: number;
}

/** What runs of one prompt on one model measured. */
export interface MeasuredModel {
	model: string;
	/** Runs made (cases × repeats, less what the budget left out). */
	runs: number;
	/** Runs that ended with a complete answer. */
	answered: number;
	/** Runs the budget or a cancel left out. */
	skipped: number;
	/** Share of runs whose checks all passed; undefined when the cases have no checks. */
	passRate?: number;
	/** Mean llm-rubric score (0–1) over the runs that were judged. */
	judgeScore?: number;
	latencyP50?: number;
	latencyP95?: number;
	/** USD actually spent (the provider's usage × the price, judge calls included). */
	cost: number;
	/** Measured cost of one call (USD), mean over the answered runs. */
	costPerCall?: number;
}

/** The two answers to one case (the first run of each), for a word diff. */
export interface AnswerPair {
	case: string;
	from: string;
	to: string;
}

export interface MeasuredPair {
	/** Where the cases came from: the prompt's test file, or its input.default / promptLens.samples. */
	source: 'tests' | 'samples';
	cases: number;
	from: MeasuredModel;
	to: MeasuredModel;
	answers: AnswerPair[];
}

export interface MigrationRow {
	/** Path relative to the folder the report was made from. */
	prompt: string;
	from?: MigrationSide;
	to?: MigrationSide;
	/** to ÷ from, per call, from the estimate. */
	costRatio?: number;
	/** What changes for this prompt on the new model: capabilities, retirement, renamed or dropped parameters. */
	notes: string[];
	error?: string;
	measured?: MeasuredPair;
}

export interface MigrationTotals {
	prompts: number;
	fromPer1k?: number;
	toPer1k?: number;
	ratio?: number;
}

/** The run part of a report: what it was estimated to cost, what it spent, and whether the budget stopped it. */
export interface MigrationRunInfo {
	repeat: number;
	estimate: number;
	spent: number;
	maxCost?: number;
	/** Runs the budget left out (the report then says the numbers are partial). */
	skipped: number;
}

export interface MigrationReport {
	to: string;
	from?: string;
	prompts: MigrationRow[];
	totals: MigrationTotals;
	run?: MigrationRunInfo;
}

/** The rows' estimated cost per 1,000 calls of each prompt, summed where both models have a price. */
export function migrationTotals(rows: MigrationRow[]): MigrationTotals {
	const priced = rows.filter((r) => r.from?.costPer1k !== undefined && r.to?.costPer1k !== undefined);
	if (priced.length === 0) return { prompts: rows.length };
	const fromPer1k = priced.reduce((s, r) => s + (r.from?.costPer1k ?? 0), 0);
	const toPer1k = priced.reduce((s, r) => s + (r.to?.costPer1k ?? 0), 0);
	return { prompts: rows.length, fromPer1k, toPer1k, ratio: fromPer1k > 0 ? toPer1k / fromPer1k : undefined };
}
