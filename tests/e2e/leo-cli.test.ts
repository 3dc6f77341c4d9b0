import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, runLeo, spawnLeo, stop } from '../helpers/cli-process.js';
import type { ChildProcess } from 'node:child_process';
import { Ledger } from '../../companion/store/ledger.js';

describe('leo start in front of leo simulate', () => {
  const home = mkdtempSync(join(tmpdir(), 'leo-cli-'));
  const env: NodeJS.ProcessEnv = { LEO_HOME: home };
  const children: ChildProcess[] = [];
  let companionUrl = '';

  beforeAll(async () => {
    const simPort = await freePort();
    const port = await freePort();
    const added = await runLeo(['keys', 'add', 'openai'], env, 'sk-live-abcdefghijklmnop\n');
    expect(added.code).toBe(0);
    env.LEO_UPSTREAM_OPENAI = `http://127.0.0.1:${simPort}`;
    const sim = await spawnLeo(['simulate', '--port', String(simPort)], env, /SIMULATOR on/);
    children.push(sim.child);
    const companion = await spawnLeo(['start', '--port', String(port)], env, /Stop with Ctrl\+C/);
    children.push(companion.child);
    companionUrl = `http://127.0.0.1:${port}`;
  }, 60_000);

  afterAll(async () => {
    await Promise.all(children.map(stop));
    rmSync(home, { recursive: true, force: true });
  });

  it('serves a streamed chat completion to the official openai SDK, and leo stats shows it', async () => {
    const token = (await runLeo(['token'], env)).stdout.trim();
    const client = new OpenAI({ apiKey: token, baseURL: `${companionUrl}/v1`, maxRetries: 0 });
    const stream = await client.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'What is a monad?' }],
      stream: true,
    });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toContain('What is a monad?');

    const stats = await runLeo(['stats'], env);
    expect(stats.code).toBe(0);
    expect(stats.stdout).toMatch(/1 calls/);
    // A one-line question is light work: the router sent it to gpt-4o's lighter tier.
    expect(stats.stdout).toMatch(/routed\s+gpt-4o -> gpt-4o-mini\s+1\s/);
  });

  it('shows the events behind the figures, and an export whose sums are the totals', async () => {
    const token = (await runLeo(['token'], env)).stdout.trim();
    const client = new OpenAI({ apiKey: token, baseURL: `${companionUrl}/v1`, maxRetries: 0 });
    await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'What is a monad?' }], stream: true }).then(async (s) => {
      for await (const _ of s);
    });
    const events = await runLeo(['stats', '--events'], env);
    expect(events.stdout).toMatch(/routed\s+gpt-4o -> gpt-4o-mini/);
    expect(events.stdout).toMatch(/exact-hit\s+gpt-4o -> gpt-4o-mini/);

    const file = join(home, 'events.jsonl');
    expect((await runLeo(['stats', '--export', file], env)).code).toBe(0);
    const exported = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { costUsd: number | null; costAvoidedUsd: number });
    const ledger = new Ledger(home);
    const totals = ledger.totals();
    ledger.close();
    expect(exported).toHaveLength(totals.calls);
    expect(exported.reduce((sum, e) => sum + e.costAvoidedUsd, 0)).toBeCloseTo(totals.costAvoidedUsd, 12);
    expect(exported.reduce((sum, e) => sum + (e.costUsd ?? 0), 0)).toBeCloseTo(totals.costUsd, 12);
    expect(totals.costAvoidedUsd).toBeGreaterThan(0);
  });

  it('keeps the key encrypted and shows it only masked', async () => {
    const list = await runLeo(['keys', 'list'], env);
    expect(list.stdout).toMatch(/openai\s+sk-…mnop/);
    expect(list.stdout).not.toContain('abcdefghijklmnop');
    for (const file of ['keys.json', 'vault.key', 'token', 'ledger.sqlite', 'cache.sqlite']) {
      expect(statSync(join(home, file)).mode & 0o777).toBe(0o600);
    }
  });

  it('leo doctor finds the running companion and no problems', async () => {
    const doctor = await runLeo(['doctor', '--port', new URL(companionUrl).port], env);
    expect(doctor.stdout).toMatch(/✓ the companion answers/);
    expect(doctor.stdout).toContain('✓ openai key works');
    expect(doctor.code).toBe(0);
  });

  it('leo grants lends the keys to a site, with a cap, shows it (doctor too) and takes it back; a bad site is refused', async () => {
    expect((await runLeo(['grants', 'add', 'https://agent.example', '--cap', '2.5'], env)).stdout).toMatch(/https:\/\/agent\.example may now use your keys through the extension, up to \$2\.5 a day/);
    expect((await runLeo(['grants', 'list'], env)).stdout).toMatch(/https:\/\/agent\.example\s+spent today \$0\.0000\s+daily cap \$2\.5/);
    expect((await runLeo(['doctor', '--port', new URL(companionUrl).port], env)).stdout).toMatch(/✓ sites lent your keys: https:\/\/agent\.example \(cap \$2\.5\/day\)/);
    const bad = await runLeo(['grants', 'add', 'agent.example'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/'agent\.example' is not a site: give its origin/);
    expect((await runLeo(['grants', 'revoke', 'https://agent.example'], env)).stdout).toMatch(/may no longer use your keys/);
    expect((await runLeo(['grants', 'list'], env)).stdout).toMatch(/No site may use your keys/);
  });

  it('leo providers sets an Azure resource in the home, where flags and LEO_UPSTREAM_* still win, and refuses a bad address', async () => {
    const azureEnv = { LEO_HOME: home };
    expect((await runLeo(['providers', 'list'], azureEnv)).stdout).toMatch(/azure\s+not set \(leo providers add azure --base-url URL\)/);
    expect((await runLeo(['providers', 'add', 'azure', '--base-url', 'https://contoso.openai.azure.com/'], azureEnv)).stdout).toContain('Azure OpenAI calls now go to https://contoso.openai.azure.com');
    expect((await runLeo(['providers', 'list'], azureEnv)).stdout).toMatch(/azure\s+https:\/\/contoso\.openai\.azure\.com  \(leo providers add\)/);
    expect((await runLeo(['providers', 'list'], { ...azureEnv, LEO_UPSTREAM_AZURE: 'http://127.0.0.1:9' })).stdout).toMatch(/azure\s+http:\/\/127\.0\.0\.1:9  \(flag or LEO_UPSTREAM_\*\)/);
    const bad = await runLeo(['providers', 'add', 'azure', '--base-url', 'contoso'], azureEnv);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("The upstream URL for azure is not a URL: 'contoso'.");
    expect((await runLeo(['providers', 'remove', 'azure'], azureEnv)).code).toBe(0);
    expect((await runLeo(['providers', 'list'], azureEnv)).stdout).toMatch(/azure\s+not set/);
  });

  it('says what is wrong with a bad command', async () => {
    const res = await runLeo(['keys', 'add', 'nosuchprovider'], env, 'x');
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/Unknown provider 'nosuchprovider'/);
  });
});
