import { entryBytes, type CacheEntries, type CacheEntry, type IndexedVector, type NewCacheEntry } from '../../../shared/cache/cache-entry.js';
import { BUILT_IN_MODEL } from '../settings/settings.js';
import { database, type LeoDatabase, type StoredEntry, type StoredVectors } from '../settings/database.js';

/** Told to the cache engine when Options changed entries behind its back (delete, clear, import). */
export const CACHE_CHANGED_CHANNEL = 'leo-optima/cache-changed';

/** How much of the most recently stored or served entries is kept in memory for exact lookups. */
const RECENT_BYTES = 16 * 1024 * 1024;

const exactSlot = (namespace: string, exactKey: string) => `${namespace}\u0000${exactKey}`;

function joined(row: StoredEntry, vectors: StoredVectors | undefined): CacheEntry {
  return { ...row, id: row.id!, vector: vectors?.vector ?? null };
}

/**
 * The extension's cache entries in IndexedDB: answers in `entries`, their vectors in
 * `vectors`. The most recent entries are also kept in memory, so an exact repeat is answered
 * without a read that would queue behind other pages' writes; and every stored exact key is
 * known in memory, so a miss costs no read at all.
 */
export class IndexedDbCacheEntries implements CacheEntries {
  private changed = false;
  private readonly recent = new Map<string, { entry: CacheEntry; bytes: number }>();
  private readonly recentSlotById = new Map<number, string>();
  private recentBytes = 0;
  /** Every stored entry's exact slot, once read; undefined until then, or after another writer changed entries. */
  private storedSlots: Set<string> | undefined;
  private readingSlots: Promise<void> | undefined;
  /** Slots stored while they were being read, which that read may not have seen. */
  private slotsStoredWhileReading: string[] = [];
  /** The connection the recent entries came from; a reset database opens a new one, and they go. */
  private recentFrom: LeoDatabase | undefined;
  /** The embedding model of the vectors written and searched now. */
  model = BUILT_IN_MODEL;
  private totalBytes: number | undefined;
  private readonly channel = new BroadcastChannel(CACHE_CHANGED_CHANNEL);

  /** `db` is asked on every use, so a database reopened after a reset is picked up. */
  constructor(private readonly db: () => LeoDatabase = database) {
    this.channel.onmessage = () => {
      this.changed = true;
      this.totalBytes = undefined;
      this.forgetRecent(() => true);
      this.forgetStoredSlots();
    };
  }

  /** Makes the next lookup rebuild the index (after a model switch or re-embedding). */
  markChanged(): void {
    this.changed = true;
  }

  changedElsewhere(): boolean {
    const changed = this.changed;
    this.changed = false;
    return changed;
  }

  async findExact(namespace: string, exactKey: string, now: number): Promise<CacheEntry | undefined> {
    if (this.recentFrom !== this.db()) {
      this.forgetRecent(() => true);
      this.forgetStoredSlots();
      this.recentFrom = this.db();
    }
    const slot = exactSlot(namespace, exactKey);
    const kept = this.recent.get(slot);
    if (kept) {
      if (kept.entry.expiresAt > now) return this.remember(kept.entry, kept.bytes);
      this.forgetRecent((entry) => entry === kept.entry);
    }
    if (this.storedSlots === undefined) this.readStoredSlots();
    else if (!this.storedSlots.has(slot)) return undefined;
    const row = await this.db().entries.where('[namespace+exactKey]').equals([namespace, exactKey]).first();
    if (!row || row.expiresAt <= now) return undefined;
    return this.remember(joined(row, await this.db().vectors.get(row.id!)), row.bytes);
  }

  async get(id: number): Promise<CacheEntry | undefined> {
    const slot = this.recentSlotById.get(id);
    if (slot !== undefined) return this.recent.get(slot)!.entry;
    const [row, vectors] = await Promise.all([this.db().entries.get(id), this.db().vectors.get(id)]);
    return row && joined(row, vectors);
  }

  /** Every entry with its vectors, read in two passes rather than two reads per entry. */
  async all(): Promise<CacheEntry[]> {
    const [rows, vectors] = await Promise.all([this.db().entries.toArray(), this.db().vectors.toArray()]);
    const byId = new Map(vectors.map((v) => [v.id, v]));
    return rows.map((row) => joined(row, byId.get(row.id!)));
  }

  async put(entry: NewCacheEntry): Promise<number> {
    const { vector, ...rest } = entry;
    const bytes = entryBytes(entry);
    const row: StoredEntry = { ...rest, lastUsedAt: entry.lastUsedAt ?? entry.createdAt, hits: entry.hits ?? 0, bytes };
    const db = this.db();
    return db.transaction('rw', db.entries, db.vectors, async () => {
      const existing = await db.entries.where('[namespace+exactKey]').equals([entry.namespace, entry.exactKey]).first();
      if (existing) {
        row.id = existing.id;
        await db.vectors.delete(existing.id!);
        this.addBytes(-existing.bytes);
      }
      const id = await db.entries.put(row);
      if (vector) await db.vectors.put({ id, model: this.model, namespace: entry.namespace, contextKey: entry.contextKey, expiresAt: entry.expiresAt, vector });
      this.addBytes(bytes);
      return id;
    }).then((id) => {
      const slot = exactSlot(entry.namespace, entry.exactKey);
      if (this.storedSlots) this.storedSlots.add(slot);
      else if (this.readingSlots) this.slotsStoredWhileReading.push(slot);
      this.remember({ ...entry, id, lastUsedAt: row.lastUsedAt, hits: row.hits }, bytes);
      return id;
    });
  }

  async touch(id: number, now: number): Promise<void> {
    await this.db().entries.where('id').equals(id).modify((row) => {
      row.lastUsedAt = now;
      row.hits += 1;
    });
  }

  async vectors(now: number): Promise<IndexedVector[]> {
    const rows = (await this.db().vectors.where('expiresAt').above(now).toArray()).filter((row) => row.model === this.model);
    return rows.map(({ id, namespace, contextKey, vector }) => ({ id, namespace, contextKey, vector }));
  }

  async prune(now: number, maxBytes: number): Promise<number[]> {
    const db = this.db();
    const expired = await db.entries.where('expiresAt').belowOrEqual(now).toArray();
    const dropped = expired.map((row) => row.id!);
    let excess = (await this.currentBytes()) - expired.reduce((n, row) => n + row.bytes, 0) - maxBytes;
    if (excess > 0) {
      await db.entries.orderBy('lastUsedAt').until(() => excess <= 0).each((row) => {
        if (row.expiresAt <= now) return;
        dropped.push(row.id!);
        excess -= row.bytes;
      });
    }
    if (dropped.length > 0) await this.deleteIds(dropped);
    return dropped;
  }

  async size(): Promise<{ entries: number; bytes: number }> {
    return { entries: await this.db().entries.count(), bytes: await this.currentBytes() };
  }

  /** Live entries with a prompt whose vectors are not the current model's: what a model switch must re-embed. */
  async unembedded(now: number): Promise<StoredEntry[]> {
    const db = this.db();
    const current = new Set((await db.vectors.toArray()).filter((v) => v.model === this.model).map((v) => v.id));
    return db.entries.filter((e) => e.prompt !== null && e.expiresAt > now && !current.has(e.id!)).toArray();
  }

  async putVectors(entry: StoredEntry, vector: Float32Array): Promise<void> {
    await this.db().vectors.put({ id: entry.id!, model: this.model, namespace: entry.namespace, contextKey: entry.contextKey, expiresAt: entry.expiresAt, vector });
  }

  close(): void {
    this.channel.close();
  }

  /** Keeps an entry as the most recent in memory, dropping the least recent past the budget. */
  private remember(entry: CacheEntry, bytes: number): CacheEntry {
    const slot = exactSlot(entry.namespace, entry.exactKey);
    const previous = this.recent.get(slot);
    if (previous) this.dropRecent(slot, previous);
    this.recent.set(slot, { entry, bytes });
    this.recentSlotById.set(entry.id, slot);
    this.recentBytes += bytes;
    for (const [oldest, kept] of this.recent) {
      if (this.recentBytes <= RECENT_BYTES) break;
      this.dropRecent(oldest, kept);
    }
    return entry;
  }

  private forgetRecent(matches: (entry: CacheEntry) => boolean): void {
    for (const [slot, kept] of this.recent) if (matches(kept.entry)) this.dropRecent(slot, kept);
  }

  private dropRecent(slot: string, kept: { entry: CacheEntry; bytes: number }): void {
    this.recent.delete(slot);
    this.recentSlotById.delete(kept.entry.id);
    this.recentBytes -= kept.bytes;
  }

  /** Reads every stored exact slot (keys only, from the index) in the background; lookups read rows until it is done. */
  private readStoredSlots(): void {
    if (this.readingSlots) return;
    const db = this.db();
    const reading = db.entries
      .orderBy('[namespace+exactKey]')
      .keys()
      .then((keys) => {
        // A change while reading (another writer, a reset) makes this read stale: the next lookup reads again.
        if (this.readingSlots !== reading || this.db() !== db) return;
        this.storedSlots = new Set([...keys.map((key) => exactSlot(...(key as unknown as [string, string]))), ...this.slotsStoredWhileReading]);
      })
      .catch(() => undefined)
      .finally(() => {
        if (this.readingSlots !== reading) return;
        this.readingSlots = undefined;
        this.slotsStoredWhileReading = [];
      });
    this.readingSlots = reading;
  }

  private forgetStoredSlots(): void {
    this.storedSlots = undefined;
    this.readingSlots = undefined;
    this.slotsStoredWhileReading = [];
  }

  private async deleteIds(ids: number[]): Promise<void> {
    const gone = new Set(ids);
    this.forgetRecent((entry) => gone.has(entry.id));
    const db = this.db();
    await db.transaction('rw', db.entries, db.vectors, async () => {
      const rows = await db.entries.bulkGet(ids);
      for (const row of rows) if (row) this.storedSlots?.delete(exactSlot(row.namespace, row.exactKey));
      this.addBytes(-rows.reduce((n, row) => n + (row?.bytes ?? 0), 0));
      await db.entries.bulkDelete(ids);
      await db.vectors.bulkDelete(ids);
    });
  }

  private async currentBytes(): Promise<number> {
    if (this.totalBytes === undefined) {
      let total = 0;
      await this.db().entries.each((row) => void (total += row.bytes));
      this.totalBytes = total;
    }
    return this.totalBytes;
  }

  private addBytes(delta: number): void {
    if (this.totalBytes !== undefined) this.totalBytes += delta;
  }
}
