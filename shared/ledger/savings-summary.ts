import type { CallEvent } from './call-event.js';

const DAY_MS = 86_400_000;

export interface PeriodTotals {
  calls: number;
  hits: number;
  /** Hits over calls that could have hit (errors excluded); 0 with no calls. */
  hitRate: number;
  savedUsd: number;
  /** Tokens the provider was not asked for: the cached answers' input and output. */
  tokensSaved: number;
  spentUsd: number;
}

export interface SiteTotals {
  site: string;
  calls: number;
  savedUsd: number;
}

export interface SavingsSummary {
  today: PeriodTotals;
  last30Days: PeriodTotals;
  allTime: PeriodTotals;
  /** Oldest first: one figure per local day, today last. */
  daily: { day: string; savedUsd: number; calls: number }[];
  topSites: SiteTotals[];
}

const isHit = (e: CallEvent) => e.reason === 'exact-hit' || e.reason === 'semantic-hit';

function totals(events: CallEvent[]): PeriodTotals {
  let hits = 0;
  let answered = 0;
  let savedUsd = 0;
  let tokensSaved = 0;
  let spentUsd = 0;
  for (const e of events) {
    if (e.reason !== 'error') answered += 1;
    if (isHit(e)) {
      hits += 1;
      tokensSaved += e.usage.inputTokens + e.usage.outputTokens;
    }
    savedUsd += e.costAvoidedUsd;
    spentUsd += e.costUsd ?? 0;
  }
  return { calls: events.length, hits, hitRate: answered === 0 ? 0 : hits / answered, savedUsd, tokensSaved, spentUsd };
}

function localDay(at: number): string {
  const d = new Date(at);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Every figure the popup shows, computed from ledger events alone, so each traces to events. */
export function summariseSavings(events: CallEvent[], now = Date.now()): SavingsSummary {
  const midnight = new Date(now);
  midnight.setHours(0, 0, 0, 0);
  const startOfToday = midnight.getTime();
  const start30 = startOfToday - 29 * DAY_MS;
  const recent = events.filter((e) => e.at >= start30);

  const days = new Map<string, { day: string; savedUsd: number; calls: number }>();
  for (let i = 29; i >= 0; i -= 1) {
    const day = localDay(startOfToday - i * DAY_MS + DAY_MS / 2);
    days.set(day, { day, savedUsd: 0, calls: 0 });
  }
  for (const e of recent) {
    const slot = days.get(localDay(e.at));
    if (!slot) continue;
    slot.savedUsd += e.costAvoidedUsd;
    slot.calls += 1;
  }

  const sites = new Map<string, SiteTotals>();
  for (const e of events) {
    const site = sites.get(e.site) ?? { site: e.site, calls: 0, savedUsd: 0 };
    site.calls += 1;
    site.savedUsd += e.costAvoidedUsd;
    sites.set(e.site, site);
  }

  return {
    today: totals(events.filter((e) => e.at >= startOfToday)),
    last30Days: totals(recent),
    allTime: totals(events),
    daily: [...days.values()],
    topSites: [...sites.values()].sort((a, b) => b.savedUsd - a.savedUsd || b.calls - a.calls).slice(0, 5),
  };
}
