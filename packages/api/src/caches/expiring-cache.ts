import { LRUCache } from "lru-cache";

// Bounds memory whatever the number of keys or connections; the least recently used go first.
const MAX_ENTRIES = 5000;

/**
 * Values kept for `ttlMs` at most (0: nothing is kept), dropped at once by `forget`. A value read
 * from the database is stored only if nothing was forgotten since the read began (`mark`), so a
 * read racing an edit can never put the old row back after the edit dropped it.
 */
export class ExpiringCache<V extends object> {
  private readonly entries: LRUCache<string, V> | undefined;
  private forgotten = 0;

  constructor(readonly ttlMs: number) {
    this.entries = ttlMs > 0 ? new LRUCache<string, V>({ max: MAX_ENTRIES, ttl: ttlMs }) : undefined;
  }

  get(key: string): V | undefined {
    return this.entries?.get(key);
  }

  /** Taken before reading what will be stored. */
  mark(): number {
    return this.forgotten;
  }

  set(key: string, value: V, mark: number): void {
    if (mark === this.forgotten) this.entries?.set(key, value);
  }

  forget(key: string): void {
    this.forgotten++;
    this.entries?.delete(key);
  }

  clear(): void {
    this.forgotten++;
    this.entries?.clear();
  }
}
