import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, runLeo, spawnLeo, stop } from '../helpers/cli-process.js';

const PROVIDER_KEY = 'sk-live-crashtest-0123456789';

describe('the companion, killed and restarted, and its logs', () => {
  const home = mkdtempSync(join(tmpdir(), 'leo-crash-'));
  const env = { LEO_HOME: home };
  const children: ChildProcess[] = [];
  let simPort = 0;
  let token = '';

  const startCompanion = async (port: number, extra: string[] = []) => {
    const companion = await spawnLeo(['start', '--port', String(port), ...extra], { ...env, LEO_UPSTREAM_OPENAI: `http://127.0.0.1:${simPort}` }, /Stop with Ctrl\+C/);
    children.push(companion.child);
    return companion;
  };

  const call = (port: number, content: string, headers: Record<string, string> = {}) =>
    fetch(`http://127.0.0.1:${port}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content }], stream: true }),
    });

  beforeAll(async () => {
    simPort = await freePort();
    await runLeo(['keys', 'add', 'openai'], env, `${PROVIDER_KEY}\n`);
    children.push((await spawnLeo(['simulate', '--port', String(simPort), '--tokens-per-sec', '200'], env, /SIMULATOR on/)).child);
    token = (await runLeo(['token'], env)).stdout.trim();
  }, 60_000);

  afterAll(async () => {
    await Promise.all(children.map(stop));
    rmSync(home, { recursive: true, force: true });
  });

  it('keeps the ledger and cache intact when killed mid-write, and serves what it stored before', async () => {
    const port = await freePort();
    const companion = await startCompanion(port);
    const settled = await call(port, 'Explain what a write-ahead log is.');
    await settled.text();
    await new Promise((r) => setTimeout(r, 300));

    // Forty streams in flight, then SIGKILL: no chance to flush or close anything.
    const inFlight = Array.from({ length: 40 }, (_, i) => call(port, `Question ${i}: why is the sky blue?`).then((r) => r.text()).catch(() => 'cut'));
    await new Promise((r) => setTimeout(r, 150));
    companion.child.kill('SIGKILL');
    await Promise.all(inFlight);

    for (const file of ['ledger.sqlite', 'cache.sqlite']) {
      const db = new Database(join(home, file), { readonly: true });
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      db.close();
    }
    const restarted = await startCompanion(port);
    const again = await call(port, 'Explain what a write-ahead log is.');
    expect(again.headers.get('x-leo-cache')).toBe('exact-hit');
    await again.text();
    await stop(restarted.child);
    const ledger = new Database(join(home, 'ledger.sqlite'), { readonly: true });
    const rows = ledger.prepare("SELECT reason FROM calls WHERE reason IN ('passthrough', 'exact-hit') ORDER BY id").all() as { reason: string }[];
    ledger.close();
    expect(rows[0]!.reason).toBe('passthrough');
    expect(rows.at(-1)!.reason).toBe('exact-hit');
  });

  it('logs requests with --log but never a key, the token, a dashboard code or a prompt, however they were sent', async () => {
    const port = await freePort();
    const companion = await startCompanion(port, ['--log']);
    const base = `http://127.0.0.1:${port}`;
    const res = await call(port, 'MY-SECRET-PROMPT-TEXT please answer');
    await res.text();
    await fetch(`${base}/v1/chat/completions`, { method: 'POST', headers: { 'x-api-key': 'sk-wrong-token-abcdef' }, body: '{}' });
    // The token in each place a client may put it, and the dashboard's own links.
    const gemini = { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ contents: [{ parts: [{ text: 'hi' }] }] }) };
    await fetch(`${base}/v1beta/models/gemini-2.5-flash:generateContent?key=${token}`, gemini).then((r) => r.text());
    await fetch(`${base}/v1beta/models/gemini-2.5-flash:generateContent`, { ...gemini, headers: { ...gemini.headers, 'x-goog-api-key': token } }).then((r) => r.text());
    await fetch(`${base}/health`, { headers: { 'api-key': token, authorization: `Bearer ${token}` } }).then((r) => r.text());
    await fetch(`${base}/?key=${token}`, { redirect: 'manual' }).then((r) => r.text());
    await fetch(`${base}/leo/dashboard.json?key=${token}`).then((r) => r.text());
    const link = (await runLeo(['dashboard', '--port', String(port)], env)).stdout.trim().split('\n')[0]!;
    const code = new URL(link).searchParams.get('code')!;
    expect((await fetch(link, { redirect: 'manual' })).status).toBe(303);
    await new Promise((r) => setTimeout(r, 200));
    await stop(companion.child);
    // The banner shows the local token and a dashboard link on purpose; the log lines are the JSON ones.
    const logLines = companion.output().split('\n').filter((line) => line.startsWith('{')).join('\n');
    expect(logLines).toMatch(/"url":"\/v1\/chat\/completions"/);
    expect(logLines).toMatch(/"url":"\/leo\/dashboard\/open\?code=\[redacted\]"/);
    expect(logLines).toMatch(/"url":"\/\?key=\[redacted\]"/);
    for (const secret of [PROVIDER_KEY, token, code, 'MY-SECRET-PROMPT-TEXT', 'sk-wrong-token-abcdef']) expect(logLines).not.toContain(secret);
  });

  it('refuses a ledger that is not a database, saying so and changing nothing', async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'leo-bad-ledger-'));
    writeFileSync(join(elsewhere, 'ledger.sqlite'), 'not a database at all');
    const res = await runLeo(['stats'], { LEO_HOME: elsewhere });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain(`The ledger ${join(elsewhere, 'ledger.sqlite')} cannot be used (file is not a database). Nothing was changed`);
    expect(readFileSync(join(elsewhere, 'ledger.sqlite'), 'utf8')).toBe('not a database at all');
    rmSync(elsewhere, { recursive: true, force: true });
  });
});
