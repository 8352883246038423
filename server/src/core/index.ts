// The core's public API: everything the server, the CLI, the client and tests may use.
export { analyzePrompt } from './analyze';
export { parsePrompt } from './parse';
export { renderPrompt, type RenderOptions, type RenderResult } from './render';
export { outlinePrompt, foldingSpans, flatten, type OutlineItem, type OutlineKind, type FoldingSpan } from './outline';
export { DEFAULT_SETTINGS, SETTING_SPECS, normalizeSettings, type Settings, type ClientSettings, type SettingSpec } from './settings';
export { LineIndex } from './lineIndex';
export type * from './types';
