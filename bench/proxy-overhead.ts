/**
 * Throughput and added latency of the companion against calling the simulator directly,
 * measured side by side in one run: the rounds alternate direct/proxy so that noise on
 * this shared machine falls on both alike. Single calls also go through a bare Node proxy and
 * the same forwarding as a fastify route (`bare-proxy.ts`): the floors one more HTTP hop in
 * Node, and in the framework the companion is built on, set on this machine.
 */
import { spawn } from 'node:child_process';
import autocannon from 'autocannon';
import { saveResult } from './machine.js';
import { median, startBenchStack, timedCall, type Target } from './bench-stack.js';
import { freePort, stop } from '../tests/helpers/cli-process.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);

interface Scenario {
  body: string;
  /** Extra request headers, e.g. the simulator's latency. */
  headers: Record<string, string>;
  connections: number;
  what: string;
  /** Also time single calls one after another: only meaningful when the upstream answers at once. */
  addedLatency?: boolean;
}

async function measure(target: Target, scenario: Scenario) {
  const result = await autocannon({
    url: `${target.url}/v1/chat/completions`,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...target.headers, ...scenario.headers },
    body: scenario.body,
    connections: scenario.connections,
    duration: SECONDS,
  });
  if (result.errors || result.non2xx) throw new Error(`errors during the run: ${result.errors} errors, ${result.non2xx} non-2xx`);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, requests: result.requests.total };
}

/** Median single-client latency, alternating blocks of calls between the targets. */
async function singleClientLatency(direct: Target, proxy: Target, floors: { bare: Target; fastify: Target }, scenario: Scenario, blocks = 8, perBlock = 100) {
  const samples = { direct: [] as number[], proxy: [] as number[], bare: [] as number[], fastify: [] as number[] };
  for (let b = 0; b < blocks; b++) {
    for (const [label, target] of [['direct', direct], ['proxy', proxy], ['bare', floors.bare], ['fastify', floors.fastify]] as const) {
      for (let i = 0; i < perBlock; i++) samples[label].push((await timedCall(target, scenario.body, scenario.headers)).ms);
    }
  }
  return {
    directP50Ms: median(samples.direct),
    proxyP50Ms: median(samples.proxy),
    addedP50Ms: median(samples.proxy) - median(samples.direct),
    bareProxyAddedP50Ms: median(samples.bare) - median(samples.direct),
    bareFastifyAddedP50Ms: median(samples.fastify) - median(samples.direct),
    calls: blocks * perBlock,
  };
}

/** A bare proxy (plain Node, or a fastify route) in its own process, in front of the same simulator. */
async function startBareProxy(direct: Target, server: 'node' | 'fastify'): Promise<{ target: Target; close(): Promise<void> }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', new URL('./bare-proxy.ts', import.meta.url).pathname, String(port), direct.url, direct.headers.authorization!, server], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((ready) => child.stdout!.once('data', () => ready()));
  return { target: { url: `http://127.0.0.1:${port}`, headers: {} }, close: () => stop(child) };
}

export async function benchProxyOverhead() {
  // The cache is off: this measures what forwarding alone costs (bench/cache-latency.ts measures the cache).
  const stack = await startBenchStack({ LEO_CACHE: 'off' });
  const { direct, proxy } = stack;
  const bare = await startBareProxy(direct, 'node');
  const fastify = await startBareProxy(direct, 'fastify');

  const json = JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Give me one sentence about caching.' }] });
  const sse = JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Give me one sentence about caching.' }], stream: true });
  const scenarios: Record<string, Scenario> = {
    'json-stress': { body: json, headers: {}, connections: 32, what: 'JSON answers from an upstream that answers at once: all three processes compete for the CPU', addedLatency: true },
    'sse-stress': { body: sse, headers: {}, connections: 32, what: 'streamed answers from an upstream that answers at once', addedLatency: true },
    'sse-50ms': {
      body: sse,
      headers: { 'x-sim-latency-ms': '50' },
      connections: 64,
      what: 'streamed answers from an upstream that takes 50 ms to its first byte (real providers take 200 ms or more)',
    },
    'sse-200-streams': {
      body: sse,
      headers: { 'x-sim-latency-ms': '200', 'x-sim-tokens-per-sec': '100' },
      connections: 200,
      what: '200 concurrent streams paced like a provider: 200 ms to the first byte, then 100 tokens a second',
    },
  };
  const report: Record<string, unknown> = {};
  try {
    for (const [name, scenario] of Object.entries(scenarios)) {
      const runs = { direct: { rps: [] as number[], p50: [] as number[], p99: [] as number[] }, proxy: { rps: [] as number[], p50: [] as number[], p99: [] as number[] } };
      for (let round = 0; round < ROUNDS; round++) {
        for (const [label, target] of [['direct', direct], ['proxy', proxy]] as const) {
          const load = await measure(target, scenario);
          runs[label].rps.push(load.rps);
          runs[label].p50.push(load.p50);
          runs[label].p99.push(load.p99);
        }
      }
      const latency = scenario.addedLatency ? await singleClientLatency(direct, proxy, { bare: bare.target, fastify: fastify.target }, scenario) : undefined;
      const directRps = median(runs.direct.rps);
      const proxyRps = median(runs.proxy.rps);
      report[name] = {
        what: scenario.what,
        connections: scenario.connections,
        directRps,
        proxyRps,
        throughputRatio: proxyRps / directRps,
        singleClient: latency,
        addedP50Ms: latency?.addedP50Ms,
        underLoad32: { directP50Ms: median(runs.direct.p50), proxyP50Ms: median(runs.proxy.p50), directP99Ms: median(runs.direct.p99), proxyP99Ms: median(runs.proxy.p99) },
        rounds: ROUNDS,
        secondsPerRun: SECONDS,
      };
      const ratio = ((proxyRps / directRps) * 100).toFixed(1);
      const added = latency ? `, added p50 ${latency.addedP50Ms.toFixed(3)} ms (single client, ${latency.directP50Ms.toFixed(3)} → ${latency.proxyP50Ms.toFixed(3)} ms; a bare Node proxy adds ${latency.bareProxyAddedP50Ms.toFixed(3)} ms, a bare fastify one ${latency.bareFastifyAddedP50Ms.toFixed(3)} ms)` : '';
      console.log(`proxy overhead [${name}]: ${proxyRps.toFixed(0)} vs ${directRps.toFixed(0)} req/s direct (${ratio}%)${added}`);
    }
  } finally {
    await bare.close();
    await fastify.close();
    await stack.close();
  }
  return { file: saveResult('proxy-overhead', { targets: { throughputRatioAtLeast: 0.7, addedP50MsUnder: 0.5 }, ...report }), report };
}

if (import.meta.url === `file://${process.argv[1]}`) await benchProxyOverhead();
