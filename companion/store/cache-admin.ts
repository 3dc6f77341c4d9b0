import type { CacheEntries, CacheEntry, NewCacheEntry } from '../../shared/cache/cache-entry.js';

export interface NamespaceStats {
  namespace: string;
  entries: number;
  bytes: number;
  hits: number;
  oldest: number;
  newest: number;
}

type Maybe<T> = T | Promise<T>;

/** The companion's cache entries with what `leo cache` and the dashboard need beyond lookups: SQLite in the home, or the team's PostgreSQL. */
export interface CacheAdmin extends CacheEntries {
  stats(): Maybe<NamespaceStats[]>;
  /** Entries, most recently used first, optionally of one namespace or whose prompt contains `search`. */
  list(options?: { namespace?: string; search?: string; limit?: number }): Maybe<CacheEntry[]>;
  delete(id: number): Maybe<boolean>;
  /** Deletes every entry, or one namespace's; returns how many. */
  clear(namespace?: string): Maybe<number>;
  /** Stores many entries at once: all of them or, on any error, none. */
  putAll(entries: NewCacheEntry[]): Maybe<void>;
}
