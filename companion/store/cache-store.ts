import type Database from 'better-sqlite3';
import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { entryBytes, type CacheEntry, type IndexedVector, type NewCacheEntry } from '../../shared/cache/cache-entry.js';
import { NewerSchemaError, openSqliteFile } from './sqlite-file.js';
import type { CacheAdmin, NamespaceStats } from './cache-admin.js';
import { entryFromRow, vectorBytes, vectorOf, type EntryRow } from './entry-rows.js';


export const CACHE_MIGRATIONS = [
  `CREATE TABLE entries (
     id INTEGER PRIMARY KEY,
     namespace TEXT NOT NULL,
     exact_key TEXT NOT NULL,
     context_key TEXT NOT NULL,
     model TEXT NOT NULL,
     prompt TEXT,
     history TEXT NOT NULL,
     vector BLOB,
     history_vector BLOB,
     answer TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     last_used_at INTEGER NOT NULL,
     expires_at INTEGER NOT NULL,
     hits INTEGER NOT NULL DEFAULT 0,
     bytes INTEGER NOT NULL,
     UNIQUE (namespace, exact_key)
   );
   CREATE INDEX entries_last_used ON entries(last_used_at);
   CREATE INDEX entries_expires ON entries(expires_at);`,
  // Sizes are summed on every store: from this index, not from rows that carry vectors and answers.
  `CREATE INDEX entries_lru_bytes ON entries(last_used_at, id, bytes);
   DROP INDEX entries_last_used;`,
  // Vectors of the earlier built-in model (USE-lite, 512-d) mean nothing to MiniLM: those entries keep serving exact repeats.
  // Earlier turns are matched exactly now (in the context key), so their vectors go too.
  `UPDATE entries SET vector = NULL, history_vector = NULL, prompt = NULL;`,
  // Who asked, and the conversation, for fine-tuning exports; older entries have neither.
  `ALTER TABLE entries ADD COLUMN site TEXT NOT NULL DEFAULT '';
   ALTER TABLE entries ADD COLUMN transcript TEXT;`,
];

/** The companion's answer cache, in its own SQLite file (WAL) in the companion's home. */
export class CacheStore implements CacheAdmin {
  readonly db: Database.Database;
  /** Where an unreadable cache file was moved, when one was found at start. */
  readonly setAside: string | undefined;
  private lastDataVersion: number;

  constructor(home: string) {
    const file = join(home, 'cache.sqlite');
    let db: Database.Database;
    try {
      db = openSqliteFile(file, CACHE_MIGRATIONS);
    } catch (err) {
      if (err instanceof NewerSchemaError) throw err;
      // A cache is rebuilt by use; an unreadable one is kept aside for inspection, never deleted.
      this.setAside = `${file}.unreadable-${Date.now()}`;
      renameSync(file, this.setAside);
      for (const suffix of ['-wal', '-shm']) if (existsSync(file + suffix)) renameSync(file + suffix, this.setAside + suffix);
      process.emitWarning(`The cache file ${file} could not be used (${(err as Error).message}); it was moved to ${this.setAside} and a new cache started.`);
      db = openSqliteFile(file, CACHE_MIGRATIONS);
    }
    this.db = db;
    this.lastDataVersion = this.dataVersion();
  }

  /** True once after another connection (`leo cache clear`, `import`) changed the file; our own writes do not count. */
  changedElsewhere(): boolean {
    const version = this.dataVersion();
    if (version === this.lastDataVersion) return false;
    this.lastDataVersion = version;
    return true;
  }

  findExact(namespace: string, exactKey: string, now: number): CacheEntry | undefined {
    const row = this.db.prepare('SELECT * FROM entries WHERE namespace = ? AND exact_key = ? AND expires_at > ?').get(namespace, exactKey, now) as EntryRow | undefined;
    return row && entryFromRow(row);
  }

  get(id: number): CacheEntry | undefined {
    const row = this.db.prepare('SELECT * FROM entries WHERE id = ?').get(id) as EntryRow | undefined;
    return row && entryFromRow(row);
  }

  /** Stores an entry, replacing one with the same namespace and exact key; returns its id. */
  put(entry: NewCacheEntry): number {
    const answer = JSON.stringify(entry.answer);
    const bytes = entryBytes(entry);
    const row = this.db
      .prepare(
        `INSERT INTO entries (namespace, exact_key, context_key, model, prompt, history, vector, answer, created_at, last_used_at, expires_at, hits, bytes, site, transcript)
         VALUES (@namespace, @exactKey, @contextKey, @model, @prompt, @history, @vector, @answer, @createdAt, @lastUsedAt, @expiresAt, @hits, @bytes, @site, @transcript)
         ON CONFLICT (namespace, exact_key) DO UPDATE SET
           context_key = excluded.context_key, model = excluded.model, prompt = excluded.prompt, history = excluded.history,
           vector = excluded.vector, answer = excluded.answer, site = excluded.site, transcript = excluded.transcript,
           created_at = excluded.created_at, last_used_at = excluded.last_used_at, expires_at = excluded.expires_at, bytes = excluded.bytes
         RETURNING id`,
      )
      .get({
        ...entry,
        vector: vectorBytes(entry.vector),
        answer,
        lastUsedAt: entry.lastUsedAt ?? entry.createdAt,
        hits: entry.hits ?? 0,
        bytes,
        site: entry.site ?? '',
        transcript: entry.transcript ? JSON.stringify(entry.transcript) : null,
      }) as { id: number };
    return row.id;
  }

  touch(id: number, now: number): void {
    this.db.prepare('UPDATE entries SET last_used_at = ?, hits = hits + 1 WHERE id = ?').run(now, id);
  }

  /** Every live entry's vector, for rebuilding the in-memory index. */
  *vectors(now: number): Generator<IndexedVector> {
    const rows = this.db.prepare('SELECT id, namespace, context_key, vector FROM entries WHERE vector IS NOT NULL AND expires_at > ?').iterate(now);
    for (const row of rows as Iterable<Pick<EntryRow, 'id' | 'namespace' | 'context_key' | 'vector'>>) {
      yield { id: row.id, namespace: row.namespace, contextKey: row.context_key, vector: vectorOf(row.vector)! };
    }
  }

  /** Drops expired entries, then the least recently used until the cache fits `maxBytes`; returns the ids dropped. */
  prune(now: number, maxBytes: number): number[] {
    const dropped = (this.db.prepare('DELETE FROM entries WHERE expires_at <= ? RETURNING id').all(now) as { id: number }[]).map((r) => r.id);
    let excess = this.totalBytes() - maxBytes;
    if (excess > 0) {
      const oldest = this.db.prepare('SELECT id, bytes FROM entries ORDER BY last_used_at, id').iterate() as Iterable<{ id: number; bytes: number }>;
      const victims: number[] = [];
      for (const row of oldest) {
        if (excess <= 0) break;
        victims.push(row.id);
        excess -= row.bytes;
      }
      const remove = this.db.prepare('DELETE FROM entries WHERE id = ?');
      this.db.transaction(() => victims.forEach((id) => remove.run(id)))();
      dropped.push(...victims);
    }
    return dropped;
  }

  size(): { entries: number; bytes: number } {
    return this.db.prepare('SELECT COUNT(*) AS entries, COALESCE(SUM(bytes), 0) AS bytes FROM entries').get() as { entries: number; bytes: number };
  }

  totalBytes(): number {
    return (this.db.prepare('SELECT COALESCE(SUM(bytes), 0) AS bytes FROM entries').get() as { bytes: number }).bytes;
  }

  stats(): NamespaceStats[] {
    return this.db
      .prepare(
        `SELECT namespace, COUNT(*) AS entries, SUM(bytes) AS bytes, SUM(hits) AS hits, MIN(created_at) AS oldest, MAX(created_at) AS newest
         FROM entries GROUP BY namespace ORDER BY entries DESC`,
      )
      .all() as NamespaceStats[];
  }

  /** Entries, most recently used first, optionally of one namespace or whose prompt contains `search`. */
  list(options: { namespace?: string; search?: string; limit?: number } = {}): CacheEntry[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM entries
         WHERE (@namespace IS NULL OR namespace = @namespace) AND (@search IS NULL OR instr(lower(COALESCE(prompt, '') || ' ' || answer), lower(@search)) > 0)
         ORDER BY last_used_at DESC, id DESC LIMIT @limit`,
      )
      .all({ namespace: options.namespace ?? null, search: options.search ?? null, limit: options.limit ?? -1 }) as EntryRow[];
    return rows.map(entryFromRow);
  }

  delete(id: number): boolean {
    return this.db.prepare('DELETE FROM entries WHERE id = ?').run(id).changes > 0;
  }

  /** Deletes every entry, or one namespace's; returns how many. */
  clear(namespace?: string): number {
    const result = namespace === undefined ? this.db.prepare('DELETE FROM entries').run() : this.db.prepare('DELETE FROM entries WHERE namespace = ?').run(namespace);
    return result.changes;
  }

  /** Stores many entries in one transaction: all of them or, on any error, none. */
  putAll(entries: NewCacheEntry[]): void {
    this.db.transaction(() => entries.forEach((e) => this.put(e)))();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private dataVersion(): number {
    return this.db.pragma('data_version', { simple: true }) as number;
  }
}
