import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, runLeo, spawnLeo, stop } from '../helpers/cli-process.js';

const GOOD_KEY = 'sk-proj-good0123456789abcdefghij';
const EXTENSION = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';

describe('leo doctor on a running setup', () => {
  const work = mkdtempSync(join(tmpdir(), 'leo-doctor-'));
  const home = join(work, 'home');
  let env: NodeJS.ProcessEnv;
  let companion: ChildProcess;
  let port = 0;
  let simUrl = '';
  let unreachable = '';
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    const simPort = await freePort();
    port = await freePort();
    simUrl = `http://127.0.0.1:${simPort}`;
    // Nothing listens here: the provider cannot be asked.
    unreachable = `http://127.0.0.1:${await freePort()}`;
    env = { LEO_HOME: home, XDG_CONFIG_HOME: join(work, 'config'), LEO_PORT: String(port), LEO_UPSTREAM_OPENAI: simUrl, LEO_UPSTREAM_ANTHROPIC: simUrl, LEO_UPSTREAM_GOOGLE: unreachable };
    // The simulator takes one key and refuses every other, like a provider with one valid key.
    children.push((await spawnLeo(['simulate', '--port', String(simPort), '--require-key', GOOD_KEY], env, /SIMULATOR on/)).child);
    await runLeo(['keys', 'add', 'openai'], env, `${GOOD_KEY}\n`);
    await runLeo(['keys', 'add', 'anthropic'], env, 'sk-ant-revoked0123456789abcdefghij\n');
    const oddKey = await runLeo(['keys', 'add', 'google'], env, 'not-a-gemini-key\n');
    expect(oddKey.stdout).toContain('It does not look like a Google Gemini key; leo doctor asks Google Gemini whether it works.');
    companion = (await spawnLeo(['start'], env, /Stop with Ctrl\+C/)).child;
    children.push(companion);
  }, 60_000);

  afterAll(async () => {
    await Promise.all(children.map(stop));
    rmSync(work, { recursive: true, force: true });
  });

  it('asks each provider whether its key works, and judges by format one it cannot reach', async () => {
    const doctor = await runLeo(['doctor'], env);
    expect(doctor.stdout).toContain(`✓ openai key works (${simUrl} accepted it)`);
    expect(doctor.stdout).toContain(`✗ anthropic key is refused by ${simUrl} (401)\n    fix: get a working key from Anthropic and run: leo keys add anthropic`);
    expect(doctor.stdout).toMatch(new RegExp(`! google key: ${unreachable} could not be reached \\(.+\\); it does not look like a Google Gemini key`));
    expect(doctor.code).toBe(1);
  });

  it('says which port the companion holds, whether an extension is paired, and whether the login service is installed', async () => {
    const before = await runLeo(['doctor'], env);
    expect(before.stdout).toContain(`✓ the companion answers on 127.0.0.1:${port}`);
    expect(before.stdout).toContain('! no browser extension is paired');
    expect(before.stdout).toContain('! login service: not installed (leo service install');

    const code = /Pairing code: (\S+)/.exec((await runLeo(['pair'], env)).stdout)![1];
    const paired = await fetch(`http://127.0.0.1:${port}/leo/pair`, { method: 'POST', headers: { origin: EXTENSION, 'content-type': 'application/json' }, body: JSON.stringify({ code }) });
    expect(paired.status).toBe(201);
    expect((await runLeo(['service', 'install'], env)).code).toBe(0);

    const after = await runLeo(['doctor'], env);
    expect(after.stdout).toMatch(new RegExp(`✓ the browser extension is paired \\(${EXTENSION} since \\d{4}-\\d\\d-\\d\\d\\)`));
    // No systemd user instance runs here: installed and enabled, but nobody can say whether it runs.
    expect(after.stdout).toMatch(/! login service: .*leo-optima\.service, enabled at login; no systemd user instance answers here/);
  });

  it('shows the end of the service log when the companion does not answer', async () => {
    await stop(companion);
    mkdirSync(join(home, 'logs'), { recursive: true });
    writeFileSync(join(home, 'logs', 'companion.log'), `earlier line\nleo: port ${port} is in use (another companion? run leo doctor), or pick one with --port.\n`);
    const doctor = await runLeo(['doctor'], env);
    expect(doctor.stdout).toContain(`! no companion is running on 127.0.0.1:${port}`);
    expect(doctor.stdout).toContain(`The end of the service's log (${join(home, 'logs', 'companion.log')}):\n    earlier line\n    leo: port ${port} is in use`);
  });
});
