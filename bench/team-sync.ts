/**
 * Two team companions on one real PostgreSQL server: how long after companion A answers a miss
 * companion B serves the same call as an exact hit and a rewording as a semantic hit, and what
 * an exact hit costs through a team companion against one on its home's SQLite, side by side.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { startSimulator } from '../companion/simulator/server.js';
import { PROVIDER_IDS } from '../shared/protocols/providers.js';
import { PROVIDER_KEY, startHarness, startTeamCompanion } from '../tests/helpers/companion-harness.js';
import { startPostgres } from '../tests/helpers/postgres-server.js';
import { saveResult } from './machine.js';

const TASKS = ['reverse a string', 'read a CSV file', 'sort a dictionary by value', 'parse JSON', 'merge two lists', 'remove duplicates from a list', 'count words in a text', 'get the current date', 'make an HTTP request', 'write to a file', 'flatten a nested list', 'check if a file exists', 'generate a random number', 'split a string by commas', 'convert a string to an integer', 'find the maximum of a list', 'zip two lists', 'round a float', 'read environment variables', 'measure elapsed time'];
const EXACT_REPEATS = 200;
const GIVE_UP_MS = 5000;

const quantile = (xs: number[], q: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : NaN;
};
const summary = (xs: number[]) => ({ n: xs.length, p50: quantile(xs, 0.5), p95: quantile(xs, 0.95), max: Math.max(...xs) });

async function ask(url: string, token: string, prompt: string, headers: Record<string, string> = {}): Promise<string | null> {
  const res = await fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'x-leo-route-mode': 'off', ...headers },
    body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: prompt }] }),
  });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`HTTP ${res.status} for "${prompt}"`);
  return res.headers.get('x-leo-cache');
}

/** Milliseconds from now until `url` serves `prompt` as `status` (asking without storing), or undefined past the limit. */
async function timeUntil(url: string, token: string, prompt: string, status: string): Promise<number | undefined> {
  const start = performance.now();
  while (performance.now() - start < GIVE_UP_MS) {
    if ((await ask(url, token, prompt, { 'cache-control': 'no-store' })) === status) return performance.now() - start;
    await new Promise((r) => setTimeout(r, 5));
  }
  return undefined;
}

async function exactHitLatency(url: string, token: string, prompt: string): Promise<number[]> {
  await ask(url, token, prompt);
  const times: number[] = [];
  for (let i = 0; i < EXACT_REPEATS; i++) {
    const start = performance.now();
    if ((await ask(url, token, prompt)) !== 'exact-hit') throw new Error('expected an exact hit');
    times.push(performance.now() - start);
  }
  return times;
}

export async function benchTeamSync() {
  const savedVaultKey = process.env.LEO_VAULT_KEY;
  process.env.LEO_VAULT_KEY = randomBytes(32).toString('base64');
  const server = await startPostgres();
  const simulator = await startSimulator();
  const a = await startTeamCompanion(await server.newDatabase(), simulator);
  const b = await startTeamCompanion(a.stores.team!.db.url, simulator);
  const solo = await startHarness();
  try {
    for (const provider of PROVIDER_IDS) await a.stores.vault.add(provider, PROVIDER_KEY);
    const token = await a.stores.team!.members.add('bench', 'member');
    const exactDelays: number[] = [];
    const rewordDelays: number[] = [];
    let rewordMissed = 0;
    for (const task of TASKS) {
      if ((await ask(a.url, token, `How do I ${task} in Python?`)) !== 'miss') throw new Error(`"${task}" was cached before the run`);
      exactDelays.push((await timeUntil(b.url, token, `How do I ${task} in Python?`, 'exact-hit')) ?? NaN);
      const reworded = await timeUntil(b.url, token, `How can I ${task} using Python?`, 'semantic-hit');
      if (reworded === undefined) rewordMissed++;
      else rewordDelays.push(reworded);
    }
    const teamExact = await exactHitLatency(b.url, token, 'What is a closure in JavaScript?');
    const soloExact = await exactHitLatency(solo.url, solo.token, 'What is a closure in JavaScript?');
    const report = {
      tasks: TASKS.length,
      exactHitOnOtherCompanionAfterMs: summary(exactDelays.filter(Number.isFinite)),
      rewordedHitOnOtherCompanionAfterMs: summary(rewordDelays),
      rewordingsNeverServed: rewordMissed,
      exactHitLatencyMs: { team: summary(teamExact), solo: summary(soloExact), p50Ratio: quantile(teamExact, 0.5) / quantile(soloExact, 0.5) },
    };
    console.log(`team sync over ${TASKS.length} prompts stored through companion A:
  exact hit through B after   p50 ${report.exactHitOnOtherCompanionAfterMs.p50.toFixed(1)} ms, p95 ${report.exactHitOnOtherCompanionAfterMs.p95.toFixed(1)} ms
  reworded hit through B after p50 ${report.rewordedHitOnOtherCompanionAfterMs.p50.toFixed(1)} ms, p95 ${report.rewordedHitOnOtherCompanionAfterMs.p95.toFixed(1)} ms (${rewordMissed} rewordings never hit)
  exact-hit latency: team (PostgreSQL) p50 ${report.exactHitLatencyMs.team.p50.toFixed(2)} ms, solo (SQLite) p50 ${report.exactHitLatencyMs.solo.p50.toFixed(2)} ms (${report.exactHitLatencyMs.p50Ratio.toFixed(2)}x)`);
    return { file: saveResult('team-sync', report), report };
  } finally {
    await solo.close();
    await a.close();
    await b.close();
    await simulator.close();
    await server.stop();
    if (savedVaultKey === undefined) delete process.env.LEO_VAULT_KEY;
    else process.env.LEO_VAULT_KEY = savedVaultKey;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchTeamSync();
