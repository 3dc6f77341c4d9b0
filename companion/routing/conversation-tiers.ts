import type Database from 'better-sqlite3';

/** Which model served each conversation, wherever it is kept. */
export interface ConversationMemory {
  get(conversation: string): string | undefined | Promise<string | undefined>;
  /** Never fails the call it is made for. */
  set(conversation: string, model: string, now?: number): void;
}

/** Conversations remembered; the least recently served go first past this. */
export const CAPACITY = 10_000;

/**
 * The model each conversation was served by, so its later turns keep the provider's prefix
 * cache and never step down. Kept in the ledger's database, so a restart forgets nothing.
 */
export class ConversationTiers implements ConversationMemory {
  private readonly select: Database.Statement<[string], { model: string }>;
  private readonly upsert: Database.Statement<[string, string, number]>;
  private readonly trim: Database.Statement<[number]>;
  private writes = 0;

  constructor(db: Database.Database) {
    this.select = db.prepare('SELECT model FROM conversation_tiers WHERE conversation = ?');
    this.upsert = db.prepare('INSERT INTO conversation_tiers (conversation, model, at) VALUES (?, ?, ?) ON CONFLICT(conversation) DO UPDATE SET model = excluded.model, at = excluded.at');
    this.trim = db.prepare('DELETE FROM conversation_tiers WHERE conversation IN (SELECT conversation FROM conversation_tiers ORDER BY at DESC LIMIT -1 OFFSET ?)');
  }

  get(conversation: string): string | undefined {
    return this.select.get(conversation)?.model;
  }

  set(conversation: string, model: string, now = Date.now()): void {
    this.upsert.run(conversation, model, now);
    if (++this.writes % 500 === 0) this.trim.run(CAPACITY);
  }
}
