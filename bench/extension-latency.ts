/**
 * The extension in Chromium, measured from the page: a hit (exact, reworded) against a plain
 * loopback fetch to the same server; the time to first byte a miss adds over the same call
 * made without the extension (from an extension page, which nothing intercepts); the
 * embedding time per prompt in the offscreen document. The scenarios
 * alternate in blocks, so noise on this shared machine falls on all of them alike.
 */
import type { Page } from 'playwright-core';
import { Pairings } from '../companion/store/pairings.js';
import { startHarness } from '../tests/helpers/companion-harness.js';
import { extensionRecords, pairThroughOptions, startPlaygroundStack } from '../tests/helpers/browser-harness.js';
import { saveResult } from './machine.js';
import { median, percentile } from './bench-stack.js';

const BLOCKS = Number(process.env.BENCH_BLOCKS ?? 6);
const PER_BLOCK = Number(process.env.BENCH_PER_BLOCK ?? 15);
const API = 'https://api.openai.com/v1/chat/completions';

interface Timing {
  ttfbMs: number;
  totalMs: number;
  cache: string;
}

const body = (prompt: string, stream = false) => JSON.stringify({ model: 'gpt-4o', stream, messages: [{ role: 'user', content: prompt }] });

/** One fetch from the page, timed to its headers and to its last byte. */
function timedFetch(page: Page, url: string, init: RequestInit): Promise<Timing> {
  return page.evaluate(
    async ({ url, init }) => {
      const started = performance.now();
      const response = await fetch(url, init);
      const ttfbMs = performance.now() - started;
      await response.text();
      return { ttfbMs, totalMs: performance.now() - started, cache: response.headers.get('x-leo-cache') ?? '' };
    },
    { url, init },
  );
}

const summary = (xs: number[]) => ({ p50Ms: median(xs), p90Ms: percentile(xs, 0.9), n: xs.length });

export async function benchExtensionLatency() {
  const stack = await startPlaygroundStack();
  const { browser, page } = stack;
  const companion = await startHarness();
  try {
    const options = await pairThroughOptions(browser, companion.url, new Pairings(companion.home).issueCode().code);
    const [settings] = await extensionRecords<{ value: { pairingToken: string } }>(options, 'settings');
    const token = settings!.value.pairingToken;

    const headers = { 'content-type': 'application/json', authorization: 'Bearer sk-page-placeholder' };
    const post = (prompt: string, stream = false): RequestInit => ({ method: 'POST', headers, body: body(prompt, stream) });
    // The very first call starts the offscreen document and loads the model before its lookup; it also primes the cache.
    const coldFirstCall = await timedFetch(page, API, post('What is the capital of France?'));
    await timedFetch(page, API, post('What is the capital of France?', true));

    const samples: Record<string, number[]> = { plain: [], exact: [], exactStreamed: [], semantic: [], missTtfb: [], uninterceptedTtfb: [], companionTtfb: [] };
    let unique = 0;
    for (let block = 0; block < BLOCKS; block++) {
      for (let i = 0; i < PER_BLOCK; i++) samples.plain!.push((await timedFetch(page, 'https://api.openai.com/__simulator/stats', {})).totalMs);
      for (let i = 0; i < PER_BLOCK; i++) {
        const t = await timedFetch(page, API, post('What is the capital of France?'));
        if (t.cache !== 'exact-hit') throw new Error(`expected an exact hit, got '${t.cache}'`);
        samples.exact!.push(t.totalMs);
      }
      for (let i = 0; i < PER_BLOCK; i++) samples.exactStreamed!.push((await timedFetch(page, API, post('What is the capital of France?', true))).totalMs);
      for (let i = 0; i < PER_BLOCK; i++) {
        const t = await timedFetch(page, API, post("What's the capital of France?"));
        if (t.cache !== 'semantic-hit') throw new Error(`expected a reworded hit, got '${t.cache}'`);
        samples.semantic!.push(t.totalMs);
      }
      for (let i = 0; i < PER_BLOCK; i++) {
        const t = await timedFetch(page, API, post(`Bench question number ${(unique += 1)} about rivers.`, true));
        if (t.cache !== 'miss') throw new Error(`expected a miss, got '${t.cache}'`);
        samples.missTtfb!.push(t.ttfbMs);
      }
      for (let i = 0; i < PER_BLOCK; i++) {
        samples.uninterceptedTtfb!.push((await timedFetch(options, API, post(`Bench question number ${(unique += 1)} about rivers.`, true))).ttfbMs);
      }
      for (let i = 0; i < PER_BLOCK; i++) {
        const init = { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-leo-cache-mode': 'off', 'x-leo-route-mode': 'balanced', 'x-leo-provider': 'openai' }, body: body(`Bench question number ${(unique += 1)} about rivers.`, true) };
        samples.companionTtfb!.push((await timedFetch(options, `${companion.url}/v1/chat/completions`, init)).ttfbMs);
      }
    }
    const engine = await options.evaluate(() => new Promise((resolve) => (globalThis as unknown as { chrome: { runtime: { sendMessage(m: object, cb: (r: unknown) => void): void } } }).chrome.runtime.sendMessage({ target: 'leo-optima/cache-engine', type: 'status' }, resolve)));
    const report = {
      blocks: BLOCKS,
      perBlock: PER_BLOCK,
      plainLoopbackFetch: summary(samples.plain!),
      exactHit: summary(samples.exact!),
      exactHitStreamed: summary(samples.exactStreamed!),
      semanticHit: summary(samples.semantic!),
      missTimeToFirstByte: summary(samples.missTtfb!),
      withoutExtensionTimeToFirstByte: summary(samples.uninterceptedTtfb!),
      companionDirectTimeToFirstByte: summary(samples.companionTtfb!),
      addedTimeToFirstByteMs: median(samples.missTtfb!) - median(samples.uninterceptedTtfb!),
      coldFirstCallTimeToFirstByteMs: coldFirstCall.ttfbMs,
      engine,
    };
    const file = saveResult('extension-latency', report);
    console.log(
      `extension: plain fetch ${report.plainLoopbackFetch.p50Ms.toFixed(2)} ms, exact hit ${report.exactHit.p50Ms.toFixed(2)} ms (streamed, paced: ${report.exactHitStreamed.p50Ms.toFixed(0)} ms), reworded hit ${report.semanticHit.p50Ms.toFixed(2)} ms; ` +
        `miss TTFB ${report.missTimeToFirstByte.p50Ms.toFixed(2)} ms vs ${report.withoutExtensionTimeToFirstByte.p50Ms.toFixed(2)} ms without the extension (companion direct ${report.companionDirectTimeToFirstByte.p50Ms.toFixed(2)} ms); engine ${JSON.stringify(engine)}`,
    );
    return { file };
  } finally {
    await stack.close();
    await companion.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchExtensionLatency();
