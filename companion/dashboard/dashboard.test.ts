import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../tests/helpers/companion-harness.js';
import type { DashboardData } from './dashboard-data.js';
import { DashboardLinks } from '../store/dashboard-links.js';

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

  it('opens with the one-time link `leo dashboard` prints, and keeps the token out of every URL', async () => {
    expect((await fetch(`${h.url}/`)).status).toBe(401);
    expect((await fetch(`${h.url}/leo/dashboard.json`)).status).toBe(401);
    const code = new DashboardLinks(h.home).issueCode();
    const opened = await fetch(`${h.url}/leo/dashboard/open?code=${code}`, { redirect: 'manual' });
    expect(opened.status).toBe(303);
    expect(opened.headers.get('location')).toBe('/');
    const cookie = opened.headers.get('set-cookie')!.split(';')[0]!;
    expect(opened.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Strict/);
    const page = await fetch(`${h.url}/`, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('id="chart-daily"');
    expect((await fetch(`${h.url}/leo/dashboard.json`, { headers: { cookie } })).status).toBe(200);

    // The link works once; the cookie opens the dashboard and nothing else.
    expect((await fetch(`${h.url}/leo/dashboard/open?code=${code}`, { redirect: 'manual' })).status).toBe(403);
    expect((await fetch(`${h.url}/leo/dashboard/open?code=guess`, { redirect: 'manual' })).status).toBe(403);
    const api = await fetch(`${h.url}/v1/chat/completions`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }) });
    expect(api.status).toBe(401);
    expect((await fetch(`${h.url}/health`, { headers: { cookie } })).status).toBe(401);

    // An old `/?key=<token>` link still opens it, and moves to the cookie at once.
    const legacy = await fetch(`${h.url}/?key=${h.token}`, { redirect: 'manual' });
    expect(legacy.status).toBe(303);
    expect(legacy.headers.get('set-cookie')).toMatch(/^leo_dashboard=/);
  });

  it('shows figures that are the ledger’s own sums', async () => {
    const data = (await (await fetch(`${h.url}/leo/dashboard.json`, { headers: { authorization: `Bearer ${h.token}` } })).json()) as DashboardData;
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
