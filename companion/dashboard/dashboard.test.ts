import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../tests/helpers/companion-harness.js';
import type { DashboardData } from './dashboard-data.js';

describe('the companion dashboard', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ config: { routing: { mode: 'off', allowPinned: false } } });
    const call = (content: string) =>
      fetch(`${h.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json', 'x-leo-site': 'https://playground.example' },
        body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content }] }),
      }).then((r) => r.text());
    await call('What is the boiling point of water at sea level?');
    await call('What is the boiling point of water at sea level?');
    await call('Name the largest ocean on Earth.');
  });
  afterAll(() => h.close());

  it('needs the token, for the page and for its figures', async () => {
    expect((await fetch(`${h.url}/`)).status).toBe(401);
    expect((await fetch(`${h.url}/leo/dashboard.json`)).status).toBe(401);
    const page = await fetch(`${h.url}/?key=${h.token}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('id="chart-daily"');
  });

  it('shows figures that are the ledger’s own sums', async () => {
    const data = (await (await fetch(`${h.url}/leo/dashboard.json?key=${h.token}`)).json()) as DashboardData;
    const events = h.ledger.events();
    const saved = events.reduce((n, e) => n + e.costAvoidedUsd, 0);
    const spent = events.reduce((n, e) => n + (e.costUsd ?? 0), 0);
    expect(saved).toBeGreaterThan(0);
    expect(data.allTime.calls).toBe(3);
    expect(data.allTime.costAvoidedUsd).toBeCloseTo(saved, 12);
    expect(data.summary.today.calls).toBe(3);
    expect(data.summary.today.hitRate).toBeCloseTo(1 / 3);
    expect(data.byReason.find((r) => r.reason === 'exact-hit')?.calls).toBe(1);
    expect(data.summary.topSites[0]).toMatchObject({ site: 'https://playground.example', calls: 3 });
    expect(data.cache).toMatchObject({ entries: 2 });
    // Without LEO Optima, this month would have cost what was spent plus what was saved.
    expect(data.forecast.projectedWithoutUsd / data.forecast.projectedWithUsd).toBeCloseTo((spent + saved) / spent, 9);
    expect(data.recent).toHaveLength(3);
  });
});
