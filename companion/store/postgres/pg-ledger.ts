import {
  recordedEventFromRow,
  SPENDING_CONDITION as SPENDING,
  type CallEvent,
  type ConversationTotals,
  type LedgerStore,
  type LedgerTotals,
  type MemberTotals,
  type ModelTotals,
  type RecordedEvent,
} from '../ledger-store.js';
import type { TeamDatabase } from './team-database.js';

const COLUMNS = [
  'at', 'member', 'site', 'protocol', 'provider', 'requested_model', 'served_model', 'stream', 'status',
  'input_tokens', 'output_tokens', 'cached_input_tokens', 'cache_write_tokens', 'cache_write_1h_tokens', 'reasoning_tokens', 'usage_estimated',
  'cost_usd', 'cost_avoided_usd', 'reason', 'complete', 'latency_ms', 'detail', 'conversation',
] as const;

function rowValues(event: CallEvent, member: string): unknown[] {
  const { usage } = event;
  return [
    event.at, member, event.site, event.protocol, event.provider, event.requestedModel, event.servedModel, event.stream, event.status,
    usage.inputTokens, usage.outputTokens, usage.cachedInputTokens, usage.cacheWriteTokens, usage.cacheWrite1hTokens ?? 0, usage.reasoningTokens, event.usageEstimated,
    event.costUsd, event.costAvoidedUsd, event.reason, event.complete, event.latencyMs, event.detail, event.conversation,
  ];
}

const TOTALS = `COUNT(*) AS "calls", COALESCE(SUM(input_tokens), 0) AS "inputTokens", COALESCE(SUM(output_tokens), 0) AS "outputTokens",
  COALESCE(SUM(cost_usd), 0) AS "costUsd", COALESCE(SUM(cost_avoided_usd), 0) AS "costAvoidedUsd"`;

/** The team's ledger in PostgreSQL: one row per call, with the member who made it. */
export class PgLedger implements LedgerStore {
  private pending: { event: CallEvent; member: string }[] = [];
  private writing: Promise<void> = Promise.resolve();
  private flushScheduled = false;
  private closed = false;

  constructor(private readonly db: TeamDatabase) {}

  /** Calls recorded in the same turn of the event loop go in one INSERT. */
  record(event: CallEvent, member = ''): void {
    // A call cut by the companion's own shutdown ends after the database closed: there is nowhere left to write it.
    if (this.closed) return;
    this.pending.push({ event, member });
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => void this.flush());
  }

  /** Writes every queued call; reads wait for it. A failed write is reported once and the calls kept for the next. */
  flush(): Promise<void> {
    this.flushScheduled = false;
    const batch = this.pending;
    this.pending = [];
    this.writing = this.writing.then(async () => {
      if (batch.length === 0) return;
      const values = batch.flatMap(({ event, member }) => rowValues(event, member));
      const rows = batch.map((_, i) => `(${COLUMNS.map((__, j) => `$${i * COLUMNS.length + j + 1}`).join(', ')})`);
      try {
        await this.db.query(`INSERT INTO calls (${COLUMNS.join(', ')}) VALUES ${rows.join(', ')}`, values);
      } catch (err) {
        this.pending.unshift(...batch);
        process.emitWarning(`Could not write ${batch.length} calls to the team ledger (${(err as Error).message}); they are kept and written with the next.`);
      }
    });
    return this.writing;
  }

  async totals(sinceMs = 0): Promise<LedgerTotals> {
    await this.flush();
    return (await this.db.query<LedgerTotals>(`SELECT ${TOTALS} FROM calls WHERE at >= $1`, [sinceMs])).rows[0]!;
  }

  async byModel(sinceMs = 0): Promise<ModelTotals[]> {
    await this.flush();
    const { rows } = await this.db.query<ModelTotals>(
      `SELECT reason, requested_model AS "requestedModel", served_model AS "servedModel", ${TOTALS}
       FROM calls WHERE at >= $1 GROUP BY reason, requested_model, served_model ORDER BY "calls" DESC`,
      [sinceMs],
    );
    return rows;
  }

  async byMember(sinceMs: number): Promise<MemberTotals[]> {
    await this.flush();
    const { rows } = await this.db.query<MemberTotals>(
      `SELECT member, ${TOTALS}
       FROM calls WHERE at >= $1 GROUP BY member ORDER BY member`,
      [sinceMs],
    );
    return rows;
  }

  async spentSince(sinceMs: number, member?: string): Promise<number> {
    await this.flush();
    const { rows } = await this.db.query<{ usd: number }>(
      `SELECT COALESCE(SUM(cost_usd), 0) AS usd FROM calls WHERE at >= $1 AND ${SPENDING} AND ($2::text IS NULL OR member = $2)`,
      [sinceMs, member ?? null],
    );
    return rows[0]!.usd;
  }

  async events(options: { sinceMs?: number; limit?: number; member?: string } = {}): Promise<RecordedEvent[]> {
    await this.flush();
    const { rows } = await this.db.query<Record<string, unknown>>(
      `SELECT * FROM (SELECT * FROM calls WHERE at >= $1 AND ($3::text IS NULL OR member = $3) ORDER BY id DESC LIMIT $2) recent ORDER BY id`,
      [options.sinceMs ?? 0, options.limit ?? null, options.member ?? null],
    );
    return rows.map(recordedEventFromRow);
  }

  async spentBySite(sinceMs: number, member?: string): Promise<Map<string, number>> {
    await this.flush();
    const { rows } = await this.db.query<{ site: string; usd: number }>(
      `SELECT site, COALESCE(SUM(cost_usd), 0) AS usd FROM calls WHERE at >= $1 AND ${SPENDING} AND ($2::text IS NULL OR member = $2) GROUP BY site`,
      [sinceMs, member ?? null],
    );
    return new Map(rows.map((r) => [r.site, r.usd]));
  }

  async conversations(limit = 20): Promise<ConversationTotals[]> {
    await this.flush();
    const { rows } = await this.db.query<ConversationTotals>(
      `SELECT conversation, COUNT(*) AS "calls", SUM(input_tokens) AS "inputTokens", SUM(cached_input_tokens) AS "cachedInputTokens",
         CASE WHEN SUM(input_tokens) > 0 THEN 1.0 * SUM(cached_input_tokens) / SUM(input_tokens) ELSE 0 END AS "cachedShare", MAX(at) AS "lastAt"
       FROM calls WHERE conversation != '' AND reason IN ('passthrough', 'routed') GROUP BY conversation ORDER BY "lastAt" DESC LIMIT $1`,
      [limit],
    );
    return rows;
  }

  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
  }
}
