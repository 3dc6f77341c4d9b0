import type Database from 'better-sqlite3';
import { join } from 'node:path';
import { NewerSchemaError, openSqliteFile } from './sqlite-file.js';

import { recordedEventFromRow, SPENDING_CONDITION, type CallEvent, type ConversationTotals, type LedgerStore, type LedgerTotals, type ModelTotals, type RecordedEvent } from './ledger-store.js';

export type { CallEvent, CallReason, ConversationTotals, LedgerTotals, ModelTotals, RecordedEvent } from './ledger-store.js';

export const LEDGER_MIGRATIONS = [
  `CREATE TABLE calls (
     id INTEGER PRIMARY KEY,
     at INTEGER NOT NULL,
     site TEXT NOT NULL,
     protocol TEXT NOT NULL,
     provider TEXT NOT NULL,
     requested_model TEXT NOT NULL,
     served_model TEXT NOT NULL,
     stream INTEGER NOT NULL,
     status INTEGER NOT NULL,
     input_tokens INTEGER NOT NULL,
     output_tokens INTEGER NOT NULL,
     cached_input_tokens INTEGER NOT NULL,
     cache_write_tokens INTEGER NOT NULL,
     reasoning_tokens INTEGER NOT NULL,
     usage_estimated INTEGER NOT NULL,
     cost_usd REAL,
     cost_avoided_usd REAL NOT NULL,
     reason TEXT NOT NULL,
     complete INTEGER NOT NULL,
     latency_ms REAL NOT NULL
   );
   CREATE INDEX calls_at ON calls(at);`,
  `ALTER TABLE calls ADD COLUMN detail TEXT NOT NULL DEFAULT '';`,
  `ALTER TABLE calls ADD COLUMN conversation TEXT NOT NULL DEFAULT '';
   CREATE INDEX calls_conversation ON calls(conversation);`,
  // The router's memory of which model served each conversation (companion/routing/conversation-tiers.ts).
  `CREATE TABLE conversation_tiers (conversation TEXT PRIMARY KEY, model TEXT NOT NULL, at INTEGER NOT NULL);
   CREATE INDEX conversation_tiers_at ON conversation_tiers(at);`,
  `ALTER TABLE calls ADD COLUMN cache_write_1h_tokens INTEGER NOT NULL DEFAULT 0;`,
];

const FLUSH_AFTER_MS = 50;

/** One row per call, in SQLite (WAL) in the companion's home. */
export class Ledger implements LedgerStore {
  readonly db: Database.Database;
  private readonly insert: Database.Statement;
  /** Built once: wrapping a function in a transaction prepares its BEGIN and COMMIT again each time. */
  private readonly insertAll: (events: CallEvent[]) => void;
  private pending: CallEvent[] = [];
  private flushTimer: NodeJS.Timeout | undefined;

  constructor(home: string) {
    const file = join(home, 'ledger.sqlite');
    try {
      this.db = openSqliteFile(file, LEDGER_MIGRATIONS);
    } catch (err) {
      if (err instanceof NewerSchemaError) throw err;
      // The ledger is the user's record of spend and savings: never set aside silently.
      throw new Error(`The ledger ${file} cannot be used (${(err as Error).message}). Nothing was changed; move the file aside to start a new ledger.`);
    }
    this.insert = this.db.prepare(
      `INSERT INTO calls (at, site, protocol, provider, requested_model, served_model, stream, status,
         input_tokens, output_tokens, cached_input_tokens, cache_write_tokens, cache_write_1h_tokens, reasoning_tokens, usage_estimated,
         cost_usd, cost_avoided_usd, reason, complete, latency_ms, detail, conversation)
       VALUES (@at, @site, @protocol, @provider, @requestedModel, @servedModel, @stream, @status,
         @inputTokens, @outputTokens, @cachedInputTokens, @cacheWriteTokens, @cacheWrite1hTokens, @reasoningTokens, @usageEstimated,
         @costUsd, @costAvoidedUsd, @reason, @complete, @latencyMs, @detail, @conversation)`,
    );
    this.insertAll = this.db.transaction((events: CallEvent[]) => {
      for (const event of events) {
        this.insert.run({
          ...event,
          ...event.usage,
          cacheWrite1hTokens: event.usage.cacheWrite1hTokens ?? 0,
          stream: event.stream ? 1 : 0,
          usageEstimated: event.usageEstimated ? 1 : 0,
          complete: event.complete ? 1 : 0,
        });
      }
    });
  }

  /**
   * Queues one event; events recorded within FLUSH_AFTER_MS of each other are written in one
   * transaction, so an agent calling every few milliseconds pays one commit for many calls (a
   * commit costs about as much CPU as forwarding the call). Reads and `close` write what is
   * queued first; only a crash can lose the last few milliseconds' rows.
   */
  record(event: CallEvent): void {
    // A call cut by the companion's own shutdown ends after the file closed: there is nowhere left to write it.
    if (!this.db.open) return;
    this.pending.push(event);
    if (this.flushTimer) return;
    this.flushTimer = setTimeout(() => this.flush(), FLUSH_AFTER_MS);
    this.flushTimer.unref();
  }

  /** Writes every queued event now; reads call it so they always see every recorded call. */
  flush(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.pending.length === 0) return;
    const events = this.pending;
    this.pending = [];
    this.insertAll(events);
  }

  totals(sinceMs = 0): LedgerTotals {
    this.flush();
    return this.db
      .prepare(
        `SELECT COUNT(*) AS calls, COALESCE(SUM(input_tokens), 0) AS inputTokens, COALESCE(SUM(output_tokens), 0) AS outputTokens,
           COALESCE(SUM(cost_usd), 0) AS costUsd, COALESCE(SUM(cost_avoided_usd), 0) AS costAvoidedUsd
         FROM calls WHERE at >= ?`,
      )
      .get(sinceMs) as LedgerTotals;
  }

  byModel(sinceMs = 0): ModelTotals[] {
    this.flush();
    return this.db
      .prepare(
        `SELECT reason, requested_model AS requestedModel, served_model AS servedModel, COUNT(*) AS calls,
           SUM(input_tokens) AS inputTokens, SUM(output_tokens) AS outputTokens,
           COALESCE(SUM(cost_usd), 0) AS costUsd, SUM(cost_avoided_usd) AS costAvoidedUsd
         FROM calls WHERE at >= ? GROUP BY reason, requested_model, served_model ORDER BY calls DESC`,
      )
      .all(sinceMs) as ModelTotals[];
  }

  /** Recorded calls, oldest first, each with everything the popup's figures are made of. */
  events(options: { sinceMs?: number; limit?: number } = {}): RecordedEvent[] {
    this.flush();
    const rows = this.db
      .prepare(
        `SELECT * FROM (SELECT * FROM calls WHERE at >= @since ORDER BY id DESC LIMIT @limit) ORDER BY id`,
      )
      .all({ since: options.sinceMs ?? 0, limit: options.limit ?? -1 }) as Record<string, unknown>[];
    return rows.map(recordedEventFromRow);
  }

  /** What each site's calls spent on the vault's keys since then: every call that reached a provider. */
  spentBySite(sinceMs: number): Map<string, number> {
    this.flush();
    const rows = this.db
      .prepare(`SELECT site, COALESCE(SUM(cost_usd), 0) AS usd FROM calls WHERE at >= ? AND ${SPENDING_CONDITION} GROUP BY site`)
      .all(sinceMs) as { site: string; usd: number }[];
    return new Map(rows.map((r) => [r.site, r.usd]));
  }

  /** Per conversation, how much of its input the provider's prompt cache served (calls that reached the provider). */
  conversations(limit = 20): ConversationTotals[] {
    this.flush();
    return this.db
      .prepare(
        `SELECT conversation, COUNT(*) AS calls, SUM(input_tokens) AS inputTokens, SUM(cached_input_tokens) AS cachedInputTokens,
           CASE WHEN SUM(input_tokens) > 0 THEN 1.0 * SUM(cached_input_tokens) / SUM(input_tokens) ELSE 0 END AS cachedShare, MAX(at) AS lastAt
         FROM calls WHERE conversation != '' AND reason IN ('passthrough', 'routed') GROUP BY conversation ORDER BY lastAt DESC LIMIT ?`,
      )
      .all(limit) as ConversationTotals[];
  }

  close(): void {
    this.flush();
    this.db.close();
  }
}
