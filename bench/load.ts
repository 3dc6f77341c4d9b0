/**
 * Load on loopback: 200 concurrent streamed calls through the companion to the simulator,
 * 60 s a round (BENCH_LOAD_SECONDS), every prompt new, so each call is a cache miss that is
 * embedded, forwarded, streamed back and stored. Reports errors, latency, and the companion's
 * memory and open file handles, to show nothing leaks.
 */
import autocannon from 'autocannon';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { saveResult } from './machine.js';
import { startBenchStack } from './bench-stack.js';

const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 60);
const CONNECTIONS = Number(process.env.BENCH_LOAD_CONNECTIONS ?? 200);

/** Socket inodes connected to a remote port, from the kernel's TCP table. */
function socketsTo(port: number): Set<string> {
  const inodes = new Set<string>();
  for (const line of readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length > 9 && parseInt(fields[2]!.split(':')[1]!, 16) === port) inodes.add(fields[9]!);
  }
  return inodes;
}

/**
 * The companion's memory and open handles. Idle keep-alive connections to the upstream are
 * counted apart: the pool keeps them until the upstream closes them, and that is no leak.
 */
function processFigures(pid: number, upstreamPort: number) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKiB = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  const upstream = socketsTo(upstreamPort);
  const handles = readdirSync(`/proc/${pid}/fd`).map((fd) => {
    try {
      return readlinkSync(`/proc/${pid}/fd/${fd}`);
    } catch {
      return '';
    }
  });
  const pooled = handles.filter((h) => upstream.has(/^socket:\[(\d+)\]$/.exec(h)?.[1] ?? '')).length;
  return { rssMiB: rssKiB / 1024, openHandles: handles.length, pooledUpstreamSockets: pooled, otherHandles: handles.length - pooled };
}

async function round(stack: Awaited<ReturnType<typeof startBenchStack>>, next: () => number) {
  const samples: ReturnType<typeof processFigures>[] = [];
  const sampler = setInterval(() => samples.push(processFigures(stack.companionPid, Number(new URL(stack.direct.url).port))), 5000);
  const result = await autocannon({
    url: `${stack.proxy.url}/v1/chat/completions`,
    method: 'POST',
    connections: CONNECTIONS,
    duration: SECONDS,
    timeout: 30,
    headers: { 'content-type': 'application/json', 'x-sim-latency-ms': '200', 'x-sim-tokens-per-sec': '100', ...stack.proxy.headers },
    requests: [
      {
        setupRequest: (req) => {
          const n = next();
          return { ...req, body: JSON.stringify({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: `Load test question number ${n}: what is in a name like ${n.toString(36)}?` }] }) };
        },
      },
    ],
  });
  clearInterval(sampler);
  await new Promise((r) => setTimeout(r, 3000));
  return {
    calls: result.requests.total,
    callsPerSecond: result.requests.average,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
    peakRssMiB: Math.max(...samples.map((x) => x.rssMiB)),
    afterSettling: processFigures(stack.companionPid, Number(new URL(stack.direct.url).port)),
  };
}

/**
 * Two rounds back to back: the first grows the upstream connection pool and the cache, the
 * second shows whether memory and handles keep growing beyond what the cache itself adds.
 */
export async function benchLoad() {
  const stack = await startBenchStack(process.env.BENCH_LOAD_CACHE === 'off' ? { LEO_CACHE: 'off' } : {});
  try {
    let n = 0;
    const before = processFigures(stack.companionPid, Number(new URL(stack.direct.url).port));
    const first = await round(stack, () => ++n);
    const second = await round(stack, () => ++n);
    const report = {
      what: `${CONNECTIONS} concurrent streamed calls, two rounds of ${SECONDS} s, every prompt new (cache miss, embedded, forwarded, stored); the simulator waits 200 ms, then streams 100 tokens/s`,
      before,
      rounds: [first, second],
    };
    for (const [i, r] of report.rounds.entries()) {
      console.log(
        `load round ${i + 1}: ${r.calls} calls, ${r.errors} errors, ${r.non2xx} non-2xx, ${r.timeouts} timeouts; p50 ${r.latencyMs.p50} ms, p99 ${r.latencyMs.p99} ms; ` +
          `companion RSS peak ${r.peakRssMiB.toFixed(0)} MiB, ${r.afterSettling.rssMiB.toFixed(0)} MiB after settling; handles ${r.afterSettling.otherHandles} + ${r.afterSettling.pooledUpstreamSockets} pooled upstream ` +
          `(before: ${before.rssMiB.toFixed(0)} MiB, ${before.otherHandles} + ${before.pooledUpstreamSockets})`,
      );
    }
    return { file: saveResult('load', report), report };
  } finally {
    await stack.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchLoad();
