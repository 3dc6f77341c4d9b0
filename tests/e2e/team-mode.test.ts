import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../companion/simulator/server.js';
import { PROVIDER_KEY, startTeamCompanion, type TeamCompanion } from '../helpers/companion-harness.js';
import { startPostgres, type PostgresServer } from '../helpers/postgres-server.js';
import { freePort, LEO_BIN, leoAt } from '../helpers/cli-process.js';
import { PROVIDER_IDS } from '../../shared/protocols/providers.js';
import { TEAM_MIGRATIONS } from '../../companion/store/postgres/team-migrations.js';

const { runLeo, spawnLeo } = leoAt(LEO_BIN);

let server: PostgresServer;
let simulator: Simulator;
let databaseUrl: string;
let a: TeamCompanion;
let b: TeamCompanion;
const tokens: Record<string, string> = {};
const savedVaultKey = process.env.LEO_VAULT_KEY;

/** `leo ARGS` on the team's database, from a home of its own. */
const leo = (args: string[], stdin?: string) => runLeo([...args, '--database', databaseUrl], { LEO_HOME: a.home, LEO_VAULT_KEY: process.env.LEO_VAULT_KEY }, stdin);

async function addMember(name: string, role: string): Promise<string> {
  const { code, stdout, stderr } = await leo(['team', 'add', name, '--role', role]);
  expect(code, stderr).toBe(0);
  const token = /leo_member_[A-Za-z0-9_-]+/.exec(stdout)?.[0];
  expect(token).toBeDefined();
  return token!;
}

const openai = (companion: TeamCompanion, token: string) => new OpenAI({ apiKey: token, baseURL: `${companion.url}/v1`, maxRetries: 0 });

async function ask(companion: TeamCompanion, token: string, prompt: string, headers: Record<string, string> = {}) {
  const { data, response } = await openai(companion, token).chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: prompt }] }, { headers }).withResponse();
  return { text: data.choices[0]!.message.content, cache: response.headers.get('x-leo-cache') };
}

/**
 * Asks until the answer comes from the cache as `status`, or gives up after `ms` (a rewording
 * reaches the other companion's index by notification). The misses on the way store nothing.
 */
async function askUntil(companion: TeamCompanion, token: string, prompt: string, status: string, ms = 5000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const answer = await ask(companion, token, prompt, { 'cache-control': 'no-store' });
    if (answer.cache === status || Date.now() > deadline) return answer;
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  // Every companion of a team seals and opens provider keys with the same vault key.
  process.env.LEO_VAULT_KEY = randomBytes(32).toString('base64');
  server = await startPostgres();
  databaseUrl = await server.newDatabase();
  simulator = await startSimulator();
  a = await startTeamCompanion(databaseUrl, simulator);
  b = await startTeamCompanion(databaseUrl, simulator);
  for (const provider of PROVIDER_IDS) await a.stores.vault.add(provider, PROVIDER_KEY);
  tokens.admin = await addMember('ada', 'admin');
  tokens.member = await addMember('mo', 'member');
  tokens.viewer = await addMember('vi', 'viewer');
}, 60_000);

afterAll(async () => {
  await a?.close();
  await b?.close();
  await simulator?.close();
  await server?.stop();
  if (savedVaultKey === undefined) delete process.env.LEO_VAULT_KEY;
  else process.env.LEO_VAULT_KEY = savedVaultKey;
});

describe('team mode: companions on one PostgreSQL database are one service', () => {
  it('an answer stored through one companion is an exact hit through the other at once, and a reworded hit within seconds', async () => {
    const before = simulator.stats.requests;
    const first = await ask(a, tokens.member!, 'How do I reverse a string in Python?');
    expect(first.cache).toBe('miss');
    const again = await ask(b, tokens.admin!, 'How do I reverse a string in Python?');
    expect(again).toEqual({ text: first.text, cache: 'exact-hit' });
    const reworded = await askUntil(b, tokens.member!, 'How can I reverse a Python string?', 'semantic-hit');
    expect(reworded).toEqual({ text: first.text, cache: 'semantic-hit' });
    expect(simulator.stats.requests - before).toBe(1);
  });

  it('a companion that starts late, or whose listener reconnects, catches up on what the others stored', async () => {
    await ask(a, tokens.member!, 'What is the capital of Australia?');
    const late = await startTeamCompanion(databaseUrl, simulator);
    try {
      expect(await ask(late, tokens.member!, "What's Australia's capital city?", { 'cache-control': 'no-store' })).toMatchObject({ cache: 'semantic-hit' });

      // Cut every companion's listening connection: each must reconnect, and read again what it may have missed.
      const admin = new pg.Client({ connectionString: databaseUrl });
      await admin.connect();
      const cut = await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN%' AND pid <> pg_backend_pid()");
      await admin.end();
      expect(cut.rowCount).toBe(3);
      await ask(a, tokens.member!, 'How many legs does a spider have?');
      expect(await askUntil(late, tokens.member!, 'How many legs do spiders have?', 'semantic-hit')).toMatchObject({ cache: 'semantic-hit' });
      expect(await askUntil(b, tokens.member!, 'How many legs do spiders have?', 'semantic-hit')).toMatchObject({ cache: 'semantic-hit' });
      expect(await askUntil(late, tokens.member!, 'What number of legs does a spider have?', 'semantic-hit')).toMatchObject({ cache: 'semantic-hit' });
    } finally {
      await late.close();
    }
  });

  it('a companion killed mid-stream loses nothing the other has stored, and stores nothing of the cut answer', async () => {
    await ask(a, tokens.member!, 'What is a monad, in one paragraph?');
    const recorded = (await a.stores.ledger.events()).length;
    const port = await freePort();
    const home = mkdtempSync(join(tmpdir(), 'leo-team-killed-'));
    const { child } = await spawnLeo(['start', '--database', databaseUrl, '--port', String(port), '--upstream', `openai=${simulator.url}`], { LEO_HOME: home }, /Stop with Ctrl\+C/);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens.member}`, 'content-type': 'application/json', 'x-sim-tokens-per-sec': '5' },
        body: JSON.stringify({ model: 'gpt-4o', stream: true, messages: [{ role: 'user', content: 'Tell me a long story about a lighthouse keeper.' }] }),
      });
      const reader = res.body!.getReader();
      await reader.read();
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      await reader.read().catch(() => undefined);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(home, { recursive: true, force: true });
    }
    expect(await ask(a, tokens.member!, 'What is a monad, in one paragraph?')).toMatchObject({ cache: 'exact-hit' });
    expect(await ask(b, tokens.member!, 'Tell me a long story about a lighthouse keeper.', { 'cache-control': 'no-store' })).toMatchObject({ cache: 'miss' });
    expect((await a.stores.ledger.events()).length).toBeGreaterThanOrEqual(recorded + 1);
    const fresh = await startTeamCompanion(databaseUrl, simulator);
    try {
      expect(await ask(fresh, tokens.member!, 'What is a monad, in one paragraph?')).toMatchObject({ cache: 'exact-hit' });
    } finally {
      await fresh.close();
    }
  });

  it("a stranger's notification on the cache's channel makes the companions read their index again, not fall over", async () => {
    await ask(a, tokens.member!, 'What does a lighthouse keeper do all day?');
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query("SELECT pg_notify('leo_entries', 'not json'), pg_notify('leo_entries', '{\"from\": \"x\", \"payload\": \"{\\\"added\\\": 7}\"}')");
    await client.end();
    expect(await askUntil(b, tokens.member!, 'What does a lighthouse keeper do every day?', 'semantic-hit')).toMatchObject({ cache: 'semantic-hit' });
  });

  it('records each call with the member who made it, in one ledger every companion and leo team list read', async () => {
    const since = Date.now();
    await ask(b, tokens.member!, 'Name three prime numbers.');
    // Companion b writes the row once the provider's answer has ended, which may be just after the caller has it
    // (and so may the rows of the calls before this test: only calls made since it began are counted).
    const sinceNow = () => a.stores.ledger.events({ member: 'mo', sinceMs: since });
    await expect.poll(async () => (await sinceNow()).length).toBe(1);
    expect((await sinceNow())[0]).toMatchObject({ member: 'mo', requestedModel: 'gpt-4o', site: expect.stringContaining('OpenAI') });
    const { stdout } = await leo(['team', 'list']);
    expect(stdout).toMatch(/ada\s+admin/);
    expect(stdout).toMatch(/mo\s+member\s+\$0\.0\d+/);
    expect(stdout).toMatch(/vi\s+viewer/);

    const dashboard = await fetch(`${b.url}/leo/dashboard.json`, { headers: { authorization: `Bearer ${tokens.viewer}` } });
    expect(dashboard.status).toBe(200);
    const data = (await dashboard.json()) as { members: { member: string; calls: number }[] };
    expect(data.members.find((m) => m.member === 'mo')?.calls).toBeGreaterThan(0);
  });
});

describe('team mode: the dashboard', () => {
  const dashboardJson = (companion: TeamCompanion, headers: Record<string, string>, query = '') =>
    fetch(`${companion.url}/leo/dashboard.json${query}`, { headers }).then(async (r) => ({ status: r.status, body: (await r.json()) as { member?: string; members?: { member: string }[]; recent: { member?: string }[] } }));

  it('shows a member the team figures and their own calls only; a viewer picks any member', async () => {
    await ask(a, tokens.member!, 'Which calls does mo see?');
    await ask(a, tokens.admin!, 'Which calls does ada see?');
    const own = await dashboardJson(b, { authorization: `Bearer ${tokens.member}` }, '?member=ada');
    expect(own.status).toBe(200);
    expect(own.body.member).toBe('mo');
    expect(own.body.recent.length).toBeGreaterThan(0);
    expect(own.body.recent.every((e) => e.member === 'mo')).toBe(true);
    expect(own.body.members!.map((m) => m.member)).toContain('mo');

    const picked = await dashboardJson(b, { authorization: `Bearer ${tokens.viewer}` }, '?member=ada');
    expect(picked.body.member).toBe('ada');
    expect(picked.body.recent.every((e) => e.member === 'ada')).toBe(true);
  });

  it("opens from a member's link as a session of that member, which ends when the member is removed", async () => {
    const token = await addMember('watcher', 'viewer');
    const opened = await fetch(`${a.url}/?key=${token}`, { redirect: 'manual' });
    expect(opened.status).toBe(303);
    const cookie = opened.headers.get('set-cookie')!.split(';')[0]!;
    expect((await dashboardJson(a, { cookie })).status).toBe(200);
    await leo(['team', 'remove', 'watcher']);
    expect((await dashboardJson(a, { cookie })).status).toBe(401);
  });
});

describe('team mode: members, roles and tokens', () => {
  it('a viewer may open the dashboard but not call the API: a 403 in the caller protocol names the role needed', async () => {
    const refused = await openai(a, tokens.viewer!).chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect((refused as Error).message).toMatch(/needs the member role.*vi is a viewer/);

    const claude = new Anthropic({ apiKey: tokens.viewer!, baseURL: a.url, maxRetries: 0 });
    const refusedClaude = await claude.messages.create({ model: 'claude-haiku-4-5', max_tokens: 20, messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    expect(refusedClaude).toBeInstanceOf(Anthropic.PermissionDeniedError);
    expect((refusedClaude as Error).message).toMatch(/needs the member role/);
  });

  it('only an admin manages the team over HTTP, and a member added there can call at once', async () => {
    const asMember = await fetch(`${a.url}/leo/team`, { headers: { authorization: `Bearer ${tokens.member}` } });
    expect(asMember.status).toBe(403);
    expect(await asMember.text()).toMatch(/needs the admin role/);

    const added = await fetch(`${a.url}/leo/team/members`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'newcomer', role: 'member' }),
    });
    expect(added.status).toBe(201);
    const { token } = (await added.json()) as { token: string };
    expect(await ask(b, token, 'How do I reverse a string in Python?')).toMatchObject({ cache: 'exact-hit' });

    const listed = (await (await fetch(`${b.url}/leo/team`, { headers: { authorization: `Bearer ${tokens.admin}` } })).json()) as { members: { name: string }[] };
    expect(listed.members.map((m) => m.name)).toContain('newcomer');
  });

  it('refuses the local token and unknown tokens: every call needs a member token', async () => {
    const local = await fetch(`${a.url}/v1/models`, { headers: { authorization: `Bearer ${(await runLeo(['token'], { LEO_HOME: a.home })).stdout.trim()}` } });
    expect(local.status).toBe(401);
    expect(await local.text()).toMatch(/takes member tokens/);
    const unknown = await openai(a, 'leo_member_not-a-real-token').models.list().catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(OpenAI.AuthenticationError);
  });

  it("a member's extension lends the team's keys only to the sites that member granted", async () => {
    const fromExtension = (token: string, site: string) =>
      fetch(`${a.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, origin: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop', 'x-leo-site': site, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: `Lent? ${Date.now()}` }] }),
      });
    const ungranted = await fromExtension(tokens.member!, 'https://playground.example');
    expect(ungranted.status).toBe(403);
    expect(await ungranted.text()).toMatch(/may not use your provider keys/);
    const granted = await fetch(`${a.url}/leo/key-grants`, { method: 'PUT', headers: { authorization: `Bearer ${tokens.member}`, 'content-type': 'application/json' }, body: JSON.stringify({ site: 'https://playground.example' }) });
    expect(granted.status).toBe(200);
    expect((await fromExtension(tokens.member!, 'https://playground.example')).status).toBe(200);
    // The grant is mo's alone, on every companion.
    expect((await fromExtension(tokens.admin!, 'https://playground.example')).status).toBe(403);
  });

  it('a member removed is refused at once on every companion', async () => {
    const token = await addMember('leaver', 'member');
    expect(await ask(a, token, 'How do I reverse a string in Python?')).toMatchObject({ cache: 'exact-hit' });
    const { code, stdout } = await leo(['team', 'remove', 'leaver']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/refused from now on/);
    for (const companion of [a, b]) {
      expect(await openai(companion, token).chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e)).toBeInstanceOf(OpenAI.AuthenticationError);
    }
  });

  it('provider keys added with leo keys --database reach every running companion, sealed in the database', async () => {
    const { code } = await leo(['keys', 'add', 'openai'], 'sk-team-rotated-key-000111');
    expect(code).toBe(0);
    const before = simulator.stats.requests;
    await ask(b, tokens.member!, `A fresh question ${Date.now()}?`);
    expect(simulator.stats.requests).toBe(before + 1);
    expect(simulator.stats.lastRequest?.headers.authorization).toBe('Bearer sk-team-rotated-key-000111');
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const { rows } = await client.query("SELECT data FROM provider_keys WHERE provider = 'openai'");
    await client.end();
    expect(JSON.stringify(rows)).not.toContain('sk-team-rotated');
  });
});

describe('team mode: budgets', () => {
  it('refuses a call that would start past a member budget with a 429 naming it; cached answers still come', async () => {
    const spender = await addMember('spender', 'member');
    await ask(a, spender, 'Write a haiku about budgets.');
    const { code } = await leo(['team', 'budget', 'spender', '0.000001', '--per', 'day']);
    expect(code).toBe(0);
    const refused = await openai(b, spender).chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Write a limerick about budgets.' }] }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(OpenAI.RateLimitError);
    expect((refused as Error).message).toMatch(/spender's daily budget of \$0\.0000 is spent \(\$0\.0\d+ so far this day/);
    expect(await ask(b, spender, 'Write a haiku about budgets.')).toMatchObject({ cache: 'exact-hit' });
    // Another member is not held to spender's budget.
    expect((await ask(b, tokens.member!, `Another fresh question ${Date.now()}?`)).cache).toBe('miss');
  });

  it('a team budget holds every member', async () => {
    await leo(['team', 'budget', 'team', '0.000001', '--per', 'month']);
    try {
      const refused = await openai(a, tokens.admin!).chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: `Past the team budget ${Date.now()}` }] }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(OpenAI.RateLimitError);
      expect((refused as Error).message).toMatch(/The team's monthly budget/);
    } finally {
      await leo(['team', 'budget', 'team', 'off']);
    }
  });
});

describe('team mode: the database itself', () => {
  it('refuses a database set up by a newer LEO Optima, and changes nothing in it', async () => {
    const newer = await server.newDatabase();
    const client = new pg.Client({ connectionString: newer });
    await client.connect();
    await client.query(`CREATE TABLE leo_schema (version INTEGER NOT NULL); INSERT INTO leo_schema VALUES (${TEAM_MIGRATIONS.length + 1})`);
    const { code, stderr } = await runLeo(['team', 'list', '--database', newer], { LEO_HOME: a.home });
    expect(code).toBe(1);
    expect(stderr).toMatch(/set up by a newer LEO Optima.*Nothing was changed: upgrade/);
    const { rows } = await client.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'");
    await client.end();
    expect(rows.map((r) => r.table_name)).toEqual(['leo_schema']);
  });

  it('leo doctor checks the team database: its members, and the team keys under this vault key', async () => {
    const { stdout } = await leo(['doctor']);
    expect(stdout).toMatch(/✓ team database postgres:\/\/leo@127\.0\.0\.1:\d+\/leo_test_1: \d+ members, 1 admin/);
    expect(stdout).toMatch(/✓ team provider keys: .*openai sk-…/);
    const wrongKey = await runLeo(['doctor', '--database', databaseUrl], { LEO_HOME: a.home, LEO_VAULT_KEY: randomBytes(32).toString('base64') });
    expect(wrongKey.stdout).toMatch(/✗ team provider keys: The \w+ key does not open with this companion's vault key/);
  });

  it('says which database it could not reach, without its password', async () => {
    const { code, stderr } = await runLeo(['team', 'list', '--database', 'postgres://leo:hunter2@127.0.0.1:1/nowhere'], { LEO_HOME: a.home });
    expect(code).toBe(1);
    expect(stderr).toMatch(/Cannot use the team database postgres:\/\/leo:\*\*\*\*@127\.0\.0\.1:1\/nowhere/);
    expect(stderr).not.toContain('hunter2');
  });
});

describe('team mode: leo start serves a team', () => {
  /** A request with the Host header a client of `name` would send (fetch may not set Host). */
  function getWithHost(url: string, name: string, token: string): Promise<{ status: number; body: string; retryAfter?: string }> {
    const { port } = new URL(url);
    return new Promise((done, fail) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: '/v1/models', headers: { host: `${name}:${port}`, authorization: `Bearer ${token}` } }, (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => done({ status: res.statusCode!, body, ...(res.headers['retry-after'] ? { retryAfter: String(res.headers['retry-after']) } : {}) }));
      });
      req.on('error', fail);
      req.end();
    });
  }

  it('answers its public names and no others, and limits each member token to its rate', async () => {
    const port = await freePort();
    const home = mkdtempSync(join(tmpdir(), 'leo-team-start-'));
    const { child, output } = await spawnLeo(
      ['start', '--database', databaseUrl, '--host', '0.0.0.0', '--port', String(port), '--public-host', 'leo.team.example', '--upstream', `openai=${simulator.url}`],
      { LEO_HOME: home, LEO_TEAM_RATE_LIMIT: '3' },
      /Stop with Ctrl\+C/,
    );
    try {
      expect(output()).toMatch(/team companion listening on 0\.0\.0\.0:\d+/);
      expect(output()).toMatch(/Answers to: 127\.0\.0\.1, localhost, \[::1\], leo\.team\.example/);
      const url = `http://127.0.0.1:${port}`;
      expect((await getWithHost(url, 'leo.team.example', tokens.viewer!)).status).toBe(200);
      const rebound = await getWithHost(url, 'evil.example', tokens.viewer!);
      expect(rebound.status).toBe(403);
      expect(rebound.body).toMatch(/not 'evil\.example'/);
      // The viewer made one call above; two more pass, the fourth is refused until the bucket refills.
      for (let i = 0; i < 2; i++) expect((await getWithHost(url, 'leo.team.example', tokens.viewer!)).status).toBe(200);
      const limited = await getWithHost(url, 'leo.team.example', tokens.viewer!);
      expect(limited.status).toBe(429);
      expect(limited.body).toMatch(/vi is calling faster than this companion allows per member token/);
      expect(Number(limited.retryAfter)).toBeGreaterThan(0);
      // Another member's token has its own allowance.
      expect((await getWithHost(url, 'localhost', tokens.admin!)).status).toBe(200);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('refuses to serve beyond loopback without a team database', async () => {
    const home = mkdtempSync(join(tmpdir(), 'leo-team-start-'));
    const { code, stderr } = await runLeo(['start', '--host', '0.0.0.0'], { LEO_HOME: home, LEO_DATABASE_URL: '' });
    rmSync(home, { recursive: true, force: true });
    expect(code).toBe(1);
    expect(stderr).toMatch(/--host 0\.0\.0\.0 serves beyond this machine, which needs member tokens: start a team companion with --database/);
  });
});
