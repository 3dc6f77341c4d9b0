import type { CanonicalAnswer } from '../protocols/canonical/answer.js';
import type { Transcript } from './transcript.js';

/** One cached answer and what it is found by. */
export interface CacheEntry {
  id: number;
  namespace: string;
  exactKey: string;
  contextKey: string;
  model: string;
  /** The last user turn, or null when the entry is only found by its exact key. */
  prompt: string | null;
  history: string;
  vector: Float32Array | null;
  /** Carries the usage the original call was billed for, which a hit saves. */
  answer: CanonicalAnswer;
  createdAt: number;
  lastUsedAt: number;
  expiresAt: number;
  hits: number;
  /** The site that made the call, and its conversation: what `leo cache export --format` writes (companion entries only). */
  site?: string;
  transcript?: Transcript;
  /**
   * How close a reworded prompt must be to reuse this entry, when the user refused a reworded
   * hit from it (refetched it): the cosine of that rewording, and a little more.
   */
  minCosine?: number;
}

export type NewCacheEntry = Omit<CacheEntry, 'id' | 'hits' | 'lastUsedAt'> & Partial<Pick<CacheEntry, 'hits' | 'lastUsedAt'>>;

export interface IndexedVector {
  id: number;
  namespace: string;
  contextKey: string;
  vector: Float32Array;
}

/** What other writers added to and removed from the entries, for an index that follows them one by one. */
export interface EntryChanges {
  added: IndexedVector[];
  removed: number[];
}

/**
 * Where cached answers live: SQLite in the companion, IndexedDB in the extension. Methods may
 * answer at once or by promise; the cache awaits both.
 */
export interface CacheEntries {
  /**
   * What other writers (the CLI, the Options page, another companion on the team's database)
   * changed since the last call: true (reload everything), the changes one by one, or false.
   * Our own writes do not count.
   */
  changedElsewhere(): boolean | EntryChanges | Promise<boolean | EntryChanges>;
  findExact(namespace: string, exactKey: string, now: number): CacheEntry | undefined | Promise<CacheEntry | undefined>;
  get(id: number): CacheEntry | undefined | Promise<CacheEntry | undefined>;
  /** Stores an entry, replacing one with the same namespace and exact key; returns its id. */
  put(entry: NewCacheEntry): number | Promise<number>;
  touch(id: number, now: number): void | Promise<void>;
  /** Every live entry's vector, for rebuilding the in-memory index (a large store hands them over page by page). */
  vectors(now: number): Iterable<IndexedVector> | AsyncIterable<IndexedVector> | Promise<Iterable<IndexedVector>>;
  /** Drops expired entries, then the least recently used until the cache fits `maxBytes`; returns the ids dropped. */
  prune(now: number, maxBytes: number): number[] | Promise<number[]>;
  /** How many entries, and how many bytes they count against the size cap. */
  size(): { entries: number; bytes: number } | Promise<{ entries: number; bytes: number }>;
  close(): void;
}

/** What an entry counts against the cache's size cap: its answer, texts and vectors. */
export function entryBytes(entry: Pick<NewCacheEntry, 'answer' | 'prompt' | 'history' | 'vector'>): number {
  return JSON.stringify(entry.answer).length + (entry.prompt?.length ?? 0) + entry.history.length + (entry.vector?.byteLength ?? 0);
}
