import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Pairings } from './store/pairings.js';
import { PROVIDER_KEY, startHarness, type Harness } from '../tests/helpers/companion-harness.js';

const EXTENSION = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';
const OTHER_EXTENSION = 'chrome-extension://ponmlkjihgfedcbaponmlkjihgfedcba';

describe('pairing the extension with the companion', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  const pair = (code: string, origin: string) =>
    fetch(`${h.url}/leo/pair`, { method: 'POST', headers: { origin, 'content-type': 'application/json' }, body: JSON.stringify({ code }) });
  const health = (token: string, origin?: string) =>
    fetch(`${h.url}/health`, { headers: { authorization: `Bearer ${token}`, ...(origin ? { origin } : {}) } });

  it('trades the code `leo pair` printed for a token that only its extension can use', async () => {
    const { code } = new Pairings(h.home).issueCode();
    const res = await pair(code.toLowerCase(), EXTENSION);
    expect(res.status).toBe(201);
    const { token } = (await res.json()) as { token: string };
    expect(token).toMatch(/^leo-pair-/);

    expect((await health(token, EXTENSION)).status).toBe(200);
    // The service worker's GETs carry no Origin at all.
    expect((await health(token)).status).toBe(200);
    expect((await health(token, OTHER_EXTENSION)).status).toBe(403);
    expect((await health(token, 'https://evil.example')).status).toBe(403);

    // The code worked once.
    const again = await pair(code, EXTENSION);
    expect(again.status).toBe(403);
    expect(((await again.json()) as { error: { message: string } }).error.message).toMatch(/leo pair/);

    // Only hashes reach the disk, in files only the owner reads.
    const stat = statSync(join(h.home, 'pairings.json'));
    expect(stat.mode & 0o777).toBe(0o600);
  });

  it('opens CORS to the paired extension alone', async () => {
    const preflight = (origin: string) =>
      fetch(`${h.url}/v1/chat/completions`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } });
    const paired = await preflight(EXTENSION);
    expect(paired.status).toBe(204);
    expect(paired.headers.get('access-control-allow-origin')).toBe(EXTENSION);
    const stranger = await preflight('https://evil.example');
    expect(stranger.status).toBe(401);
    expect(stranger.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses web pages, wrong codes and guessing', async () => {
    const { code } = new Pairings(h.home).issueCode();
    expect((await pair(code, 'https://evil.example')).status).toBe(403);
    for (let i = 0; i < 5; i += 1) expect((await pair('AAAA-AAAA', OTHER_EXTENSION)).status).toBe(403);
    // After five wrong guesses even the right code is withdrawn.
    const late = await pair(code, OTHER_EXTENSION);
    expect(late.status).toBe(403);
    expect(((await late.json()) as { error: { message: string } }).error.message).toMatch(/No pairing code is waiting/);
    expect((await fetch(`${h.url}/leo/pair`, { method: 'POST', headers: { origin: EXTENSION }, body: 'not json' })).status).toBe(400);
  });
});

describe('lending the vault keys to the sites the user granted', () => {
  let h: Harness;
  let token: string;
  const SITE = 'https://playground.example';
  beforeAll(async () => {
    h = await startHarness();
    const { code } = new Pairings(h.home).issueCode();
    const res = await fetch(`${h.url}/leo/pair`, { method: 'POST', headers: { origin: EXTENSION, 'content-type': 'application/json' }, body: JSON.stringify({ code }) });
    ({ token } = (await res.json()) as { token: string });
  });
  afterAll(() => h.close());

  const asExtension = (path: string, init: RequestInit = {}) =>
    fetch(`${h.url}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, origin: EXTENSION, ...(init.body ? { 'content-type': 'application/json' } : {}), ...init.headers } });
  const pageCall = (site: string) =>
    asExtension('/v1/chat/completions', {
      method: 'POST',
      headers: { 'x-leo-site': site, 'x-leo-cache-mode': 'off', 'x-leo-route-mode': 'off' },
      body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Spend my quota?' }] }),
    });
  const grant = (site: string, dailyCapUsd: number | null = null) => asExtension('/leo/key-grants', { method: 'PUT', body: JSON.stringify({ site, dailyCapUsd }) });

  it('refuses a paired call for a site the user never granted, before any provider is asked', async () => {
    const before = h.simulator.stats.requests;
    const res = await pageCall(SITE);
    expect(res.status).toBe(403);
    expect(res.headers.get('x-leo-error')).toBe('permission');
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/may not use your provider keys/);
    expect(h.simulator.stats.requests).toBe(before);
  });

  it('serves a granted site with the vault key, shows what it spent, and stops at once when revoked', async () => {
    expect((await grant(SITE)).status).toBe(200);
    const res = await pageCall(SITE);
    expect(res.status).toBe(200);
    await res.text();
    expect(h.simulator.stats.lastRequest!.headers.authorization).toBe(`Bearer ${PROVIDER_KEY}`);
    // Another site is not covered by this one's grant.
    expect((await pageCall('https://other.example')).status).toBe(403);

    const listed = (await (await asExtension('/leo/key-grants')).json()) as { grants: { site: string; spentTodayUsd: number }[] };
    expect(listed.grants).toHaveLength(1);
    expect(listed.grants[0]!.site).toBe(SITE);
    expect(listed.grants[0]!.spentTodayUsd).toBeGreaterThan(0);
    expect(statSync(join(h.home, 'key-grants.json')).mode & 0o777).toBe(0o600);

    expect((await asExtension(`/leo/key-grants?site=${encodeURIComponent(SITE)}`, { method: 'DELETE' })).status).toBe(200);
    expect((await pageCall(SITE)).status).toBe(403);
  });

  it('holds a site to its daily cap, and the user\'s own token to nothing', async () => {
    await grant(SITE, 0);
    const capped = await pageCall(SITE);
    expect(capped.status).toBe(429);
    expect(capped.headers.get('x-leo-error')).toBe('rate_limit');
    const own = await fetch(`${h.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json', 'x-leo-cache-mode': 'off' },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'My own script.' }] }),
    });
    expect(own.status).toBe(200);
  });

  it.each([
    [{ site: 'playground.example' }, /not a site/],
    [{ site: 'https://playground.example/path' }, /not a site/],
    [{ site: 'https://playground.example', dailyCapUsd: -1 }, /dailyCapUsd/],
    [{ dailyCapUsd: 5 }, /site/],
  ])('refuses the grant %j with a clear message', async (body, message) => {
    const res = await asExtension('/leo/key-grants', { method: 'PUT', body: JSON.stringify(body) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(message);
  });
});
