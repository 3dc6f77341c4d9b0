import { exportLine, parseExportLine } from '../../../shared/cache/cache-export.js';
import type { NewCacheEntry } from '../../../shared/cache/cache-entry.js';
import { dot } from '../../../shared/embedding/vectors.js';
import { database, type StoredEntry } from '../settings/database.js';
import { CACHE_CHANGED_CHANNEL, IndexedDbCacheEntries } from './indexeddb-cache-entries.js';

/** Tells the cache engine its index is stale. */
export function announceCacheChange(): void {
  const channel = new BroadcastChannel(CACHE_CHANGED_CHANNEL);
  channel.postMessage('changed');
  channel.close();
}

/** Entries for Options' cache browser, most recently used first; `search` looks in prompts and answers. */
export async function listEntries(search = '', limit = 200): Promise<StoredEntry[]> {
  const needle = search.trim().toLowerCase();
  const rows = database().entries.orderBy('lastUsedAt').reverse();
  const matching = needle === '' ? rows : rows.filter((e) => `${e.prompt ?? ''} ${JSON.stringify(e.answer.parts)}`.toLowerCase().includes(needle));
  return matching.limit(limit).toArray();
}

export async function deleteEntry(id: number): Promise<void> {
  const db = database();
  await db.transaction('rw', db.entries, db.vectors, async () => {
    await db.entries.delete(id);
    await db.vectors.delete(id);
  });
  announceCacheChange();
}

/**
 * The user refused a reworded hit from this entry: from now on a rewording must be closer than
 * that one was to reuse it, and the same holds for its neighbours (entries asked in the same
 * context whose prompts are nearly the entry's): a question whose rewordings mislead once is
 * likely to mislead next door too. Exact repeats of their own prompts still hit.
 */
export async function tightenEntry(id: number, refusedCosine: number): Promise<{ minCosine: number; neighbours: number } | undefined> {
  const db = database();
  const minCosine = Math.min(1, refusedCosine + TIGHTEN_MARGIN);
  const updated = await db.transaction('rw', db.entries, db.vectors, async () => {
    const row = await db.entries.get(id);
    if (!row) return undefined;
    const tightened = async (entryId: number, current: number | undefined) => {
      const next = Math.max(current ?? 0, minCosine);
      await db.entries.update(entryId, { minCosine: next });
      return next;
    };
    const next = await tightened(id, row.minCosine);
    const own = await db.vectors.get(id);
    if (!own) return { minCosine: next, neighbours: 0 };
    const near = await db.vectors
      .filter((v) => v.id !== id && v.model === own.model && v.namespace === own.namespace && v.contextKey === own.contextKey && dot(v.vector, own.vector) >= NEIGHBOUR_COSINE)
      .toArray();
    for (const neighbour of near) {
      const entry = await db.entries.get(neighbour.id);
      if (entry) await tightened(neighbour.id, entry.minCosine);
    }
    return { minCosine: next, neighbours: near.length };
  });
  announceCacheChange();
  return updated;
}

/** How much closer than a refused rewording the next one must be. */
const TIGHTEN_MARGIN = 0.005;
/** Entries at least this close to a refused one learn the same lesson. */
const NEIGHBOUR_COSINE = 0.9;

export async function clearEntries(): Promise<void> {
  const db = database();
  await db.transaction('rw', db.entries, db.vectors, async () => {
    await db.entries.clear();
    await db.vectors.clear();
  });
  announceCacheChange();
}

export async function cacheSize(): Promise<{ entries: number; bytes: number }> {
  const entries = new IndexedDbCacheEntries();
  try {
    return await entries.size();
  } finally {
    entries.close();
  }
}

/** Every entry as JSON lines, the same format as `leo cache export`. */
export async function exportEntries(): Promise<string> {
  const entries = new IndexedDbCacheEntries();
  try {
    return (await entries.all()).map((entry) => `${exportLine(entry)}\n`).join('');
  } finally {
    entries.close();
  }
}

/** Imports an export (the browser's or `leo cache export`'s); every line is checked first, so a bad file changes nothing. */
export async function importEntries(text: string): Promise<number> {
  const parsed: NewCacheEntry[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      parsed.push(parseExportLine(line));
    } catch (err) {
      throw new Error(`Line ${i + 1}: ${(err as Error).message}. Nothing was imported.`);
    }
  });
  const db = database();
  const entries = new IndexedDbCacheEntries();
  try {
    await db.transaction('rw', db.entries, db.vectors, async () => {
      for (const entry of parsed) await entries.put(entry);
    });
  } finally {
    entries.close();
  }
  announceCacheChange();
  return parsed.length;
}
