// A small least-recently-used map bounded by entry count and by the total length of its string keys.

export class LruCache<V> {
	private readonly map = new Map<string, V>();
	private keyChars = 0;

	constructor(private readonly maxEntries: number, private readonly maxKeyChars: number) {}

	get size(): number {
		return this.map.size;
	}

	get(key: string): V | undefined {
		const value = this.map.get(key);
		if (value === undefined) return undefined;
		// Re-insert so Map's insertion order doubles as recency order.
		this.map.delete(key);
		this.map.set(key, value);
		return value;
	}

	set(key: string, value: V): void {
		if (this.maxEntries <= 0 || key.length > this.maxKeyChars) return;
		if (this.map.delete(key)) this.keyChars -= key.length;
		this.map.set(ownCopy(key), value);
		this.keyChars += key.length;
		this.evict();
	}

	private evict(): void {
		for (const oldest of this.map.keys()) {
			if (this.map.size <= this.maxEntries && this.keyChars <= this.maxKeyChars) return;
			this.map.delete(oldest);
			this.keyChars -= oldest.length;
		}
	}
}

/**
 * A copy of a string that shares no memory with the string it was sliced from. V8 represents `text.slice()` as a
 * view of the whole text, so caching chunk strings as they are would keep every old version of a document alive.
 */
export function ownCopy(slice: string): string {
	return slice.length < 13 ? slice : (' ' + slice).slice(1);
}
