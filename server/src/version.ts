// The package version, injected by esbuild (`__SERVER_VERSION__`); `0.0.0-dev` when running unbundled sources.
declare const __SERVER_VERSION__: string | undefined;

export const VERSION = typeof __SERVER_VERSION__ === 'string' ? __SERVER_VERSION__ : '0.0.0-dev';
