// Providers' moving aliases (`gemini-flash-latest`) from the hand-kept overlay: alias → the model it serves today.
import type { MovingAlias } from './types';

interface OverlayAliases {
	aliases?: MovingAlias[];
}

// eslint-disable-next-line @typescript-eslint/no-require-imports -- as in catalog.ts: esbuild inlines it
const overlay = require('./overlay.json') as OverlayAliases;

/** Lowercased alias → its entries (one per provider that documents it). */
const BY_NAME: ReadonlyMap<string, readonly MovingAlias[]> = (() => {
	const map = new Map<string, MovingAlias[]>();
	for (const entry of overlay.aliases ?? []) {
		const frozen = Object.freeze({ ...entry });
		const key = entry.alias.toLowerCase();
		map.set(key, [...(map.get(key) ?? []), frozen]);
	}
	return map;
})();

/** The entry for `name` (lowercased, no prefix) owned by one of `providers` (any provider when undefined). */
export function movingAliasFor(name: string, providers?: readonly string[]): MovingAlias | undefined {
	return BY_NAME.get(name)?.find((a) => providers === undefined || providers.includes(a.provider));
}

/** Every documented alias (for tests and documentation). */
export function movingAliases(): MovingAlias[] {
	return [...BY_NAME.values()].flat();
}
