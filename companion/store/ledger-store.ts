import type { CallEvent, CallReason } from '../../shared/ledger/call-event.js';
import type { ProtocolId } from '../../shared/protocols/canonical/protocol-id.js';

export type { CallEvent, CallReason } from '../../shared/ledger/call-event.js';

/** One recorded call as `leo stats --events` and the export show it. */
export interface RecordedEvent extends CallEvent {
  id: number;
  /** The team member whose token made the call; absent outside team mode. */
  member?: string;
}

export interface ConversationTotals {
  conversation: string;
  calls: number;
  inputTokens: number;
  cachedInputTokens: number;
  /** Share of input tokens the provider served from its prompt cache. */
  cachedShare: number;
  lastAt: number;
}

export interface LedgerTotals {
  calls: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  costAvoidedUsd: number;
}

export interface ModelTotals extends LedgerTotals {
  reason: CallReason;
  requestedModel: string;
  servedModel: string;
}

export interface MemberTotals extends LedgerTotals {
  member: string;
}

type Maybe<T> = T | Promise<T>;

/** Calls that reached a provider: what was spent. Hits cost nothing, so savings never count as spend. */
export const SPENDING_REASONS = ['passthrough', 'routed', 'error'] as const;
/** The same, as a SQL condition both ledgers filter on. */
export const SPENDING_CONDITION = `reason IN (${SPENDING_REASONS.map((r) => `'${r}'`).join(', ')})`;

/** The record of every call: SQLite in the home, or the team's PostgreSQL. Reads always see every recorded call. */
export interface LedgerStore {
  /** Queues one call; it is written right after the current turn of the event loop. */
  record(event: CallEvent, member?: string): void;
  totals(sinceMs?: number): Maybe<LedgerTotals>;
  byModel(sinceMs?: number): Maybe<ModelTotals[]>;
  /** Recorded calls, oldest first; in team mode optionally one member's. */
  events(options?: { sinceMs?: number; limit?: number; member?: string }): Maybe<RecordedEvent[]>;
  /** What each site's calls spent on the vault's keys since then; in team mode optionally one member's calls. */
  spentBySite(sinceMs: number, member?: string): Maybe<Map<string, number>>;
  conversations(limit?: number): Maybe<ConversationTotals[]>;
  /** Team mode: spend and savings per member. */
  byMember?(sinceMs: number): Promise<MemberTotals[]>;
  /** Team mode: what the team (or one member) spent since then. */
  spentSince?(sinceMs: number, member?: string): Promise<number>;
  close(): void | Promise<void>;
}

/** A row of the `calls` table, as SQLite (flags as 0/1) or PostgreSQL (booleans, and the member) return it. */
export function recordedEventFromRow(r: Record<string, unknown>): RecordedEvent {
  const flag = (v: unknown) => v === true || v === 1;
  return {
    id: r.id as number,
    at: r.at as number,
    ...(typeof r.member === 'string' ? { member: r.member } : {}),
    site: r.site as string,
    protocol: r.protocol as ProtocolId,
    provider: r.provider as string,
    requestedModel: r.requested_model as string,
    servedModel: r.served_model as string,
    stream: flag(r.stream),
    status: r.status as number,
    usage: {
      inputTokens: r.input_tokens as number,
      outputTokens: r.output_tokens as number,
      cachedInputTokens: r.cached_input_tokens as number,
      cacheWriteTokens: r.cache_write_tokens as number,
      ...((r.cache_write_1h_tokens as number) > 0 ? { cacheWrite1hTokens: r.cache_write_1h_tokens as number } : {}),
      reasoningTokens: r.reasoning_tokens as number,
    },
    usageEstimated: flag(r.usage_estimated),
    costUsd: r.cost_usd as number | null,
    costAvoidedUsd: r.cost_avoided_usd as number,
    reason: r.reason as CallReason,
    complete: flag(r.complete),
    latencyMs: r.latency_ms as number,
    detail: r.detail as string,
    conversation: r.conversation as string,
  };
}
