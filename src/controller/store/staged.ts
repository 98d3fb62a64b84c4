import { isDeepStrictEqual } from 'node:util';
import type { StoreReader, StoreRecords, StoreUpdate } from './store';

const DELETED = Symbol('deleted');

/**
 * Writes held over a store that is only read: what the pure pass works on. Reads see the writes made so far;
 * `updates()` lists them, in the order made, for the controller to apply to its real store afterwards.
 */
export class StagedStore implements StoreRecords {
  readonly #base: StoreReader;
  readonly #staged = new Map<string, unknown>();

  constructor(base: StoreReader) {
    this.#base = base;
  }

  get<T>(key: string): T | undefined {
    if (!this.#staged.has(key)) return this.#base.get<T>(key);
    const value = this.#staged.get(key);
    return value === DELETED ? undefined : (value as T);
  }

  list<T>(prefix: string): Array<[string, T]> {
    const merged = new Map<string, T>(this.#base.list<T>(prefix));
    for (const [key, value] of this.#staged) {
      if (!key.startsWith(prefix)) continue;
      if (value === DELETED) merged.delete(key);
      else merged.set(key, value as T);
    }
    return [...merged].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  }

  put(key: string, value: unknown): void {
    // A value equal to the one held is no write: a steady pass leaves the store as it was (and the file unwritten).
    if (isDeepStrictEqual(this.get(key), value)) return;
    // Not copied: what a pass puts it no longer changes (the file store copies what it keeps).
    this.#staged.delete(key);
    this.#staged.set(key, value);
  }

  delete(key: string): void {
    if (this.#staged.get(key) === DELETED) return;
    if (!this.#staged.has(key) && this.#base.get(key) === undefined) return;
    this.#staged.delete(key);
    this.#staged.set(key, DELETED);
  }

  updates(): StoreUpdate[] {
    return [...this.#staged].map(([key, value]) => (value === DELETED ? { key, deleted: true as const } : { key, value }));
  }
}

/** Writes a pass's updates to the store (staged there until its commit()). */
export function applyStoreUpdates(store: StoreRecords, updates: readonly StoreUpdate[]): void {
  for (const u of updates) {
    if ('deleted' in u) store.delete(u.key);
    else store.put(u.key, u.value);
  }
}
