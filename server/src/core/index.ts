// The core's public API: everything the server, the CLI, the client and tests may use.
export { analyzePrompt } from './analyze';
export { ALL_RULES, lint, type RuleSetting } from './lint';
export type { LintRule } from './lint/rule';
export { parsePrompt } from './parse';
export { renderPrompt, type RenderOptions, type RenderResult } from './render';
export { outlinePrompt, foldingSpans, flatten, type OutlineItem, type OutlineKind, type FoldingSpan } from './outline';
export { DEFAULT_SETTINGS, SETTING_SPECS, normalizeSettings, type Settings, type ClientSettings, type SettingSpec } from './settings';
export { LineIndex } from './lineIndex';
export { estimatePrompt, compareTargets, type PromptEstimate, type ModelEstimate, type EstimateContext } from './estimate';
export { budgetDiagnostics } from './budget';
export { estimateCost, formatCost, formatTokens, formatWindow, formatPercent, formatRatio, formatPricePerMTok, type Cost, type Usage } from './pricing';
export { lensTitle, lensTooltip, modelHover, sectionHover, statusSummary, approx } from './estimateText';
export { sectionTokens, type SectionTokens } from './sectionTokens';
export { countChat, type ChatMessage, type ChatTokens } from './chatTokens';
export { loadCatalog, resolveModel, encodingForModelId } from './models/catalog';
export type * from './models/types';
export { createTokenizer, APPROXIMATION_NOTE, type Tokenizer, type TokenCount, type EncodingId } from './tokens/tokenizer';
export type * from './types';
