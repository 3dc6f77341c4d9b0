import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../tests/helpers/companion-harness.js';
import { configFrom } from './config.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const openai = (headers: Record<string, string> = {}) => new OpenAI({ apiKey: h.token, baseURL: `${h.url}/v1`, maxRetries: 0, defaultHeaders: headers });
const anthropic = () => new Anthropic({ apiKey: h.token, baseURL: h.url, maxRetries: 0 });
const upstreamCalls = () => h.simulator.stats.requests;

async function ask(prompt: string, options: { stream?: boolean; model?: string; headers?: Record<string, string> } = {}) {
  const params = { model: options.model ?? 'gpt-4o', messages: [{ role: 'user' as const, content: prompt }] };
  if (options.stream) {
    const { data, response } = await openai(options.headers).chat.completions.create({ ...params, stream: true }).withResponse();
    let text = '';
    for await (const chunk of data) text += chunk.choices[0]?.delta.content ?? '';
    return { text, cache: response.headers.get('x-leo-cache') };
  }
  const { data, response } = await openai(options.headers).chat.completions.create(params).withResponse();
  return { text: data.choices[0]?.message.content ?? '', cache: response.headers.get('x-leo-cache') };
}

async function askClaude(prompt: string, stream: boolean) {
  const params = { model: 'claude-haiku-4-5', max_tokens: 300, messages: [{ role: 'user' as const, content: prompt }] };
  if (stream) {
    const s = anthropic().messages.stream(params);
    const message = await s.finalMessage();
    const response = (await s.withResponse()).response;
    return { text: message.content.map((c) => (c.type === 'text' ? c.text : '')).join(''), cache: response.headers.get('x-leo-cache') };
  }
  const { data, response } = await anthropic().messages.create(params).withResponse();
  return { text: data.content.map((c) => (c.type === 'text' ? c.text : '')).join(''), cache: response.headers.get('x-leo-cache') };
}

/** Runs `call` and returns its result with how many calls reached the provider meanwhile. */
async function counted<T>(call: () => Promise<T>): Promise<T & { upstream: number }> {
  const before = upstreamCalls();
  const result = await call();
  return { ...result, upstream: upstreamCalls() - before };
}

describe('the companion answers repeated and reworded prompts from its cache', () => {
  for (const stream of [false, true]) {
    const mode = stream ? 'streamed' : 'unstreamed';

    it(`openai SDK, ${mode}: the identical call is an exact hit, a rewording a semantic hit, a look-alike a miss`, async () => {
      const subject = stream ? 'a list' : 'an array';
      const first = await counted(() => ask(`How do I sort ${subject} in Python?`, { stream }));
      expect(first).toMatchObject({ cache: 'miss', upstream: 1 });

      const again = await counted(() => ask(`How do I sort ${subject} in Python?`, { stream }));
      expect(again).toMatchObject({ cache: 'exact-hit', upstream: 0, text: first.text });

      const reworded = await counted(() => ask(`How can I sort a Python ${subject.split(' ')[1]}?`, { stream }));
      expect(reworded).toMatchObject({ cache: 'semantic-hit', upstream: 0, text: first.text });

      const other = await counted(() => ask(`How do I sort ${subject} in JavaScript?`, { stream }));
      expect(other).toMatchObject({ cache: 'miss', upstream: 1 });
      expect(other.text).toContain('JavaScript');
    });

    it(`anthropic SDK, ${mode}: exact and reworded hits, look-alike miss`, async () => {
      const topic = stream ? 'noise cancelling headphones' : 'solar panels';
      const first = await counted(() => askClaude(`How do ${topic} work?`, stream));
      expect(first).toMatchObject({ cache: 'miss', upstream: 1 });
      expect(await counted(() => askClaude(`How do ${topic} work?`, stream))).toMatchObject({ cache: 'exact-hit', upstream: 0, text: first.text });
      expect(await counted(() => askClaude(`How do ${topic} work ?`, stream))).toMatchObject({ cache: 'semantic-hit', upstream: 0, text: first.text });
      expect(await counted(() => askClaude(`Why don't ${topic} work?`, stream))).toMatchObject({ cache: 'miss', upstream: 1 });
    });
  }

  it('serves a streamed request from an answer first given unstreamed, and the reverse', async () => {
    const first = await counted(() => ask('What is the tallest building in the world?'));
    expect(await counted(() => ask('What is the tallest building in the world?', { stream: true }))).toMatchObject({ cache: 'exact-hit', upstream: 0, text: first.text });
  });

  it('records each hit once in the ledger with the cost it avoided and why', async () => {
    await ask('How do I stop procrastinating?');
    await ask('How can I stop procrastinating?');
    const rows = h.ledgerRows<{ reason: string; cost: number; avoided: number; detail: string }>("SELECT reason, cost_usd AS cost, cost_avoided_usd AS avoided, detail FROM calls WHERE reason = 'semantic-hit' ORDER BY id DESC LIMIT 1");
    expect(rows[0]!.cost).toBe(0);
    expect(rows[0]!.avoided).toBeGreaterThan(0);
    expect(rows[0]!.detail).toContain('matches "How do I stop procrastinating?"');
    await ask('How do I convert Celsius to Fahrenheit in Python?');
    expect(await counted(() => ask('How do I convert Fahrenheit to Celsius in Python?'))).toMatchObject({ cache: 'miss', upstream: 1 });
    const refused = h.ledgerRows<{ detail: string }>("SELECT detail FROM calls WHERE reason IN ('passthrough', 'routed') AND detail LIKE '%direction reversed%' LIMIT 1")[0];
    expect(refused?.detail).toMatch(/refused "How do I convert Celsius to Fahrenheit in Python\?": direction reversed/);
  });
});

describe('what the caller can ask of the cache', () => {
  it('keeps namespaces apart', async () => {
    await ask('What is a monad?', { headers: { 'x-leo-namespace': 'team-a' } });
    expect(await counted(() => ask('What is a monad?', { headers: { 'x-leo-namespace': 'team-b' } }))).toMatchObject({ cache: 'miss', upstream: 1 });
    expect(await counted(() => ask('What is a monad?', { headers: { 'x-leo-namespace': 'team-a' } }))).toMatchObject({ cache: 'exact-hit', upstream: 0 });
  });

  it('honours no-store, no-cache and exact-only', async () => {
    await ask('How do I write a good resume?', { headers: { 'cache-control': 'no-store' } });
    expect(await counted(() => ask('How do I write a good resume?'))).toMatchObject({ cache: 'miss', upstream: 1 });
    expect(await counted(() => ask('How do I write a good resume?', { headers: { 'cache-control': 'no-cache' } }))).toMatchObject({ cache: 'miss', upstream: 1 });
    expect(await counted(() => ask('How can I write a better resume?', { headers: { 'x-leo-cache-mode': 'exact-only' } }))).toMatchObject({ cache: 'miss', upstream: 1 });
    expect(await counted(() => ask('How do I write a good resume?', { headers: { 'x-leo-cache-mode': 'off' } }))).toMatchObject({ cache: 'miss', upstream: 1 });
  });

  it('coalesces ten identical calls made at once into one provider call, and every caller gets the whole answer', async () => {
    const before = upstreamCalls();
    const prompt = 'Explain what a mutex is, in two sentences.';
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => ask(prompt, { stream: i % 2 === 0, headers: { 'x-sim-latency-ms': '300' } })));
    expect(upstreamCalls()).toBe(before + 1);
    expect(new Set(answers.map((a) => a.text)).size).toBe(1);
    expect(answers[0]!.text).toContain('mutex');
    expect(answers.filter((a) => a.cache === 'miss')).toHaveLength(1);
    expect(answers.filter((a) => a.cache === 'exact-hit')).toHaveLength(9);
  });

  it('finds its own answer the instant it was delivered: a repeat right after is an exact hit', async () => {
    const before = upstreamCalls();
    for (let i = 0; i < 5; i++) {
      const prompt = `Give me a haiku about the number ${i}.`;
      expect((await ask(prompt, { stream: true })).cache).toBe('miss');
      expect((await ask(prompt, { stream: true })).cache).toBe('exact-hit');
    }
    expect(upstreamCalls()).toBe(before + 5);
  });

  it('lets identical calls waiting on a failed one go on to ask for themselves', async () => {
    const before = upstreamCalls();
    const prompt = 'This one fails first. [[sim:500]]';
    const results = await Promise.allSettled([ask(prompt), ask(prompt)]);
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    expect(upstreamCalls()).toBe(before + 2);
  });

  it('caches calls up to the temperature limit alone, when one is set (LEO_CACHE_MAX_TEMPERATURE)', async () => {
    process.env.LEO_CACHE_MAX_TEMPERATURE = '0.5';
    const limit = configFrom({ home: h.home }).cache.maxTemperature;
    delete process.env.LEO_CACHE_MAX_TEMPERATURE;
    expect(limit).toBe(0.5);
    h.cache!.settings.maxTemperature = limit;
    try {
      const at = async (temperature: number) => {
        const { response } = await openai().chat.completions.create({ model: 'gpt-4o', temperature, messages: [{ role: 'user', content: 'Invent a name for a cat.' }] }).withResponse();
        return response.headers.get('x-leo-cache');
      };
      expect([await at(0.9), await at(0.9)]).toEqual(['miss', 'miss']);
      expect([await at(0.2), await at(0.2)]).toEqual(['miss', 'exact-hit']);
    } finally {
      h.cache!.settings.maxTemperature = undefined;
    }
    process.env.LEO_CACHE_MAX_TEMPERATURE = 'warm';
    expect(() => configFrom({ home: h.home })).toThrow(/LEO_CACHE_MAX_TEMPERATURE must be a temperature/);
    delete process.env.LEO_CACHE_MAX_TEMPERATURE;
  });

  it('refuses a malformed namespace or mode with a 400 in the caller protocol', async () => {
    await expect(ask('hello', { headers: { 'x-leo-namespace': 'bad namespace!' } })).rejects.toMatchObject({ status: 400, message: expect.stringContaining('x-leo-namespace') });
    await expect(ask('hello', { headers: { 'x-leo-cache-mode': 'sometimes' } })).rejects.toMatchObject({ status: 400, message: expect.stringContaining('x-leo-cache-mode') });
  });

  it('never caches an error or a cut stream', async () => {
    await expect(ask('[[sim:500]] Explain quicksort.')).rejects.toMatchObject({ status: 500 });
    expect(await counted(() => ask('[[sim:500]] Explain quicksort.').catch(() => ({ cache: 'error' })))).toMatchObject({ upstream: 1 });
    await expect(ask('[[sim:cut]] Explain heapsort.', { stream: true })).rejects.toThrow();
    const retry = await counted(() => ask('[[sim:cut]] Explain heapsort.', { stream: true }).catch(() => ({ cache: 'cut again' })));
    expect(retry.upstream).toBe(1);
  });

  it('answers a reworded follow-up only after the very same earlier turns', async () => {
    const turn = (first: string, answer: string, followUp = 'And how do I reverse it?') =>
      openai()
        .chat.completions.create({
          model: 'gpt-4o',
          messages: [
            { role: 'user', content: first },
            { role: 'assistant', content: answer },
            { role: 'user', content: followUp },
          ],
        })
        .withResponse();
    const cacheOf = async (call: ReturnType<typeof turn>) => (await call).response.headers.get('x-leo-cache');
    await turn('How do I sort a list in Python?', 'Use sorted(xs).');
    expect(await cacheOf(turn('How do I sort a list in Python?', 'Use sorted(xs).'))).toBe('exact-hit');
    expect(await cacheOf(turn('How do I sort a list in Python?', 'Use sorted(xs).', 'And how can I reverse it?'))).toBe('semantic-hit');
    expect(await cacheOf(turn('How do I sort a list in Rust?', 'Use xs.sort().'))).toBe('miss');
    // A reworded earlier turn is another conversation: its follow-up is not matched by meaning.
    expect(await cacheOf(turn("What's the way to sort a list in Python?", 'Use sorted(xs).', 'And how can I reverse it?'))).toBe('miss');
  });
});

describe('the cache survives', () => {
  it('a restart: exact and semantic hits come from the database file', async () => {
    const first = await ask('How do I start a vegetable garden?');
    await h.stop();
    h = await startHarness({ restartOf: h });
    expect(await counted(() => ask('How do I start a vegetable garden?'))).toMatchObject({ cache: 'exact-hit', upstream: 0, text: first.text });
    expect(await counted(() => ask('How to start a vegetable garden?'))).toMatchObject({ cache: 'semantic-hit', upstream: 0, text: first.text });
  });

  it('a corrupt cache file: set aside, and calls still answered', async () => {
    await h.stop();
    writeFileSync(join(h.home, 'cache.sqlite'), 'this is not a database');
    for (const f of ['cache.sqlite-wal', 'cache.sqlite-shm']) writeFileSync(join(h.home, f), '');
    h = await startHarness({ restartOf: h });
    expect(readdirSync(h.home).some((f) => f.startsWith('cache.sqlite.unreadable-'))).toBe(true);
    expect(await counted(() => ask('How do I prepare for a job interview?'))).toMatchObject({ cache: 'miss', upstream: 1 });
    expect(await counted(() => ask('How do I prepare for a job interview?'))).toMatchObject({ cache: 'exact-hit', upstream: 0 });
  });
});
