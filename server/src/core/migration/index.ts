// Migration reports: the shapes, the measure of runs, and the Markdown / HTML writers.
export * from './migrationTypes';
export { measureModel, percentile, type MeasuredCase, type MeasuredRun } from './measure';
export { migrationMarkdown } from './migrationMarkdown';
export { migrationHtml, type HtmlOptions } from './migrationHtml';
export { chartPoints, migrationChart, type ChartPoint } from './migrationChart';
