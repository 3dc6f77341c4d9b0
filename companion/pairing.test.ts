import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Pairings } from './store/pairings.js';
import { startHarness, type Harness } from '../tests/helpers/companion-harness.js';

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
