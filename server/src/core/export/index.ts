// Exports of a prompt and its tests to other eval tools: promptfoo and GitHub Models (pure: rendered cases in, text out).
export * from './exportTypes';
export { promptfooConfig, MESSAGES_VAR } from './promptfooConfig';
export { githubModelsPrompt, type ExportProblem, type GithubModelsResult } from './githubModelsPrompt';
