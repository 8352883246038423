// When a case passes: a run passes when every assertion does; a case repeated N times passes when at least `threshold`
// of its runs pass (a flaky prompt shows up as a pass rate, not as a coin toss).

export function casePasses(runsPassed: number, runs: number, threshold: number): boolean {
	if (runs === 0) return false;
	// A small tolerance: 2 of 3 runs is 0.666…, which a threshold written as 0.67 means.
	return runsPassed / runs + 0.005 >= threshold;
}
