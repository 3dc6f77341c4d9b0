/**
 * A team database at size, and a team under load, each companion its own `leo start` process:
 * - load: BENCH_TEAM_ENTRIES cache entries (384-d vectors; 100,000 unless set, 1,000,000 for
 *   the figure) in PostgreSQL; how long a companion takes to start on them (its index
 *   read whole) and its memory then, against one on an empty database;
 * - streams: BENCH_LOAD_CONNECTIONS (200) concurrent streamed calls, half through each of two
 *   companions on one database, paced like a provider (200 ms to the first byte, 100 tokens/s),
 *   for BENCH_LOAD_SECONDS (20), every prompt new: each call a miss that is forwarded, streamed
 *   back and stored.
 */
import autocannon from 'autocannon';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { startSimulator, type Simulator } from '../companion/simulator/server.js';
import { PROVIDER_IDS } from '../shared/protocols/providers.js';
import { openStores } from '../companion/store/open-stores.js';
import { freePort, LEO_BIN, leoAt } from '../tests/helpers/cli-process.js';
import { PROVIDER_KEY } from '../tests/helpers/companion-harness.js';
import { startPostgres } from '../tests/helpers/postgres-server.js';
import { saveResult } from './machine.js';

const ENTRIES = Number(process.env.BENCH_TEAM_ENTRIES ?? 100_000);
const CONNECTIONS = Number(process.env.BENCH_LOAD_CONNECTIONS ?? 200);
const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 20);
const DIMENSIONS = 384;
const BATCH = 500;

const rssMiB = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

/** Unit vectors around 200 topics, as prompts cluster: what the index holds in real use. */
function vectorFor(i: number): Buffer {
  const v = new Float32Array(DIMENSIONS);
  let norm = 0;
  for (let d = 0; d < DIMENSIONS; d++) {
    const topic = Math.sin((i % 200) * 7.1 + d * 1.3);
    v[d] = topic + (Math.random() - 0.5) * 0.3;
    norm += v[d]! * v[d]!;
  }
  for (let d = 0; d < DIMENSIONS; d++) v[d]! /= Math.sqrt(norm);
  return Buffer.from(v.buffer);
}

async function fill(url: string, count: number): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const started = performance.now();
  const answer = JSON.stringify({ id: 'chatcmpl-bench', model: 'gpt-4o', parts: [{ type: 'text', text: 'A cached answer of a typical length for a short question. '.repeat(4) }], stopReason: 'stop', usage: { inputTokens: 20, outputTokens: 60 } });
  const expires = Date.now() + 7 * 86_400_000;
  for (let from = 0; from < count; from += BATCH) {
    const rows: string[] = [];
    const values: unknown[] = [];
    for (let i = from; i < Math.min(count, from + BATCH); i++) {
      const prompt = `Bench question ${i} about topic ${i % 200}?`;
      const p = values.length;
      rows.push(`('team', $${p + 1}, '', 'gpt-4o', $${p + 2}, '', $${p + 3}, $${p + 4}, $${p + 5}, $${p + 5}, $${p + 6}, 0, $${p + 7})`);
      values.push(`bench-${i}`, prompt, vectorFor(i), answer, Date.now(), expires, answer.length + prompt.length + DIMENSIONS * 4);
    }
    await client.query(`INSERT INTO entries (namespace, exact_key, context_key, model, prompt, history, vector, answer, created_at, last_used_at, expires_at, hits, bytes) VALUES ${rows.join(', ')}`, values);
  }
  await client.end();
  return performance.now() - started;
}

/** Starts `leo start` on the database (or, without one, on its home's SQLite); resolves with its pid, how long it took to answer, and a stop. */
async function startCompanion(databaseUrl: string | undefined, simulator: Simulator) {
  const port = await freePort();
  const home = mkdtempSync(join(tmpdir(), 'leo-team-scale-'));
  if (databaseUrl === undefined) {
    const stores = await openStores(home, undefined);
    for (const provider of PROVIDER_IDS) await stores.vault.add(provider, PROVIDER_KEY);
    await stores.close();
  }
  const started = performance.now();
  const { child } = await leoAt(LEO_BIN).spawnLeo(
    ['start', ...(databaseUrl ? ['--database', databaseUrl] : []), '--port', String(port), '--upstream', `openai=${simulator.url}`],
    { LEO_HOME: home, LEO_CACHE_MAX_MB: '4096', LEO_TEAM_RATE_LIMIT: '1000000' },
    /Stop with Ctrl\+C/,
    // A million vectors take a while to read.
    600_000,
  );
  const readyMs = performance.now() - started;
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    readyMs,
    token: () => readFileSync(join(home, 'token'), 'utf8').trim(),
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** Streams through each of `urls` at once, the connections split evenly between them. */
async function streams(urls: string[], token: string) {
  let n = 0;
  const perCompanion = Math.floor(CONNECTIONS / urls.length);
  const runs = await Promise.all(
    urls.map((url, c) =>
      autocannon({
        url: `${url}${url.endsWith('/v1') ? '' : '/v1'}/chat/completions`,
        method: 'POST',
        connections: perCompanion,
        duration: SECONDS,
        timeout: 30,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-sim-latency-ms': '200', 'x-sim-tokens-per-sec': '100', 'x-leo-route-mode': 'off' },
        requests: [{ setupRequest: (req) => ({ ...req, body: JSON.stringify({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: `Team load question ${c}-${++n}: what is in a name like ${n.toString(36)}?` }] }) }) }],
      }),
    ),
  );
  return {
    connections: perCompanion * urls.length,
    seconds: SECONDS,
    calls: runs.reduce((sum, r) => sum + r.requests.total, 0),
    callsPerSecond: runs.reduce((sum, r) => sum + r.requests.average, 0),
    errors: runs.reduce((sum, r) => sum + r.errors + r.timeouts + r.non2xx, 0),
    latencyMs: { p50: Math.max(...runs.map((r) => r.latency.p50)), p99: Math.max(...runs.map((r) => r.latency.p99)) },
  };
}

export async function benchTeamScale() {
  const savedVaultKey = process.env.LEO_VAULT_KEY;
  process.env.LEO_VAULT_KEY = randomBytes(32).toString('base64');
  const server = await startPostgres();
  const simulator = await startSimulator();
  try {
    const empty = await server.newDatabase();
    const full = await server.newDatabase();
    const home = mkdtempSync(join(tmpdir(), 'leo-team-scale-'));
    const stores = await openStores(home, full);
    for (const provider of PROVIDER_IDS) await stores.vault.add(provider, PROVIDER_KEY);
    await stores.close();
    // The empty database gets its schema from the first companion that starts on it.
    const fillMs = await fill(full, ENTRIES);
    console.log(`filled ${ENTRIES} entries in ${(fillMs / 1000).toFixed(1)} s`);

    const baseline = await startCompanion(empty, simulator);
    const baselineRss = rssMiB(baseline.pid);
    await baseline.stop();
    const loaded = await startCompanion(full, simulator);
    const loadedRss = rssMiB(loaded.pid);
    await loaded.stop();
    const load = {
      entries: ENTRIES,
      fillSeconds: fillMs / 1000,
      emptyStartMs: baseline.readyMs,
      fullStartMs: loaded.readyMs,
      emptyRssMiB: baselineRss,
      fullRssMiB: loadedRss,
      bytesPerEntry: ((loadedRss - baselineRss) * 1024 * 1024) / ENTRIES,
    };
    console.log(`load: a companion on ${ENTRIES} entries starts in ${(load.fullStartMs / 1000).toFixed(1)} s (empty: ${(load.emptyStartMs / 1000).toFixed(1)} s), RSS ${loadedRss.toFixed(0)} MiB (empty: ${baselineRss.toFixed(0)} MiB), ${load.bytesPerEntry.toFixed(0)} bytes per entry`);

    // The streams run on the small database, so the big one's index building in the background takes no CPU from them.
    const one = await startCompanion(empty, simulator);
    const two = await startCompanion(empty, simulator);
    const emptyStores = await openStores(home, empty);
    const emptyToken = await emptyStores.team!.members.add('bench', 'member');
    for (const provider of PROVIDER_IDS) await emptyStores.vault.add(provider, PROVIDER_KEY);
    await emptyStores.close();
    const direct = await streams([simulator.url], PROVIDER_KEY);
    const team = await streams([one.url, two.url], emptyToken);
    await one.stop();
    await two.stop();
    const alone = await startCompanion(undefined, simulator);
    const solo = await streams([alone.url], alone.token());
    await alone.stop();
    rmSync(home, { recursive: true, force: true });
    const throughputRatio = team.calls / direct.calls;
    console.log(`streams: ${team.connections} concurrent across two companions for ${SECONDS} s: ${team.calls} calls (${team.callsPerSecond.toFixed(0)}/s), ${team.errors} errors, p50 ${team.latencyMs.p50} ms, p99 ${team.latencyMs.p99} ms; one companion on SQLite ${solo.calls} calls; straight to the simulator ${direct.calls} calls (team ${(throughputRatio * 100).toFixed(0)}% of it)`);
    const report = { load, streams: { team, solo, direct, throughputRatio } };
    return { file: saveResult(ENTRIES >= 1_000_000 ? 'team-scale-1m' : 'team-scale', report), report };
  } finally {
    await simulator.close();
    await server.stop();
    if (savedVaultKey === undefined) delete process.env.LEO_VAULT_KEY;
    else process.env.LEO_VAULT_KEY = savedVaultKey;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchTeamScale();
