import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Simulator } from '../../companion/simulator/server.js';
import { Pairings } from '../../companion/store/pairings.js';
import { startPlaygroundServer, type PlaygroundServer } from '../../demo/playground-server.js';
import type { Answer, Ask } from '../../demo/playground/playground.js';
import { formatUsd } from '../../shared/pricing/format-usd.js';
import { costOf, findPrice } from '../../shared/pricing/cost.js';
import { PRICE_TABLE } from '../../shared/pricing/price-table.js';
import type { CallEvent } from '../../shared/ledger/call-event.js';
import { PROVIDER_KEY, startHarness, type Harness } from '../helpers/companion-harness.js';
import { extensionRecords, openPopupFor, pairThroughOptions, startPlaygroundStack, type ExtensionBrowser, type PlaygroundStack } from '../helpers/browser-harness.js';

const SCREENSHOTS = '.output/screenshots';

/**
 * The built extension in Chromium, in front of a playground page that calls
 * https://api.openai.com and https://api.anthropic.com with the official SDKs. The provider
 * hosts resolve to one simulator (what the page reaches directly); the companion has its own.
 */
describe('the extension in Chromium', { timeout: 60_000 }, () => {
  let stack: PlaygroundStack;
  let provider: Simulator;
  let companion: Harness;
  let browser: ExtensionBrowser;
  let playground: PlaygroundServer;
  let otherSite: PlaygroundServer;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    stack = await startPlaygroundStack();
    ({ provider, browser, playground, page } = stack);
    // The user's own price for gpt-4o, in the companion's prices.json: the extension must price calls by it too.
    companion = await startHarness({
      prices: { 'gpt-4o': { input: 100, output: 400 } },
      config: { consensus: { panel: ['gpt-4o', 'claude-sonnet-4-5', 'gemini-2.5-pro', 'grok-3'], memberTimeoutMs: 10_000, noQuorum: 'error' } },
    });
    otherSite = await startPlaygroundServer();
  }, 60_000);

  afterAll(async () => {
    await stack?.close();
    await otherSite?.close();
    await companion?.close();
  });

  const extensionPage = async (path: string) => {
    const p = await browser.context.newPage();
    await p.goto(`chrome-extension://${browser.extensionId}/${path}`);
    return p;
  };
  const ask = (request: Ask, on: Page = page) => on.evaluate((r) => (window as unknown as { playground: { askInChat(a: Ask): Promise<Answer> } }).playground.askInChat(r), request);
  const upstreamCalls = () => ({ companion: companion.simulator.stats.requests, direct: provider.stats.requests });

  it('pairs with the companion from Options, with the code `leo pair` printed', async () => {
    const options = await pairThroughOptions(browser, companion.url, new Pairings(companion.home).issueCode().code);
    await expect.poll(() => options.getByTestId('pair-message').textContent()).toMatch(/^Paired/);
    await expect.poll(() => options.getByTestId('companion-status').textContent()).toMatch(/paired/);
    await options.screenshot({ path: `${SCREENSHOTS}/options.png`, fullPage: true });
    await options.close();
  });

  it('lends your keys only to a site you granted in the popup, and stops the moment you revoke', async () => {
    const openAiCall = (prompt: string) => ask({ provider: 'openai', model: 'gpt-4o-mini', prompt, stream: false });
    // Paired, but this site was never granted: the miss goes out with the page's own key, and the companion never hears of it.
    let before = upstreamCalls();
    expect((await openAiCall('Which key pays for this call?')).cache).toBe('miss');
    expect(upstreamCalls()).toEqual({ companion: before.companion, direct: before.direct + 1 });
    expect(provider.stats.lastRequest!.headers.authorization).toBe('Bearer sk-playground-placeholder');

    // The popup asks; the user allows.
    const popup = await openPopupFor(browser, playground.url);
    await expect.poll(() => popup.getByTestId('keys-note').textContent()).toMatch(/This site called a provider/);
    expect(await popup.getByTestId('keys-switch').isChecked()).toBe(false);
    await popup.screenshot({ path: `${SCREENSHOTS}/popup-key-ask.png` });
    const lend = popup.locator('label.switch', { has: popup.getByTestId('keys-switch') });
    await lend.click();
    await expect.poll(() => popup.getByTestId('keys-note').textContent()).toMatch(/Spent on your keys today: \$0/);

    before = upstreamCalls();
    expect((await openAiCall('And now who pays?')).cache).toBe('miss');
    expect(upstreamCalls()).toEqual({ companion: before.companion + 1, direct: before.direct });
    expect(companion.simulator.stats.lastRequest!.headers.authorization).toBe(`Bearer ${PROVIDER_KEY}`);
    await popup.reload();
    await expect.poll(() => popup.getByTestId('keys-note').textContent()).toMatch(/Spent on your keys today: \$0\.0*[1-9]/);

    // Revoked: the very next call goes out with the page's key again.
    await lend.click();
    await expect.poll(() => popup.getByTestId('keys-note').textContent()).toMatch(/own key/);
    before = upstreamCalls();
    expect((await openAiCall('Revoked: who pays now?')).cache).toBe('miss');
    expect(upstreamCalls()).toEqual({ companion: before.companion, direct: before.direct + 1 });
    const listed = await fetch(`${companion.url}/leo/key-grants`, { headers: { authorization: `Bearer ${companion.token}` } }).then((r) => r.json());
    expect(listed).toEqual({ grants: [] });

    await popup.close();

    // Granted again at the companion (what `leo grants add` does): the popup follows, and its earlier revoke does not undo it.
    const site = new URL(playground.url).origin;
    await fetch(`${companion.url}/leo/key-grants`, { method: 'PUT', headers: { authorization: `Bearer ${companion.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ site }) });
    const again = await openPopupFor(browser, playground.url);
    await expect.poll(() => again.getByTestId('keys-note').textContent()).toMatch(/Spent on your keys today/);
    expect(await again.getByTestId('keys-switch').isChecked()).toBe(true);
    await again.close();
    const stillListed = await fetch(`${companion.url}/leo/key-grants`, { headers: { authorization: `Bearer ${companion.token}` } }).then((r) => r.json());
    expect(stillListed.grants.map((g: { site: string }) => g.site)).toEqual([site]);

    // Options lists the grant with today's spend, and sets its daily cap at the companion.
    const options = await extensionPage('options.html');
    const row = options.getByTestId('key-grants').locator('tbody tr', { hasText: new URL(playground.url).origin });
    await expect.poll(() => row.textContent()).toMatch(/\$0\.0*[1-9]/);
    await row.getByLabel(/Daily cap/).fill('2.5');
    await row.getByLabel(/Daily cap/).press('Enter');
    await expect.poll(async () => (await fetch(`${companion.url}/leo/key-grants`, { headers: { authorization: `Bearer ${companion.token}` } }).then((r) => r.json())).grants[0]?.dailyCapUsd).toBe(2.5);
    // Options shows the stored cap once it has reloaded the grants; typing before that would be overwritten.
    await expect.poll(() => row.getAttribute('data-cap')).toBe('2.5');
    await row.getByLabel(/Daily cap/).fill('lots');
    await row.getByLabel(/Daily cap/).press('Enter');
    await expect.poll(() => options.getByTestId('keys-message').textContent()).toMatch(/not a daily cap/);
    await options.screenshot({ path: `${SCREENSHOTS}/options-keys.png`, fullPage: true });
    await options.close();
  });

  for (const stream of [false, true]) {
    it(`answers through the companion first, then from the cache: the same call and a rewording hit, another question does not (${stream ? 'streamed' : 'JSON'})`, async () => {
      const topic = stream ? 'Python' : 'France';
      const [question, reworded, different] = stream
        ? ['How do I sort a list in Python?', 'How can I sort a list in Python?', 'How do I sort a list in JavaScript?']
        : ['What is the capital of France?', "What's the capital of France?", 'What is the capital of Germany?'];
      const before = upstreamCalls();
      const first = await ask({ provider: 'openai', model: 'gpt-4o', prompt: question, stream });
      expect(first.cache).toBe('miss');
      expect(first.text).toContain('[simulated]');
      expect(upstreamCalls()).toEqual({ companion: before.companion + 1, direct: before.direct });

      const again = await ask({ provider: 'openai', model: 'gpt-4o', prompt: question, stream });
      expect(again).toMatchObject({ cache: 'exact-hit', text: first.text });
      if (stream) expect(again.pieces).toBeGreaterThan(5);

      const rewording = await ask({ provider: 'openai', model: 'gpt-4o', prompt: reworded, stream });
      expect(rewording).toMatchObject({ cache: 'semantic-hit', text: first.text });
      expect(upstreamCalls()).toEqual({ companion: before.companion + 1, direct: before.direct });

      const other = await ask({ provider: 'openai', model: 'gpt-4o', prompt: different, stream });
      expect(other.cache, `"${different}" must not be served the answer about ${topic}`).toBe('miss');
      expect(other.text).not.toBe(first.text);
      expect(upstreamCalls().companion).toBe(before.companion + 2);
    });
  }

  it('speaks Anthropic too: a streamed Messages call through the companion, then an exact hit', async () => {
    const request: Ask = { provider: 'anthropic', model: 'claude-sonnet-4-5', prompt: 'Name three uses of a paperclip.', stream: true };
    const first = await ask(request);
    expect(first.cache).toBe('miss');
    const again = await ask(request);
    expect(again).toMatchObject({ cache: 'exact-hit', text: first.text });
  });

  it('adds the provider prompt-cache hints to calls through the companion once Options turns them on', async () => {
    const options = await extensionPage('options.html');
    await options.locator('label.switch', { has: options.getByTestId('prompt-cache') }).click();
    await expect.poll(() => options.getByTestId('prompt-cache').isChecked()).toBe(true);
    // The box is ticked at the click; the call must wait for the setting to be saved.
    await expect.poll(async () => (await extensionRecords<{ value: { promptCacheHints: boolean } }>(options, 'settings'))[0]?.value.promptCacheHints).toBe(true);
    await options.close();
    // Past 4,096 tokens: the router may send this short question to Claude Haiku 4.5, whose minimum that is.
    const system = 'You review pull requests for a TypeScript codebase and answer with the three most important findings. '.repeat(170);
    const status = await page.evaluate(async (system) => {
      const response = await fetch('https://api.anthropic.com/v1/messages', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': 'sk-ant-page-placeholder', 'anthropic-version': '2023-06-01' },
        body: JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 300, system, messages: [{ role: 'user', content: 'Review PR 4711.' }] }),
      });
      await response.text();
      return response.status;
    }, system);
    expect(status).toBe(200);
    const forwarded = JSON.parse(companion.simulator.stats.lastRequest!.body) as { system: unknown };
    expect(forwarded.system).toEqual([{ type: 'text', text: system, cache_control: { type: 'ephemeral' } }]);
  });

  it("asks the companion's consensus panel for the models chosen in Options, and the page sees the verdict", async () => {
    const options = await extensionPage('options.html');
    await options.getByTestId('consensus-for').fill('gpt-4o');
    await options.getByTestId('consensus-for').press('Enter');
    await options.getByTestId('consensus-for').blur();
    await expect.poll(async () => (await extensionRecords<{ value: { consensusFor: string[] } }>(options, 'settings'))[0]?.value.consensusFor).toEqual(['gpt-4o']);
    await options.close();
    const verdict = await page.evaluate(async () => {
      const response = await fetch('https://api.openai.com/v1/chat/completions', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer sk-page' },
        body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Which is a prime number?\nA. 9\nB. 7\nC. 15\nD. 21' }] }),
      });
      const body = (await response.json()) as { choices: { message: { content: string } }[] };
      return { consensus: response.headers.get('x-leo-consensus'), text: body.choices[0]!.message.content };
    });
    expect(verdict.consensus).toMatch(/^[34]\/4 agree$/);
    expect(verdict.text).toMatch(/^The answer is \([A-D]\)/);
    const members = companion.ledger.events().filter((e) => e.detail.startsWith('consensus')).map((e) => e.requestedModel);
    expect(members).toEqual(expect.arrayContaining(['gpt-4o', 'claude-sonnet-4-5', 'gemini-2.5-pro']));
    const off = await extensionPage('options.html');
    await off.getByTestId('consensus-for').fill('');
    await off.getByTestId('consensus-for').blur();
    await expect.poll(async () => (await extensionRecords<{ value: { consensusFor: string[] } }>(off, 'settings'))[0]?.value.consensusFor).toEqual([]);
    await off.close();
  });

  it('answers XMLHttpRequest calls too, streamed ones with progress events as the text arrives', async () => {
    const xhr = (stream: boolean) =>
      page.evaluate(
        (stream) =>
          new Promise<{ status: number; cache: string | null; text: string; progress: number; states: number[] }>((resolve, reject) => {
            const request = new XMLHttpRequest();
            const states: number[] = [];
            let progress = 0;
            request.open('POST', 'https://api.openai.com/v1/chat/completions');
            request.setRequestHeader('content-type', 'application/json');
            request.setRequestHeader('authorization', 'Bearer sk-page-placeholder');
            request.onreadystatechange = () => states.push(request.readyState);
            request.onprogress = () => (progress += 1);
            request.onload = () => resolve({ status: request.status, cache: request.getResponseHeader('x-leo-cache'), text: request.responseText, progress, states });
            request.onerror = () => reject(new Error('xhr failed'));
            request.send(JSON.stringify({ model: 'gpt-4o', stream, messages: [{ role: 'user', content: 'Why is the sky blue?' }] }));
          }),
        stream,
      );
    const streamedText = (sse: string) =>
      sse
        .split('\n')
        .filter((line) => line.startsWith('data: {'))
        .map((line) => JSON.parse(line.slice(6)).choices[0]?.delta.content ?? '')
        .join('');
    const first = await xhr(true);
    expect(first).toMatchObject({ status: 200, cache: 'miss' });
    expect(first.text).toContain('data: [DONE]');
    const again = await xhr(true);
    expect(again).toMatchObject({ status: 200, cache: 'exact-hit' });
    expect(again.text).toContain('data: [DONE]');
    expect(streamedText(again.text)).toBe(streamedText(first.text));
    expect(again.progress).toBeGreaterThan(3);
    expect(again.states.at(-1)).toBe(4);
    // The same question unstreamed is the same request to the cache, answered as one JSON body.
    const json = await xhr(false);
    expect(json.cache).toBe('exact-hit');
    expect(JSON.parse(json.text).choices[0].message.content).toContain('[simulated]');
  });

  it('answers calls from srcdoc and about:blank frames as the page\'s own, and leaves sandboxed frames and workers to the page', async () => {
    const seen = await page.evaluate(async () => {
      const api = 'https://api.openai.com/v1/chat/completions';
      const code = `fetch('${api}', { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer sk-page' }, body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Which frame asked?' }] }) }).then((r) => r.headers.get('x-leo-cache'), (e) => String(e))`;
      const within = (ms: number, answer: Promise<unknown>) => Promise.race([answer, new Promise((r) => setTimeout(() => r('no answer'), ms))]);
      // An opaque origin ('null') would be one namespace for every sandboxed frame on the web: not ours to cache.
      const sandboxed = document.createElement('iframe');
      sandboxed.sandbox.add('allow-scripts');
      sandboxed.srcdoc = `<script>${code}.then((c) => parent.postMessage({ sandboxed: c }, '*'));</script>`;
      const fromSandbox = within(5000, new Promise((r) => addEventListener('message', (e) => typeof e.data === 'object' && e.data !== null && 'sandboxed' in e.data && r(e.data.sandboxed))));
      document.body.append(sandboxed);
      const worker = new Worker(URL.createObjectURL(new Blob([`${code}.then((c) => postMessage(c))`], { type: 'text/javascript' })));
      const fromWorker = within(5000, new Promise((r) => (worker.onmessage = (e) => r(e.data))));
      const results = { fromSandbox: await fromSandbox, fromWorker: await fromWorker };

      const srcdoc = document.createElement('iframe');
      srcdoc.srcdoc = `<script>window.result = ${code};</script>`;
      document.body.append(srcdoc);
      await new Promise((r) => srcdoc.addEventListener('load', r));
      const fromSrcdoc = await (srcdoc.contentWindow as unknown as { result: Promise<string | null> }).result;
      const blank = document.createElement('iframe');
      document.body.append(blank);
      const fromBlank = await (blank.contentWindow as unknown as { eval(c: string): Promise<string | null> }).eval(code);
      for (const frame of [srcdoc, blank, sandboxed]) frame.remove();
      return { ...results, fromSrcdoc, fromBlank };
    });
    expect(seen).toEqual({ fromSandbox: null, fromWorker: null, fromSrcdoc: 'miss', fromBlank: 'exact-hit' });
  });

  it('never serves one site the answers cached for another', async () => {
    const stranger = await browser.context.newPage();
    await stranger.goto(otherSite.url);
    const answer = await ask({ provider: 'openai', model: 'gpt-4o', prompt: 'What is the capital of France?', stream: false }, stranger);
    expect(answer.cache).toBe('miss');
    await stranger.close();
  });

  it('shows the savings in the popup, and its totals are the sums of the exported events', async () => {
    await page.screenshot({ path: `${SCREENSHOTS}/playground.png` });
    const tabId = await browser.worker.evaluate(async (url) => {
      const { chrome } = globalThis as unknown as { chrome: { tabs: { query(q: object): Promise<{ id?: number }[]> } } };
      return (await chrome.tabs.query({ url: `${url}*` }))[0]?.id;
    }, playground.url);
    const popup = await extensionPage(`popup.html?tab=${tabId}`);
    await popup.setViewportSize({ width: 384, height: 760 });
    const events = await extensionRecords<{ costAvoidedUsd: number; at: number }>(popup, 'events');
    const saved = events.reduce((n, e) => n + e.costAvoidedUsd, 0);
    expect(saved).toBeGreaterThan(0);
    // "Today" is the local day: a run that crosses midnight has events of yesterday too.
    const startOfToday = new Date().setHours(0, 0, 0, 0);
    const today = events.filter((e) => e.at >= startOfToday);
    const text = (id: string) => popup.getByTestId(id).textContent();
    await expect.poll(() => text('saved-all')).toBe(formatUsd(saved));
    expect(await text('saved-today')).toBe(formatUsd(today.reduce((n, e) => n + e.costAvoidedUsd, 0)));
    expect(Number(await text('calls-today'))).toBe(today.length);
    expect(await text('recent-events')).toMatch(/exact hit/);
    await expect.poll(() => text('companion-status')).toMatch(/companion paired/);
    await expect.poll(() => popup.getByTestId('site-switch').isChecked()).toBe(true);
    await popup.screenshot({ path: `${SCREENSHOTS}/popup.png`, fullPage: true });

    // "Refetch fresh" on the latest hit asks the provider again through the companion.
    const before = upstreamCalls().companion;
    await popup.getByRole('button', { name: 'Refetch fresh' }).first().click();
    await expect.poll(() => text('refetch-note')).toBe('A fresh answer is cached.');
    expect(upstreamCalls().companion).toBe(before + 1);
    await expect.poll(async () => Number(await text('calls-today'))).toBe(events.length + 1);
    await popup.close();
  });

  it('learns from a refetched reworded hit: that rewording gets a fresh answer, the original prompt keeps its own, its neighbours learn too', async () => {
    const original = await ask({ provider: 'openai', model: 'gpt-4o', prompt: 'How do I brew a cup of green tea?', stream: false });
    expect(original.cache).toBe('miss');
    // A neighbour: nearly the same words, refused by the guard (another number), so cached on its own.
    const neighbour = 'How do I brew 2 cups of green tea?';
    expect((await ask({ provider: 'openai', model: 'gpt-4o', prompt: neighbour, stream: false })).cache).toBe('miss');
    const reworded = await ask({ provider: 'openai', model: 'gpt-4o', prompt: 'How can I brew a cup of green tea?', stream: false });
    expect(reworded).toMatchObject({ cache: 'semantic-hit', text: original.text });

    const popup = await extensionPage('popup.html');
    await popup.getByRole('button', { name: 'Refetch fresh' }).first().click();
    await expect.poll(() => popup.getByTestId('refetch-note').textContent()).toMatch(/^Learned: that answer and 1 cached for similar prompts are no longer reused for rewordings as far from their prompts \(cosine below 0\.\d{3}\)\. A fresh answer is cached\.$/);
    const learned = (await extensionRecords<{ prompt: string | null; minCosine?: number }>(popup, 'entries')).filter((e) => e.minCosine !== undefined).map((e) => e.prompt).sort();
    expect(learned).toEqual(['How do I brew 2 cups of green tea?', 'How do I brew a cup of green tea?']);
    await popup.close();

    const rewordedAgain = await ask({ provider: 'openai', model: 'gpt-4o', prompt: 'How can I brew a cup of green tea?', stream: false });
    expect(rewordedAgain.cache).toBe('exact-hit');
    expect(rewordedAgain.text).not.toBe(original.text);
    expect(await ask({ provider: 'openai', model: 'gpt-4o', prompt: 'How do I brew a cup of green tea?', stream: false })).toMatchObject({ cache: 'exact-hit', text: original.text });
  });

  it('prices the calls it records as the companion does, by the price the user set there', async () => {
    const popup = await extensionPage('popup.html');
    const override = async () => (await extensionRecords<{ value: { priceOverrides?: Record<string, { input: number }> } }>(popup, 'settings'))[0]?.value.priceOverrides?.['gpt-4o']?.input;
    await expect.poll(override).toBe(100);
    await popup.close();
    expect((await ask({ provider: 'openai', model: 'gpt-4o', prompt: 'Name three rivers in Europe.', stream: false })).cache).toBe('miss');
    const popupAgain = await extensionPage('popup.html');
    const event = (await extensionRecords<CallEvent>(popupAgain, 'events')).at(-1)!;
    await popupAgain.close();
    const prices = { ...PRICE_TABLE, 'gpt-4o': { ...PRICE_TABLE['gpt-4o']!, input: 100, output: 400 } };
    const atUserPrice = costOf(event.usage, findPrice('gpt-4o', prices))!;
    expect(event.requestedModel).toBe('gpt-4o');
    expect(event.costUsd).toBeCloseTo(costOf(event.usage, findPrice(event.servedModel, prices))!, 12);
    // Routed to a lighter model (the site is lent the keys): the saving is counted at the user's price for the model asked for.
    if (event.reason === 'routed') expect(event.costAvoidedUsd).toBeCloseTo(atUserPrice - event.costUsd!, 12);
    else expect(event.costUsd).toBeCloseTo(atUserPrice, 12);
    expect(atUserPrice).toBeGreaterThan(costOf(event.usage, findPrice('gpt-4o', PRICE_TABLE))!);
  });

  it('goes straight to the provider while the companion is stopped, and still caches the answer', async () => {
    await companion.stop();
    const before = upstreamCalls();
    const request: Ask = { provider: 'openai', model: 'gpt-4o', prompt: 'Give me a packing list for a weekend hike.', stream: true };
    const first = await ask(request);
    expect(first.cache).toBe('miss');
    expect(first.text).toContain('[simulated]');
    expect(upstreamCalls()).toEqual({ companion: before.companion, direct: before.direct + 1 });
    const again = await ask(request);
    expect(again).toMatchObject({ cache: 'exact-hit', text: first.text });
    expect(upstreamCalls().direct).toBe(before.direct + 1);
  });
});
