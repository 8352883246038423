// Prompt tests, the pure part: test files, datasets, assertions and the pass rule for repeats.
export * from './testTypes';
export { parseTestFile, withDefaults, type ParsedTestFile } from './testFile';
export { parseDataset, type DatasetRows } from './dataset';
export { evaluateAssertion, HOST_ASSERTIONS } from './assertions';
export { casePasses } from './passRule';
export { cosineSimilarity, DEFAULT_JUDGE_PROMPT, judgeCallCost, parseVerdict, type Verdict } from './judge';
