// The diagnostic codes that are not lint rules, each with its usual severity and one line on what it means (lint rules describe themselves in ALL_RULES).
import type { Severity } from './types';

export interface DiagnosticCodeInfo {
	id: string;
	description: string;
	/** The severity the code is reported with; `yaml-syntax` is an error except for an alias-expansion warning. */
	defaultSeverity: Severity;
}

export const DIAGNOSTIC_CODES: readonly DiagnosticCodeInfo[] = [
	{ id: 'yaml-syntax', defaultSeverity: 'error', description: 'The frontmatter is not valid YAML, or expands too many aliases.' },
	{ id: 'frontmatter-unclosed', defaultSeverity: 'error', description: 'A `---` opens a frontmatter that is never closed: the runtime would send the YAML as prompt text.' },
	{ id: 'frontmatter-not-at-start', defaultSeverity: 'warning', description: 'Lines before the opening `---`: the JavaScript runtime reads no frontmatter and sends it all as prompt text.' },
	{ id: 'frontmatter-shape', defaultSeverity: 'error', description: 'The frontmatter is not a mapping, or a well-known key has the wrong type.' },
	{ id: 'template-syntax', defaultSeverity: 'error', description: 'The Handlebars template does not compile, or has a stray `}}`.' },
	{ id: 'template-too-deep', defaultSeverity: 'info', description: 'Blocks are nested more than 100 deep: the file is not analyzed.' },
	{ id: 'foreign-dialect', defaultSeverity: 'info', description: 'Another tool\'s `.prompt` format (not Dotprompt): the file is not analyzed.' },
	{ id: 'file-too-large', defaultSeverity: 'info', description: 'The file is larger than `maxFileSize`: it is not analyzed.' },
	{ id: 'binary-file', defaultSeverity: 'info', description: 'The file looks binary: it is not analyzed.' },
	{ id: 'unknown-model', defaultSeverity: 'warning', description: 'The model, or a comparison target, is not in the model catalog: no price or context window is known.' },
	{ id: 'context-overflow', defaultSeverity: 'error', description: 'The rendered input plus the maximum output exceed the model\'s context window.' },
	{ id: 'context-near-limit', defaultSeverity: 'warning', description: 'The rendered input plus the maximum output use more than `contextWarningThreshold` of the context window.' },
	{ id: 'max-output-exceeds-model', defaultSeverity: 'warning', description: '`config.maxOutputTokens` is more than the model can produce.' },
	{ id: 'too-many-problems', defaultSeverity: 'info', description: 'More than 1,000 problems in one file: the rest are counted, not shown.' },
	{ id: 'render-skipped', defaultSeverity: 'info', description: 'The template has more tags than Prompt Lens renders on each edit: counts and the checks that need a render are skipped.' },
	{ id: 'render-failed', defaultSeverity: 'warning', description: 'The Dotprompt runtime cannot render the prompt (a missing partial, a bad schema…), so nothing can be counted.' },
	{ id: 'internal-error', defaultSeverity: 'warning', description: 'A bug in Prompt Lens; the file\'s contents help fix it.' },
];
