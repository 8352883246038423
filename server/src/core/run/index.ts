// The run engine's public surface: providers, request mapping, run plans, the streaming engine and request hashes.
export * from './runTypes';
export { PRESET_PROVIDERS, providersFromSettings, resolveProvider, type ProviderResolution } from './providers';
export { toChatRequest } from './chatRequest';
export { buildRunPlan, type RunPlanContext } from './runPlan';
export { costOf, providerClient, runChat, type RunOptions } from './engine';
export { canonicalJson, requestHash } from './requestHash';
export { redactSecrets } from './runErrors';
export { builtInKeyEnvs, envKeyFor, GENERIC_KEY_ENV, homeKeyEnvFor, isKeyHome, keyHomeOf, originOf, sameOrigin, userAllows, type AllowedKeyEnv, type EnvKeyDecision } from './keyPolicy';
