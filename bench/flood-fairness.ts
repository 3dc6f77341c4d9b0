/**
 * One page floods the extension with big or many prompts while another site repeats a cached
 * question: how long that site's exact hits take, against the same flood sent to a provider
 * path the extension does not intercept (the floor this machine's CPU sets, with two cores
 * shared by the flooding page, the browser, the simulator and the bench). Both run in
 * alternating rounds in one browser.
 */
import { startPlaygroundServer } from '../demo/playground-server.js';
import { startPlaygroundStack } from '../tests/helpers/browser-harness.js';
import { CHAT_API, hitsDuringFlood, timedCall, UNINTERCEPTED_API } from '../tests/helpers/flood.js';
import { median, percentile } from './bench-stack.js';
import { saveResult } from './machine.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const FLOODS = [
  { name: '6 x 7 MB', calls: 6, chars: 7_000_000 },
  { name: '24 x 1 MB', calls: 24, chars: 1_000_000 },
  { name: '200 x 10 KB', calls: 200, chars: 10_000 },
];

export async function benchFloodFairness() {
  const stack = await startPlaygroundStack();
  const quiet = await startPlaygroundServer();
  try {
    const quietPage = await stack.browser.context.newPage();
    await quietPage.goto(quiet.url.replace('127.0.0.1', 'localhost'));
    const question = 'What is the boiling point of water in Fahrenheit?';
    await timedCall(quietPage, question);
    const idle: number[] = [];
    for (let i = 0; i < 20; i++) idle.push((await timedCall(quietPage, question)).ms);

    const floods = [];
    for (const flood of FLOODS) {
      const samples = { throughExtension: [] as number[], floor: [] as number[], misses: 0 };
      for (let round = 0; round < ROUNDS; round++) {
        for (const [path, url] of [['throughExtension', CHAT_API], ['floor', UNINTERCEPTED_API]] as const) {
          const { hits } = await hitsDuringFlood(stack.page, quietPage, question, { calls: flood.calls, chars: flood.chars, url });
          samples[path].push(...hits.map((h) => h.ms));
          samples.misses += hits.filter((h) => h.cache !== 'exact-hit').length;
        }
      }
      const summary = (xs: number[]) => ({ p50Ms: median(xs), p90Ms: percentile(xs, 0.9), maxMs: Math.max(...xs), n: xs.length });
      const row = { flood: flood.name, throughExtension: summary(samples.throughExtension), floor: summary(samples.floor), hitsThatMissed: samples.misses };
      console.log(
        `${flood.name}: another site's exact hit p50 ${row.throughExtension.p50Ms.toFixed(1)} ms (floor ${row.floor.p50Ms.toFixed(1)}), p90 ${row.throughExtension.p90Ms.toFixed(1)} (${row.floor.p90Ms.toFixed(1)}), max ${row.throughExtension.maxMs.toFixed(0)} (${row.floor.maxMs.toFixed(0)}); hits that missed: ${row.hitsThatMissed}`,
      );
      floods.push(row);
    }
    const idleSummary = { p50Ms: median(idle), p90Ms: percentile(idle, 0.9) };
    console.log(`idle: p50 ${idleSummary.p50Ms.toFixed(1)} ms`);
    return { file: saveResult('flood-fairness', { rounds: ROUNDS, idle: idleSummary, floods }) };
  } finally {
    await stack.close();
    await quiet.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchFloodFairness();
