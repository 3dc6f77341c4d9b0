/**
 * The companion's cache: how fast a hit answers against calling the (instant) simulator
 * directly, what a miss adds, and what 10k entries cost in memory and on disk. Calls
 * alternate between the scenarios in blocks, so noise on this shared machine falls on all alike.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILT_IN_EMBEDDING } from '../shared/embedding/sentence-embedder.js';
import { normalize } from '../shared/embedding/vectors.js';
import { loadNodeEmbedder } from '../companion/embedding/node-embedder.js';
import { ResponseCache } from '../shared/cache/response-cache.js';
import { CacheStore } from '../companion/store/cache-store.js';
import { simulatedAnswer } from '../companion/simulator/simulated-answer.js';
import type { CanonicalRequest } from '../shared/protocols/canonical/request.js';
import { DATASETS, saveResult } from './machine.js';
import { median, percentile, startBenchStack, timedCall } from './bench-stack.js';

const BLOCKS = Number(process.env.BENCH_BLOCKS ?? 6);
const PER_BLOCK = Number(process.env.BENCH_PER_BLOCK ?? 40);

/** Distinct real questions (one side of each pair), so misses and direct calls do not repeat a prompt. */
function questions(): string[] {
  const seen = new Set<string>();
  for (const line of readFileSync(join(DATASETS, 'qqp-dev.jsonl'), 'utf8').split('\n')) {
    if (line) seen.add((JSON.parse(line) as { a: string }).a.trim());
  }
  return [...seen];
}

const chat = (content: string) => JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content }] });

async function callLatency(pool: string[]) {
  const stack = await startBenchStack();
  const { direct, proxy } = stack;
  const cached = 'How do I sort a list in Python?';
  const reworded = 'How can I sort a Python list?';
  try {
    await timedCall(proxy, chat(cached));
    const samples: Record<string, number[]> = { direct: [], exactHit: [], semanticHit: [], miss: [] };
    let next = 0;
    // Some distinct Quora questions still ask the same thing, and hit: they are counted, not timed as misses.
    let hitsAmongNewQuestions = 0;
    const expect = (status: unknown, want: string) => {
      if (status !== want) throw new Error(`expected x-leo-cache ${want}, got ${String(status)}`);
    };
    for (let b = 0; b < BLOCKS; b++) {
      for (let i = 0; i < PER_BLOCK; i++) samples.direct!.push((await timedCall(direct, chat(pool[next++]!))).ms);
      for (let i = 0; i < PER_BLOCK; i++) {
        const r = await timedCall(proxy, chat(cached));
        expect(r.headers['x-leo-cache'], 'exact-hit');
        samples.exactHit!.push(r.ms);
      }
      for (let i = 0; i < PER_BLOCK; i++) {
        const r = await timedCall(proxy, chat(reworded));
        expect(r.headers['x-leo-cache'], 'semantic-hit');
        samples.semanticHit!.push(r.ms);
      }
      for (let i = 0; i < PER_BLOCK; i++) {
        const r = await timedCall(proxy, chat(pool[next++]!));
        if (r.headers['x-leo-cache'] === 'miss') samples.miss!.push(r.ms);
        else hitsAmongNewQuestions++;
      }
    }
    const figures = Object.fromEntries(Object.entries(samples).map(([name, xs]) => [name, { p50Ms: median(xs), p99Ms: percentile(xs, 0.99), calls: xs.length }]));
    return { ...figures, hitsAmongNewQuestions };
  } finally {
    await stack.close();
  }
}

/** Deterministic unit vectors: sizes and scan times do not depend on the values. */
function randomUnitVector(seed: number, dims: number = BUILT_IN_EMBEDDING.dimensions): Float32Array {
  let x = seed * 2654435761 + 1;
  const v = new Float32Array(dims);
  for (let i = 0; i < dims; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    v[i] = x / 2 ** 32 - 0.5;
  }
  return normalize(v);
}

const heapBytes = () => {
  globalThis.gc?.();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

async function storageCost(pool: string[], entries: number) {
  const home = mkdtempSync(join(tmpdir(), 'leo-bench-cache-'));
  try {
    const store = new CacheStore(home);
    const batch = [];
    for (let i = 0; i < entries; i++) {
      const prompt = pool[i % pool.length]!;
      const request: CanonicalRequest = { protocol: 'openai-chat', model: 'gpt-4o-mini', system: '', messages: [{ role: 'user', content: [{ type: 'text', text: prompt }] }], tools: [], sampling: {}, stream: false, streamUsage: false, identity: { conversation: {}, around: {} } };
      batch.push({ namespace: 'bench', exactKey: `k${i}`, contextKey: 'c', model: 'gpt-4o-mini', prompt, history: '', vector: randomUnitVector(i), answer: simulatedAnswer(request), createdAt: i, expiresAt: Number.MAX_SAFE_INTEGER });
    }
    store.putAll(batch);
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    const diskBytes = statSync(join(home, 'cache.sqlite')).size;
    store.close();

    const before = heapBytes();
    const started = performance.now();
    const cache = new ResponseCache(new CacheStore(home), loadNodeEmbedder, { defaultNamespace: 'bench', ttlMs: 1e12, maxBytes: 1e12, strictness: 'balanced' });
    await cache.loaded();
    const rebuildMs = performance.now() - started;
    const memoryBytes = heapBytes() - before;
    const indexed = cache.indexedEntries;
    cache.close();
    return { entries, indexed, diskBytes, memoryBytes, bytesPerEntryDisk: diskBytes / entries, bytesPerEntryMemory: memoryBytes / entries, rebuildAtStartMs: rebuildMs, gcForced: typeof globalThis.gc === 'function' };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

async function embeddingTime(pool: string[]) {
  const embedder = await loadNodeEmbedder();
  const times: number[] = [];
  for (const text of pool.slice(0, 100)) {
    const t = performance.now();
    await embedder.embed([text]);
    times.push(performance.now() - t);
  }
  return { p50Ms: median(times), p99Ms: percentile(times, 0.99), prompts: times.length };
}

export async function benchCacheLatency() {
  const pool = questions();
  const calls = await callLatency(pool);
  const storage = await storageCost(pool, 10_000);
  const embedding = await embeddingTime(pool);
  const report = { calls, storagePer10k: storage, embeddingPerPrompt: embedding };
  const c = calls as unknown as Record<string, { p50Ms: number; p99Ms: number }>;
  console.log(
    `cache: direct to the simulator p50 ${c.direct!.p50Ms.toFixed(2)} ms; through the companion exact hit ${c.exactHit!.p50Ms.toFixed(2)} ms, ` +
      `semantic hit ${c.semanticHit!.p50Ms.toFixed(2)} ms, miss ${c.miss!.p50Ms.toFixed(2)} ms`,
  );
  console.log(
    `cache: 10k entries take ${(storage.diskBytes / 2 ** 20).toFixed(1)} MiB on disk and ${(storage.memoryBytes / 2 ** 20).toFixed(1)} MiB in memory; ` +
      `index rebuilt in ${storage.rebuildAtStartMs.toFixed(0)} ms`,
  );
  console.log(`cache: embedding ${embedding.p50Ms.toFixed(1)} ms per prompt`);
  return { file: saveResult('cache-latency', report), report };
}

if (import.meta.url === `file://${process.argv[1]}`) await benchCacheLatency();
