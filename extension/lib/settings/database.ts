import Dexie, { type Table } from 'dexie';
import type { CacheEntry } from '../../../shared/cache/cache-entry.js';
import type { CallEvent } from '../../../shared/ledger/call-event.js';
import type { LeoSettings } from './settings.js';
import type { PageCall } from '../call/call-messages.js';

/** A cached answer without its vectors (those live in `vectors`, so rebuilding the index reads no answers). */
export type StoredEntry = Omit<CacheEntry, 'id' | 'vector'> & {
  id?: number;
  /** What the entry counts against the size cap. */
  bytes: number;
};

export interface StoredVectors {
  id: number;
  /** The embedding model that made them; only the current model's vectors are searched. */
  model: string;
  namespace: string;
  contextKey: string;
  expiresAt: number;
  vector: Float32Array;
}

export interface StoredEvent extends CallEvent {
  id?: number;
  /** On hits: the call as the page made it (without credentials), the entry that answered and, for a reworded hit, how close it was: for "refetch fresh". */
  refetch?: { page: PageCall; entryId?: number; cosine?: number };
}

export interface StoredSetting {
  key: 'settings';
  value: LeoSettings;
}

/** The schema this code reads and writes; a new version adds a `this.version(n)` step (a migration) below. */
const SCHEMA_VERSION = 1;

/** The extension's IndexedDB database; each schema version below is a migration Dexie applies in order. */
export class LeoDatabase extends Dexie {
  entries!: Table<StoredEntry, number>;
  vectors!: Table<StoredVectors, number>;
  events!: Table<StoredEvent, number>;
  settings!: Table<StoredSetting, string>;
  /** Set when another context upgraded or deleted the database under this connection. */
  superseded = false;

  constructor(name = DATABASE_NAME) {
    super(name);
    this.version(SCHEMA_VERSION).stores({
      entries: '++id, &[namespace+exactKey], namespace, lastUsedAt, expiresAt',
      vectors: 'id, expiresAt',
      events: '++id, at, site, reason',
      settings: 'key',
    });
    // Another context changed the database: this connection ends, and the next `database()` opens (and checks) it afresh.
    this.on('versionchange', () => {
      this.superseded = true;
      this.close({ disableAutoOpen: true });
      return false;
    });
    // Dexie opens a database of a newer version as it finds it; one this code did not write is refused instead.
    this.on('ready', (db) => {
      const backend = (db as LeoDatabase).backendDB();
      const found = [...backend.objectStoreNames];
      const missing = ['entries', 'vectors', 'events', 'settings'].filter((store) => !found.includes(store));
      // Dexie stores schema version n as IndexedDB version 10n.
      if (backend.version > SCHEMA_VERSION * 10 || missing.length > 0) {
        throw new Dexie.SchemaError(`it holds IndexedDB version ${backend.version}, newer than this extension's ${SCHEMA_VERSION * 10}${missing.length ? `, without ${missing.join(', ')}` : ''}`);
      }
    });
  }
}

export const DATABASE_NAME = 'leo-optima';

let shared: LeoDatabase | undefined;

/** The one database of this extension context; one that failed to open, or was changed by another context, is opened afresh. */
export function database(): LeoDatabase {
  if (!shared || shared.hasFailed() || shared.superseded) shared = new LeoDatabase();
  return shared;
}

/**
 * Deletes the whole database (entries, ledger, settings) so the extension starts afresh:
 * the way out when it holds a schema this version cannot open.
 */
export async function resetDatabase(): Promise<void> {
  shared?.close();
  shared = undefined;
  await Dexie.delete(DATABASE_NAME);
}

/** Why the database cannot be used, in words for the user; undefined when it opens. */
export async function databaseProblem(): Promise<string | undefined> {
  try {
    await database().open();
    return undefined;
  } catch (err) {
    return `${(err as Error).name}: ${(err as Error).message}`;
  }
}
