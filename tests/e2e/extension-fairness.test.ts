import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startPlaygroundServer, type PlaygroundServer } from '../../demo/playground-server.js';
import { startPlaygroundStack, type PlaygroundStack } from '../helpers/browser-harness.js';
import { CHAT_API, hitsDuringFlood, timedCall } from '../helpers/flood.js';

/** One site sending huge prompts must not stall another site's cache hits (bench/flood-fairness.ts measures how much it costs them). */
describe('the extension under one page\'s flood', { timeout: 120_000 }, () => {
  let stack: PlaygroundStack;
  let quiet: PlaygroundServer;
  let quietPage: Page;

  beforeAll(async () => {
    stack = await startPlaygroundStack();
    quiet = await startPlaygroundServer();
    quietPage = await stack.browser.context.newPage();
    // Another site (not just another port), as a hostile page would be: its own renderer process.
    await quietPage.goto(quiet.url.replace('127.0.0.1', 'localhost'));
  }, 60_000);

  afterAll(async () => {
    await stack?.close();
    await quiet?.close();
  });

  it('keeps answering another site\'s repeats from the cache while one page sends six 7 MB prompts, and loses none of the flood', async () => {
    const question = 'What is the boiling point of water in Fahrenheit?';
    expect((await timedCall(quietPage, question)).cache).toBe('miss');
    const { hits, statuses } = await hitsDuringFlood(stack.page, quietPage, question, { calls: 6, chars: 7_000_000, url: CHAT_API });
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200]);
    // Before the fair share, one hit here waited 12 s and the page paid for a miss.
    expect(hits.length).toBeGreaterThan(3);
    expect(hits.every((h) => h.cache === 'exact-hit')).toBe(true);
    const sorted = hits.map((h) => h.ms).sort((a, b) => a - b);
    expect(sorted[Math.floor(sorted.length / 2)]).toBeLessThan(50);
    // The same flood with no extension involved stalls this machine's other tabs up to about 0.9 s (bench/flood-fairness.ts);
    // the unfair engine stalled a hit 12 s.
    expect(sorted.at(-1)).toBeLessThan(3000);
  });

  it('still serves the flooding page itself: its own repeat is a hit once the flood is over', async () => {
    const { statuses } = await hitsDuringFlood(stack.page, quietPage, 'What is the boiling point of water in Fahrenheit?', { calls: 30, chars: 20_000, url: CHAT_API });
    expect(statuses.every((s) => s === 200)).toBe(true);
    const question = 'Which gas do plants take in?';
    expect((await timedCall(stack.page, question)).cache).toBe('miss');
    expect((await timedCall(stack.page, question)).cache).toBe('exact-hit');
  });
});
