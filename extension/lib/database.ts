import Dexie, { type Table } from 'dexie';
import type { CanonicalAnswer } from '../../shared/protocols/canonical/answer.js';
import type { CallEvent } from '../../shared/ledger/call-event.js';
import type { LeoSettings } from './settings.js';
import type { PageCall } from './call-messages.js';

/** A cached answer without its vectors (those live in `vectors`, so rebuilding the index reads no answers). */
export interface StoredEntry {
  id?: number;
  namespace: string;
  exactKey: string;
  contextKey: string;
  model: string;
  prompt: string | null;
  history: string;
  answer: CanonicalAnswer;
  createdAt: number;
  lastUsedAt: number;
  expiresAt: number;
  hits: number;
  bytes: number;
}

export interface StoredVectors {
  id: number;
  namespace: string;
  contextKey: string;
  expiresAt: number;
  vector: Float32Array;
  historyVector: Float32Array | null;
}

export interface StoredEvent extends CallEvent {
  id?: number;
  /** On hits: the call as the page made it (without credentials) and the entry that answered, for "refetch fresh". */
  refetch?: { page: PageCall; entryId?: number };
}

export interface StoredSetting {
  key: 'settings';
  value: LeoSettings;
}

/** The extension's IndexedDB database; each schema version below is a migration Dexie applies in order. */
export class LeoDatabase extends Dexie {
  entries!: Table<StoredEntry, number>;
  vectors!: Table<StoredVectors, number>;
  events!: Table<StoredEvent, number>;
  settings!: Table<StoredSetting, string>;

  constructor(name = 'leo-optima') {
    super(name);
    this.version(1).stores({
      entries: '++id, &[namespace+exactKey], namespace, lastUsedAt, expiresAt',
      vectors: 'id, expiresAt',
      events: '++id, at, site, reason',
      settings: 'key',
    });
  }
}

let shared: LeoDatabase | undefined;

/** The one database of this extension context. */
export function database(): LeoDatabase {
  shared ??= new LeoDatabase();
  return shared;
}
