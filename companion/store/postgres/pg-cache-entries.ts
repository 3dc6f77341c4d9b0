import type pg from 'pg';
import { entryBytes, type CacheEntry, type EntryChanges, type IndexedVector, type NewCacheEntry } from '../../../shared/cache/cache-entry.js';
import type { CacheAdmin, NamespaceStats } from '../cache-admin.js';
import { entryFromRow, vectorBytes, vectorOf, type EntryRow } from '../entry-rows.js';
import type { TeamDatabase } from './team-database.js';

const CHANNEL = 'leo_entries';
/** How often one companion prunes the shared cache, and the lock that keeps two from pruning at once. */
const PRUNE_EVERY_MS = 5000;
const PRUNE_LOCK = 7_364_102;
/** Vectors read per query when the index is rebuilt. */
const VECTOR_PAGE = 10_000;
/** Past this many ids a notification says "reload" instead (a NOTIFY payload holds under 8,000 bytes). */
const MAX_IDS_PER_NOTICE = 400;

type Notice = { added: number[] } | { removed: number[] } | { reload: true };

/**
 * The team's cache entries in PostgreSQL. Every companion on the database reads them at once
 * (exact hits need nothing more); each keeps its own vector index in memory and follows the
 * others' inserts and deletes through notifications, which `changedElsewhere` hands over.
 */
export class PgCacheEntries implements CacheAdmin {
  private added = new Set<number>();
  private removed = new Set<number>();
  private reload = false;
  private prunedAt = 0;

  constructor(private readonly db: TeamDatabase) {
    db.onChange(CHANNEL, (payload, fromThisCompanion) => {
      if (fromThisCompanion) return;
      let notice: Notice;
      try {
        notice = JSON.parse(payload) as Notice;
      } catch {
        notice = { reload: true };
      }
      if ('added' in notice && Array.isArray(notice.added)) notice.added.forEach((id) => (this.removed.delete(id), this.added.add(id)));
      else if ('removed' in notice && Array.isArray(notice.removed)) notice.removed.forEach((id) => (this.added.delete(id), this.removed.add(id)));
      else this.reload = true;
    });
    // Whatever happened while the listener was away is unknown: read the index again.
    db.onGap(() => (this.reload = true));
  }

  async changedElsewhere(): Promise<boolean | EntryChanges> {
    if (this.reload) {
      this.reload = false;
      this.added.clear();
      this.removed.clear();
      return true;
    }
    if (this.added.size === 0 && this.removed.size === 0) return false;
    const addedIds = [...this.added];
    const removed = [...this.removed];
    this.added.clear();
    this.removed.clear();
    const added = addedIds.length === 0 ? [] : await this.vectorsOf(addedIds);
    return { added, removed };
  }

  async findExact(namespace: string, exactKey: string, now: number): Promise<CacheEntry | undefined> {
    const { rows } = await this.db.query<EntryRow>('SELECT * FROM entries WHERE namespace = $1 AND exact_key = $2 AND expires_at > $3', [namespace, exactKey, now]);
    return rows[0] && entryFromRow(rows[0]);
  }

  async get(id: number): Promise<CacheEntry | undefined> {
    const { rows } = await this.db.query<EntryRow>('SELECT * FROM entries WHERE id = $1', [id]);
    return rows[0] && entryFromRow(rows[0]);
  }

  async put(entry: NewCacheEntry): Promise<number> {
    const id = await this.upsert(entry, this.db.pool);
    if (entry.vector) await this.announce({ added: [id] });
    return id;
  }

  async touch(id: number, now: number): Promise<void> {
    await this.db.query('UPDATE entries SET last_used_at = GREATEST(last_used_at, $1), hits = hits + 1 WHERE id = $2', [now, id]);
  }

  /** Page by page in id order, so a million vectors never sit in one query result beside the index they fill. */
  async *vectors(now: number): AsyncGenerator<IndexedVector> {
    for (let after = 0; ; ) {
      const { rows } = await this.db.query<Pick<EntryRow, 'id' | 'namespace' | 'context_key' | 'vector'>>(
        'SELECT id, namespace, context_key, vector FROM entries WHERE id > $1 AND vector IS NOT NULL AND expires_at > $2 ORDER BY id LIMIT $3',
        [after, now, VECTOR_PAGE],
      );
      for (const r of rows) yield { id: r.id, namespace: r.namespace, contextKey: r.context_key, vector: vectorOf(r.vector)! };
      if (rows.length < VECTOR_PAGE) return;
      after = rows.at(-1)!.id;
    }
  }

  /**
   * Drops expired entries, then the least recently used until the cache fits. It reads the
   * whole table, so each companion does it at most every few seconds, and only one companion
   * at a time (the others skip); between two prunes the cache may pass its cap a little.
   */
  async prune(now: number, maxBytes: number): Promise<number[]> {
    if (now - this.prunedAt < PRUNE_EVERY_MS) return [];
    this.prunedAt = now;
    const dropped = await this.db.transaction(async (client) => {
      const { rows: [lock] } = await client.query<{ taken: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS taken', [PRUNE_LOCK]);
      if (!lock?.taken) return [];
      const expired = (await client.query<{ id: number }>('DELETE FROM entries WHERE expires_at <= $1 RETURNING id', [now])).rows.map((r) => r.id);
      const { rows } = await client.query<{ id: number }>(
        `DELETE FROM entries WHERE id IN (
           SELECT id FROM (
             SELECT id, SUM(bytes) OVER (ORDER BY last_used_at DESC, id DESC) AS kept FROM entries
           ) ranked WHERE kept > $1
         ) RETURNING id`,
        [maxBytes],
      );
      return [...expired, ...rows.map((r) => r.id)];
    });
    if (dropped.length > 0) await this.announce({ removed: dropped });
    return dropped;
  }

  async size(): Promise<{ entries: number; bytes: number }> {
    const { rows } = await this.db.query<{ entries: number; bytes: number }>('SELECT COUNT(*) AS entries, COALESCE(SUM(bytes), 0) AS bytes FROM entries');
    return rows[0]!;
  }

  async stats(): Promise<NamespaceStats[]> {
    const { rows } = await this.db.query<NamespaceStats>(
      `SELECT namespace, COUNT(*) AS entries, SUM(bytes) AS bytes, SUM(hits) AS hits, MIN(created_at) AS oldest, MAX(created_at) AS newest
       FROM entries GROUP BY namespace ORDER BY entries DESC`,
    );
    return rows;
  }

  async list(options: { namespace?: string; search?: string; limit?: number } = {}): Promise<CacheEntry[]> {
    const { rows } = await this.db.query<EntryRow>(
      `SELECT * FROM entries
       WHERE ($1::text IS NULL OR namespace = $1) AND ($2::text IS NULL OR strpos(lower(COALESCE(prompt, '') || ' ' || answer), lower($2)) > 0)
       ORDER BY last_used_at DESC, id DESC LIMIT $3`,
      [options.namespace ?? null, options.search ?? null, options.limit ?? null],
    );
    return rows.map(entryFromRow);
  }

  async delete(id: number): Promise<boolean> {
    const { rowCount } = await this.db.query('DELETE FROM entries WHERE id = $1', [id]);
    if (rowCount) await this.announce({ removed: [id] });
    return (rowCount ?? 0) > 0;
  }

  async clear(namespace?: string): Promise<number> {
    const { rowCount } = namespace === undefined ? await this.db.query('DELETE FROM entries') : await this.db.query('DELETE FROM entries WHERE namespace = $1', [namespace]);
    await this.announce({ reload: true });
    return rowCount ?? 0;
  }

  /** All of them or, on any error, none. */
  async putAll(entries: NewCacheEntry[]): Promise<void> {
    await this.db.transaction(async (client) => {
      for (const entry of entries) await this.upsert(entry, client);
    });
    await this.announce({ reload: true });
  }

  close(): void {
    // The database is closed by whoever opened it: the ledger and members share it.
  }

  private async upsert(entry: NewCacheEntry, client: pg.Pool | pg.PoolClient): Promise<number> {
    const { rows } = await client.query<{ id: number }>(
      `INSERT INTO entries (namespace, exact_key, context_key, model, prompt, history, vector, answer, created_at, last_used_at, expires_at, hits, bytes, site, transcript)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
       ON CONFLICT (namespace, exact_key) DO UPDATE SET
         context_key = excluded.context_key, model = excluded.model, prompt = excluded.prompt, history = excluded.history,
         vector = excluded.vector, answer = excluded.answer, site = excluded.site, transcript = excluded.transcript,
         created_at = excluded.created_at, last_used_at = excluded.last_used_at, expires_at = excluded.expires_at, bytes = excluded.bytes
       RETURNING id`,
      [
        entry.namespace, entry.exactKey, entry.contextKey, entry.model, entry.prompt, entry.history, vectorBytes(entry.vector),
        JSON.stringify(entry.answer), entry.createdAt, entry.lastUsedAt ?? entry.createdAt, entry.expiresAt, entry.hits ?? 0, entryBytes(entry),
        entry.site ?? '', entry.transcript ? JSON.stringify(entry.transcript) : null,
      ],
    );
    return rows[0]!.id;
  }

  private async vectorsOf(ids: number[]): Promise<IndexedVector[]> {
    const { rows } = await this.db.query<Pick<EntryRow, 'id' | 'namespace' | 'context_key' | 'vector'>>(
      'SELECT id, namespace, context_key, vector FROM entries WHERE id = ANY($1) AND vector IS NOT NULL AND expires_at > $2',
      [ids, Date.now()],
    );
    return rows.map((r) => ({ id: r.id, namespace: r.namespace, contextKey: r.context_key, vector: vectorOf(r.vector)! }));
  }

  private async announce(notice: Notice): Promise<void> {
    const ids = 'added' in notice ? notice.added : 'removed' in notice ? notice.removed : [];
    await this.db.notify(CHANNEL, JSON.stringify(ids.length > MAX_IDS_PER_NOTICE ? { reload: true } : notice));
  }
}
