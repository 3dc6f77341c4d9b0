import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Simulator } from '../../companion/simulator/server.js';
import { Pairings } from '../../companion/store/pairings.js';
import { startPlaygroundServer, type PlaygroundServer } from '../../demo/playground-server.js';
import { startHarness, type Harness } from '../helpers/companion-harness.js';
import { extensionRecords, lendKeysThroughPopup, openPopupFor, pairThroughOptions, startPlaygroundStack, type ExtensionBrowser, type PlaygroundStack } from '../helpers/browser-harness.js';

const API = 'https://api.openai.com/v1/chat/completions';

interface RawResult {
  status: number;
  cache: string | null;
  text: string;
  error?: string;
}

/** Failures, switches and hostile input, seen from a page calling the provider with plain fetch. */
describe('the extension when things go wrong', { timeout: 60_000 }, () => {
  let stack: PlaygroundStack;
  let provider: Simulator;
  let companion: Harness;
  let browser: ExtensionBrowser;
  let site: PlaygroundServer;
  let otherSite: PlaygroundServer;
  let page: Page;

  beforeAll(async () => {
    stack = await startPlaygroundStack();
    ({ provider, browser, playground: site, page } = stack);
    companion = await startHarness();
    otherSite = await startPlaygroundServer();
    (await pairThroughOptions(browser, companion.url, new Pairings(companion.home).issueCode().code)).close();
    await lendKeysThroughPopup(browser, site.url);
  }, 60_000);

  afterAll(async () => {
    await stack?.close();
    await otherSite?.close();
    await companion?.close();
  });

  /** A chat completion with fetch; `abortAfterFirstChunk` aborts once the first bytes arrived. */
  const call = (prompt: string, options: { stream?: boolean; headers?: Record<string, string>; abortAfterFirstChunk?: boolean } = {}, on: Page = page) =>
    on.evaluate(
      async ({ api, prompt, stream, headers, abortAfterFirstChunk }): Promise<RawResult> => {
        const controller = new AbortController();
        try {
          const response = await fetch(api, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: 'Bearer sk-page', ...headers },
            body: JSON.stringify({ model: 'gpt-4o', stream, messages: [{ role: 'user', content: prompt }] }),
            signal: controller.signal,
          });
          const reader = response.body!.getReader();
          const decoder = new TextDecoder();
          let text = '';
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            text += decoder.decode(value, { stream: true });
            if (abortAfterFirstChunk) controller.abort();
          }
          return { status: response.status, cache: response.headers.get('x-leo-cache'), text };
        } catch (err) {
          return { status: 0, cache: null, text: '', error: (err as Error).name };
        }
      },
      { api: API, prompt, stream: options.stream ?? false, headers: options.headers ?? {}, abortAfterFirstChunk: options.abortAfterFirstChunk ?? false },
    );

  it('never caches what the page marked no-store, nor calls asking for several answers', async () => {
    expect((await call('Give me a random fun fact.', { headers: { 'cache-control': 'no-store' } })).cache).toBe('miss');
    expect((await call('Give me a random fun fact.')).cache).toBe('miss');
    const several = () =>
      page.evaluate(async (api) => {
        const response = await fetch(api, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer sk-page' }, body: JSON.stringify({ model: 'gpt-4o', n: 2, messages: [{ role: 'user', content: 'Name a colour.' }] }) });
        return response.headers.get('x-leo-cache');
      }, API);
    expect(await several()).toBe('miss');
    expect(await several()).toBe('miss');
  });

  it('answers a repeat made the instant the first answer ended from the cache, and coalesces ten identical calls into one provider call', async () => {
    // Not lent the user's keys, so every miss goes to the provider the page calls; only the cache saves calls here.
    const stranger = await browser.context.newPage();
    await stranger.goto(otherSite.url.replace('127.0.0.1', 'localhost'));
    const before = provider.stats.requests;
    const repeats = await stranger.evaluate(async (api) => {
      const ask = async (prompt: string) => {
        const response = await fetch(api, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer sk-page' }, body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: prompt }] }) });
        return { cache: response.headers.get('x-leo-cache'), text: await response.text() };
      };
      const first = await ask('Name the largest moon of Saturn.');
      const again = await ask('Name the largest moon of Saturn.');
      const ten = await Promise.all(Array.from({ length: 10 }, () => ask('Name the largest moon of Jupiter.')));
      return { first: first.cache, again: again.cache, tenCaches: ten.map((t) => t.cache), tenTexts: new Set(ten.map((t) => JSON.parse(t.text).choices[0].message.content)).size };
    }, API);
    expect(repeats.first).toBe('miss');
    expect(repeats.again).toBe('exact-hit');
    expect(repeats.tenCaches.filter((c) => c === 'miss')).toHaveLength(1);
    expect(repeats.tenTexts).toBe(1);
    expect(provider.stats.requests).toBe(before + 2);
    await stranger.close();
  });

  it("caches calls a page makes to its own Azure OpenAI resource, and never lends the user's keys for them", async () => {
    // The site is granted the user's keys, but the companion's Azure resource (if any) is not the one this page calls.
    const companionCalls = companion.simulator.stats.requests;
    const before = provider.stats.requests;
    const asks = await page.evaluate(async () => {
      const ask = async () => {
        const response = await fetch('https://contoso.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'api-key': 'page-azure-key' },
          body: JSON.stringify({ messages: [{ role: 'user', content: 'Which region is my Azure resource in?' }] }),
        });
        return { cache: response.headers.get('x-leo-cache'), text: (await response.json()).choices[0].message.content as string };
      };
      return [await ask(), await ask()];
    });
    expect(asks.map((a) => a.cache)).toEqual(['miss', 'exact-hit']);
    expect(asks[1]!.text).toBe(asks[0]!.text);
    expect(provider.stats.requests).toBe(before + 1);
    expect(provider.stats.lastRequest!.path).toBe('/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21');
    expect(provider.stats.lastRequest!.headers['api-key']).toBe('page-azure-key');
    expect(companion.simulator.stats.requests).toBe(companionCalls);
  });

  it('passes a provider error through with its status and retry-after, and never caches it', async () => {
    const limited = await page.evaluate(async (api) => {
      const response = await fetch(api, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer sk-page' }, body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Rate me [[sim:429]]' }] }) });
      return { status: response.status, retryAfter: response.headers.get('retry-after'), body: await response.json() };
    }, API);
    expect(limited.status).toBe(429);
    expect(limited.retryAfter).toBe('7');
    expect(limited.body.error.type).toBeDefined();
    const again = await call('Rate me [[sim:429]]');
    expect(again).toMatchObject({ status: 429, cache: 'miss' });
  });

  it('never caches a stream the provider cut off', async () => {
    // The page sees the cut as a network error mid-body, as it would without the extension.
    const cut = await call('Tell me a long story [[sim:cut]]', { stream: true });
    expect(cut.error).toBe('TypeError');
    const again = await call('Tell me a long story [[sim:cut]]', { stream: true });
    expect(again.error).toBe('TypeError');
    expect(again.text).not.toContain('[DONE]');
  });

  it('lets the page abort a stream midway, and caches nothing of it', async () => {
    const slow = { 'x-sim-tokens-per-sec': '40' };
    const aborted = await call('Describe the water cycle in detail.', { stream: true, headers: slow, abortAfterFirstChunk: true });
    expect(aborted.error).toBe('AbortError');
    await new Promise((r) => setTimeout(r, 300));
    const again = await call('Describe the water cycle in detail.', { stream: true });
    expect(again.cache).toBe('miss');
    expect(again.text).toContain('[DONE]');
  });

  it('keeps a page in its own namespace whatever headers it sends', async () => {
    const question = 'Which planet has the most moons?';
    expect((await call(question)).cache).toBe('miss');
    expect((await call(question)).cache).toBe('exact-hit');
    const stranger = await browser.context.newPage();
    await stranger.goto(otherSite.url);
    const forged = await call(question, { headers: { 'x-leo-namespace': new URL(site.url).origin } }, stranger);
    expect(forged.cache).toBe('miss');

    // The stranger was never granted the user's keys: with no key of its own it gets the provider's 401, and the companion never hears of it.
    const companionCalls = companion.simulator.stats.requests;
    const keyless = await stranger.evaluate(async (api) => {
      const response = await fetch(api, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Spend their quota.' }] }) });
      return response.status;
    }, API);
    expect(keyless).toBe(401);
    expect(companion.simulator.stats.requests).toBe(companionCalls);
    await stranger.close();
  });

  it('ignores what a page forges on the bridge, and keeps working for it', async () => {
    const replies = await page.evaluate(async () => {
      const asked = (data: unknown) =>
        new Promise<unknown>((resolve) => {
          const channel = new MessageChannel();
          channel.port1.onmessage = (e) => resolve(e.data);
          window.postMessage({ 'leo-optima/call': data }, '*', [channel.port2]);
          setTimeout(() => resolve('no answer'), 500);
        });
      return [await asked({ type: 'call', url: 42 }), await asked({ type: 'call', url: 'https://api.openai.com/v1/chat/completions', method: 'POST', headers: 'x', body: '{}' }), await asked('not even an object')];
    });
    expect(replies).toEqual([{ type: 'fail', message: 'malformed call' }, { type: 'fail', message: 'malformed call' }, { type: 'fail', message: 'malformed call' }]);
    expect((await call('Is this page still served?')).cache).toBe('miss');
  });

  it('gives a hostile page no way into the companion, and never fetches a host the page names', async () => {
    const attempts = await page.evaluate(async (companionUrl) => {
      const tryFetch = (url: string, init?: RequestInit) => fetch(url, init).then((r) => `status ${r.status}`, (e: Error) => e.name);
      const forged = (url: string) =>
        new Promise<unknown>((resolve) => {
          const channel = new MessageChannel();
          channel.port1.onmessage = (e) => (e.data?.type === 'ack' ? undefined : resolve(e.data));
          const body = JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
          window.postMessage({ 'leo-optima/call': { type: 'call', url, method: 'POST', headers: [], body } }, '*', [channel.port2]);
        });
      return {
        // CORS opens to the paired extension alone: the page cannot read the companion's answers.
        health: await tryFetch(`${companionUrl}/health`),
        call: await tryFetch(`${companionUrl}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer guess' }, body: '{}' }),
        // A call to a host no provider lives on is left to the page itself.
        elsewhere: await forged('https://attacker.example/v1/chat/completions'),
        pairPath: await forged('https://api.openai.com/v1/chat/completions/../../../leo/pair'),
      };
    }, companion.url);
    expect(attempts.health).toBe('TypeError');
    expect(attempts.call).toBe('TypeError');
    expect(attempts.elsewhere).toEqual({ type: 'direct', report: false });
    expect(attempts.pairPath).toEqual({ type: 'direct', report: false });
  });

  it('lends the keys of a granted site to the provider\'s exact API paths only, whatever path or query the page sends', async () => {
    const companionCalls = companion.simulator.stats.requests;
    const results = await page.evaluate(async () => {
      const body = JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Spend the vault key elsewhere.' }] });
      const forged = (url: string) =>
        new Promise<unknown>((resolve) => {
          const channel = new MessageChannel();
          channel.port1.onmessage = (e) => (e.data?.type === 'ack' ? undefined : resolve(e.data));
          window.postMessage({ 'leo-optima/call': { type: 'call', url, method: 'POST', headers: [], body } }, '*', [channel.port2]);
        });
      const paths = [
        'https://api.openai.com/leo/pair/x/chat/completions?key=abc&dashboard=1',
        'https://api.openai.com/v1/chat/completions?dashboard=1',
        'https://api.openai.com/v1/chat/completions/',
        'https://api.openai.com//v1/chat/completions',
        'https://api.openai.com/v1/%63hat/completions',
        'https://api.anthropic.com/v1/messages?beta=yes',
      ];
      const fetched = [];
      for (const url of paths) {
        const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer sk-page' }, body });
        fetched.push(response.headers.get('x-leo-cache'));
      }
      return { fetched, forged: await Promise.all(paths.map(forged)) };
    });
    // None of them is an API call to the extension: each went to the provider as the page sent it, with the page's key.
    expect(results.fetched.every((c) => c === null)).toBe(true);
    expect(results.forged.every((r) => JSON.stringify(r) === JSON.stringify({ type: 'direct', report: false }))).toBe(true);
    expect(companion.simulator.stats.requests).toBe(companionCalls);
  });

  it('leaves a site alone once the user switches it off in the popup', async () => {
    const popup = await openPopupFor(browser, site.url);
    const toggle = popup.getByTestId('site-switch');
    await expect.poll(() => toggle.isChecked()).toBe(true);
    await popup.locator('label.switch', { has: toggle }).click();
    await expect.poll(() => toggle.isChecked()).toBe(false);
    // The box flips at the click; the next call must wait for the choice to be saved.
    const saved = () => extensionRecords<{ value: { sites: Record<string, boolean>; freshTabs: number[] } }>(popup, 'settings').then((rows) => rows[0]?.value);
    const origin = new URL(site.url).origin;
    await expect.poll(async () => (await saved())?.sites[origin]).toBe(false);
    const before = provider.stats.requests;
    const untouched = await call('Which planet has the most moons?');
    // The provider answered the page itself: no cache, no companion, no label.
    expect(untouched.cache).toBeNull();
    expect(provider.stats.requests).toBe(before + 1);
    await popup.locator('label.switch', { has: toggle }).click();
    await expect.poll(() => toggle.isChecked()).toBe(true);
    await expect.poll(async () => (await saved())?.sites[origin]).toBe(true);
    expect((await call('Which planet has the most moons?')).cache).toBe('exact-hit');

    // "Fresh answers" in this tab: the cache is skipped (and refilled) until switched back.
    const fresh = popup.getByTestId('fresh-switch');
    const freshBefore = (await saved())?.freshTabs.length ?? 0;
    await popup.locator('label.switch', { has: fresh }).click();
    await expect.poll(() => fresh.isChecked()).toBe(true);
    await expect.poll(async () => (await saved())?.freshTabs.length).toBe(freshBefore + 1);
    expect((await call('Which planet has the most moons?')).cache).toBe('miss');
    await popup.locator('label.switch', { has: fresh }).click();
    await expect.poll(() => fresh.isChecked()).toBe(false);
    await expect.poll(async () => (await saved())?.freshTabs.length).toBe(freshBefore);
    expect((await call('Which planet has the most moons?')).cache).toBe('exact-hit');
    await popup.close();
  });

  it('loses and double-counts nothing when the browser stops the service worker between calls', async () => {
    const eventsIn = async () => {
      const options = await browser.context.newPage();
      await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
      const events = await extensionRecords(options, 'events');
      await options.close();
      return events.length;
    };
    const question = 'What do bees make?';
    expect((await call(question)).cache).toBe('miss');
    const before = await eventsIn();
    await browser.stopServiceWorker();
    expect(await browser.serviceWorkerStatus()).toBe('stopped');
    // The next call wakes the worker through the bridge's Port.
    expect((await call(question)).cache).toBe('exact-hit');
    expect(await browser.serviceWorkerStatus()).toBe('running');
    expect((await call('What do wasps make?')).cache).toBe('miss');
    expect(await eventsIn()).toBe(before + 2);
  });

  it('answers at once when the cache engine\'s document was closed under the worker', async () => {
    const question = 'What do ants build?';
    expect((await call(question)).cache).toBe('miss');
    const worker = browser.context.serviceWorkers().find((w) => w.url().includes(browser.extensionId))!;
    await worker.evaluate(() => (globalThis as unknown as { chrome: { offscreen: { closeDocument(): Promise<void> } } }).chrome.offscreen.closeDocument());
    const started = Date.now();
    // The worker's direct channel to the closed document is dead: the call must not wait out its deadline on it.
    expect((await call(question)).cache).toBe('exact-hit');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('lets the user find, delete and clear cached answers in Options', async () => {
    const options = await browser.context.newPage();
    await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
    const rows = options.getByTestId('cache-entries').locator('tbody tr');
    await expect.poll(() => rows.count()).toBeGreaterThan(1);
    // Both sites asked it; each has its own entry.
    await options.getByLabel('Search the cache').fill('moons');
    await expect.poll(() => rows.count()).toBe(2);
    const ours = rows.filter({ hasText: new URL(site.url).origin });
    await expect.poll(() => ours.textContent()).toContain('Which planet has the most moons?');
    await ours.getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => rows.count()).toBe(1);
    expect((await call('Which planet has the most moons?')).cache).toBe('miss');

    // Export, clear all, import: the entries come back and answer again.
    await options.getByLabel('Search the cache').fill('');
    await expect.poll(() => rows.count()).toBeGreaterThan(1);
    const kept = await rows.count();
    const [download] = await Promise.all([options.waitForEvent('download'), options.getByRole('button', { name: 'Export' }).click()]);
    const exported = readFileSync((await download.path())!, 'utf8');
    expect(exported.trim().split('\n')).toHaveLength(kept);
    options.once('dialog', (dialog) => void dialog.accept());
    await options.getByRole('button', { name: 'Clear all' }).click();
    await expect.poll(() => rows.first().textContent()).toContain('Nothing cached yet');
    expect((await call('Describe the water cycle in detail.', { stream: true })).cache).toBe('miss');
    await options.locator('input[type=file]').setInputFiles({ name: 'cache.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(exported) });
    await expect.poll(() => options.getByText(/Imported \d+ entries/).textContent()).toBe(`Imported ${kept} entries.`);
    expect((await call('What do bees make?')).cache).toBe('exact-hit');
    // A broken file changes nothing, and says which line is wrong.
    await options.locator('input[type=file]').setInputFiles({ name: 'bad.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(`${exported.split('\n')[0]}\n{"not":"an entry"}\n`) });
    await expect.poll(() => options.getByText(/Line 2/).textContent()).toMatch(/Nothing was imported/);
    await options.close();
  });

  it('steps aside when its database holds a schema it cannot open, and offers a reset', async () => {
    const options = await browser.context.newPage();
    await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
    // A database from some other version of the world: same name, far newer schema, foreign stores.
    await options.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const removed = indexedDB.deleteDatabase('leo-optima');
          removed.onerror = () => reject(removed.error);
          removed.onsuccess = () => {
            const open = indexedDB.open('leo-optima', 9990);
            open.onupgradeneeded = () => open.result.createObjectStore('something-else');
            open.onsuccess = () => {
              open.result.close();
              resolve();
            };
          };
        }),
    );
    const direct = await call('What is the tallest mountain?');
    expect(direct.status).toBe(200);
    expect(direct.text).toContain('[simulated]');
    expect(direct.cache).toBeNull();

    await options.reload();
    await options.getByTestId('database-problem').waitFor();
    options.once('dialog', (dialog) => void dialog.accept());
    await options.getByRole('button', { name: 'Reset LEO Optima’s data' }).click();
    await expect.poll(() => options.getByTestId('database-problem').count()).toBe(0);
    expect((await call('What is the tallest mountain?')).cache).toBe('miss');
    expect((await call('What is the tallest mountain?')).cache).toBe('exact-hit');
    await options.close();
  });
});
