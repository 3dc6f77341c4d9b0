import { describe, expect, it } from 'vitest';
import type { CallEvent } from './call-event.js';
import { summariseSavings } from './savings-summary.js';

const NOW = new Date(2026, 10, 29, 15, 0, 0).getTime();
const HOUR = 3_600_000;

function event(hoursAgo: number, reason: CallEvent['reason'], savedUsd: number, site = 'https://a.example'): CallEvent {
  return {
    at: NOW - hoursAgo * HOUR,
    site,
    protocol: 'openai-chat',
    provider: 'openai',
    requestedModel: 'gpt-4o',
    servedModel: 'gpt-4o',
    stream: false,
    status: reason === 'error' ? 500 : 200,
    usage: { inputTokens: 100, outputTokens: 50, cachedInputTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 },
    usageEstimated: false,
    costUsd: reason.endsWith('hit') ? 0 : 0.001,
    costAvoidedUsd: savedUsd,
    reason,
    complete: true,
    latencyMs: 5,
    detail: '',
    conversation: 'c',
  };
}

describe('the popup figures', () => {
  const events = [
    event(1, 'passthrough', 0),
    event(2, 'exact-hit', 0.002),
    event(3, 'semantic-hit', 0.003, 'https://b.example'),
    event(4, 'error', 0),
    event(24 * 3, 'exact-hit', 0.01),
    event(24 * 40, 'routed', 0.02, 'https://b.example'),
  ];
  const summary = summariseSavings(events, NOW);

  it('splits today, the last 30 days and all time, and every total is the sum of its events', () => {
    expect(summary.today).toMatchObject({ calls: 4, hits: 2, savedUsd: 0.005, tokensSaved: 300 });
    expect(summary.today.hitRate).toBeCloseTo(2 / 3);
    expect(summary.last30Days.calls).toBe(5);
    expect(summary.last30Days.savedUsd).toBeCloseTo(0.015);
    expect(summary.allTime.savedUsd).toBeCloseTo(events.reduce((n, e) => n + e.costAvoidedUsd, 0));
  });

  it('gives 30 days for the chart, today last, and ranks sites by what they saved', () => {
    expect(summary.daily).toHaveLength(30);
    expect(summary.daily[29]!.savedUsd).toBeCloseTo(0.005);
    expect(summary.daily[26]!.savedUsd).toBeCloseTo(0.01);
    expect(summary.daily.reduce((n, d) => n + d.savedUsd, 0)).toBeCloseTo(summary.last30Days.savedUsd);
    expect(summary.topSites.map((s) => s.site)).toEqual(['https://b.example', 'https://a.example']);
  });
});
