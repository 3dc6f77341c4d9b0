import type { CallEvent, CallReason } from '../../shared/ledger/call-event.js';
import { summariseSavings, type SavingsSummary } from '../../shared/ledger/savings-summary.js';
import type { LedgerStore, LedgerTotals, MemberTotals, ModelTotals, RecordedEvent } from '../store/ledger-store.js';

const DAY_MS = 86_400_000;

export interface MonthForecast {
  daysInMonth: number;
  daysElapsed: number;
  spentSoFarUsd: number;
  savedSoFarUsd: number;
  /** This month's spend at the pace so far, with LEO Optima and as it would have been without. */
  projectedWithUsd: number;
  projectedWithoutUsd: number;
}

export interface DashboardData {
  generatedAt: number;
  /** Today and the last 30 days (hit rate, daily savings, top sites), from the events. */
  summary: Omit<SavingsSummary, 'allTime'>;
  allTime: LedgerTotals;
  byReason: { reason: CallReason; calls: number; savedUsd: number; spentUsd: number }[];
  byModel: ModelTotals[];
  routed: RecordedEvent[];
  recent: RecordedEvent[];
  cache: { entries: number; bytes: number } | null;
  forecast: MonthForecast;
  /** Team mode: spend and savings per member over the last 30 days. */
  members?: MemberTotals[];
  /** The member whose calls `recent` and `routed` show, when one was picked (or the caller is a member). */
  member?: string;
  /** Answers a consensus panel gave in the period, what all their members cost, and what one call each would have. */
  consensus: ConsensusCost;
}

export interface ConsensusCost {
  /** The configured panel (`LEO_CONSENSUS_PANEL`, consensus.json); empty when none is. */
  panel: string[];
  answers: number;
  memberCalls: number;
  costUsd: number;
  singleCallUsd: number;
}

/** Member calls carry `consensus <panel id>` in their detail: per panel, the sum of its members' costs against their mean. */
export function consensusCost(events: CallEvent[], panel: string[]): ConsensusCost {
  const panels = new Map<string, number[]>();
  for (const e of events) {
    const id = /^consensus (\w+) /.exec(e.detail)?.[1];
    if (id) panels.set(id, [...(panels.get(id) ?? []), e.costUsd ?? 0]);
  }
  const costs = [...panels.values()];
  return {
    panel,
    answers: costs.length,
    memberCalls: costs.reduce((n, c) => n + c.length, 0),
    costUsd: costs.reduce((n, c) => n + c.reduce((a, b) => a + b, 0), 0),
    singleCallUsd: costs.reduce((n, c) => n + c.reduce((a, b) => a + b, 0) / c.length, 0),
  };
}

function byReason(events: CallEvent[]): DashboardData['byReason'] {
  const rows = new Map<CallReason, DashboardData['byReason'][number]>();
  for (const e of events) {
    const row = rows.get(e.reason) ?? { reason: e.reason, calls: 0, savedUsd: 0, spentUsd: 0 };
    row.calls += 1;
    row.savedUsd += e.costAvoidedUsd;
    row.spentUsd += e.costUsd ?? 0;
    rows.set(e.reason, row);
  }
  return [...rows.values()].sort((a, b) => b.calls - a.calls);
}

/** Linear at this month's pace so far: simple, and every input is a ledger sum the user can check. */
export function monthForecast(events: CallEvent[], now: number): MonthForecast {
  const date = new Date(now);
  const monthStart = new Date(date.getFullYear(), date.getMonth(), 1).getTime();
  const daysInMonth = new Date(date.getFullYear(), date.getMonth() + 1, 0).getDate();
  const daysElapsed = Math.max(1, (now - monthStart) / DAY_MS);
  const month = events.filter((e) => e.at >= monthStart);
  const spent = month.reduce((n, e) => n + (e.costUsd ?? 0), 0);
  const saved = month.reduce((n, e) => n + e.costAvoidedUsd, 0);
  const scale = daysInMonth / daysElapsed;
  return { daysInMonth, daysElapsed, spentSoFarUsd: spent, savedSoFarUsd: saved, projectedWithUsd: spent * scale, projectedWithoutUsd: (spent + saved) * scale };
}

/**
 * Everything the dashboard shows, from the ledger alone (and the cache's size). With a
 * member named, the lists of calls are that member's; the totals stay the team's.
 */
export async function dashboardData(ledger: LedgerStore, cache: { entries: number; bytes: number } | null, options: { member?: string; now?: number; consensusPanel?: string[] } = {}): Promise<DashboardData> {
  const now = options.now ?? Date.now();
  const since = Math.min(now - 31 * DAY_MS, new Date(new Date(now).getFullYear(), new Date(now).getMonth(), 1).getTime());
  const events = await ledger.events({ sinceMs: since });
  const listed = options.member === undefined ? events : events.filter((e) => (e as RecordedEvent).member === options.member);
  const { allTime: _ofTheseEventsOnly, ...summary } = summariseSavings(events, now);
  return {
    generatedAt: now,
    summary,
    allTime: await ledger.totals(),
    byReason: byReason(events),
    byModel: await ledger.byModel(now - 30 * DAY_MS),
    routed: listed.filter((e) => e.reason === 'routed').slice(-20).reverse(),
    recent: listed.slice(-25).reverse(),
    cache,
    forecast: monthForecast(events, now),
    consensus: consensusCost(events, options.consensusPanel ?? []),
    ...(ledger.byMember ? { members: await ledger.byMember(now - 30 * DAY_MS) } : {}),
    ...(options.member !== undefined ? { member: options.member } : {}),
  };
}
