import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../tests/helpers/companion-harness.js';

const SYSTEM = 'You are a careful coding agent. Follow the repository conventions, explain each change, and never touch files you were not asked to. '.repeat(40);
const NOT_CACHED = { 'x-leo-cache-mode': 'off', 'x-leo-route-mode': 'off' };

/** The request as the model reads it: breakpoints left out, a string content as the one text block it stands for. */
function meaning(body: Record<string, unknown>): unknown {
  const blocks = (content: unknown) => (typeof content === 'string' ? [{ type: 'text', text: content }] : content);
  const strip = (value: unknown): unknown =>
    Array.isArray(value) ? value.map(strip) : value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).filter(([k]) => k !== 'cache_control').map(([k, v]) => [k, strip(v)])) : value;
  return strip({ ...body, system: blocks(body.system), messages: (body.messages as { role: string; content: unknown }[]).map((m) => ({ ...m, content: blocks(m.content) })) });
}

describe("the provider's own prompt cache, when the caller asks for it", () => {
  let h: Harness;
  let anthropic: Anthropic;
  beforeAll(async () => {
    h = await startHarness();
    anthropic = new Anthropic({ apiKey: h.token, baseURL: h.url, maxRetries: 0 });
  });
  afterAll(() => h.close());

  const sent = () => JSON.parse(h.simulator.stats.lastRequest!.body) as Record<string, unknown>;

  it('places Anthropic breakpoints on the stable prefix, so the next step of the conversation reads it back at a tenth of the price', async () => {
    const first = [{ role: 'user' as const, content: 'List the files under src/.' }];
    const step1 = await anthropic.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 500, system: SYSTEM, messages: first }, { headers: { ...NOT_CACHED, 'x-leo-prompt-cache': 'auto' } });
    const body1 = sent();
    expect(body1.system).toEqual([{ type: 'text', text: SYSTEM, cache_control: { type: 'ephemeral' } }]);
    expect((body1.messages as { content: { cache_control?: unknown }[] }[])[0]!.content.at(-1)!.cache_control).toEqual({ type: 'ephemeral' });
    expect(meaning(body1)).toEqual(meaning({ model: 'claude-sonnet-4-5', max_tokens: 500, system: SYSTEM, messages: first }));
    expect(step1.usage.cache_creation_input_tokens).toBeGreaterThan(1000);
    expect(step1.usage.cache_read_input_tokens).toBe(0);

    const second = [...first, { role: 'assistant' as const, content: step1.content.filter((b) => b.type === 'text') }, { role: 'user' as const, content: 'Now open the first one.' }];
    const step2 = await anthropic.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 500, system: SYSTEM, messages: second }, { headers: { ...NOT_CACHED, 'x-leo-prompt-cache': 'auto' } });
    expect(step2.usage.cache_read_input_tokens).toBeGreaterThan(1000);
    const [, read] = h.ledger.events({ limit: 2 });
    expect(read!.usage.cachedInputTokens).toBe(step2.usage.cache_read_input_tokens);

    // The same step without the hints pays the full input price.
    const plain = await anthropic.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 500, system: SYSTEM, messages: second }, { headers: NOT_CACHED });
    expect(plain.usage.cache_read_input_tokens ?? 0).toBe(0);
    const unhinted = h.ledger.events({ limit: 1 })[0]!;
    expect(read!.costUsd!).toBeLessThan(unhinted.costUsd!);
  });

  it("leaves the caller's own breakpoints, a short prompt and a call that did not ask exactly as sent", async () => {
    const raw = (body: object, headers: Record<string, string> = {}) =>
      fetch(`${h.url}/v1/messages`, { method: 'POST', headers: { 'x-api-key': h.token, 'anthropic-version': '2023-06-01', 'content-type': 'application/json', ...NOT_CACHED, ...headers }, body: JSON.stringify(body) });
    const own = { model: 'claude-sonnet-4-5', max_tokens: 100, system: [{ type: 'text', text: SYSTEM }], messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi', cache_control: { type: 'ephemeral' } }] }] };
    expect((await raw(own, { 'x-leo-prompt-cache': 'auto' })).status).toBe(200);
    expect(h.simulator.stats.lastRequest!.body).toBe(JSON.stringify(own));
    const short = { model: 'claude-sonnet-4-5', max_tokens: 100, system: 'Be brief.', messages: [{ role: 'user', content: 'Hi there' }] };
    await raw(short, { 'x-leo-prompt-cache': 'auto' });
    expect(h.simulator.stats.lastRequest!.body).toBe(JSON.stringify(short));
    const long = { ...short, system: SYSTEM };
    await raw(long);
    expect(h.simulator.stats.lastRequest!.body).toBe(JSON.stringify(long));
    const bad = await raw(long, { 'x-leo-prompt-cache': 'always' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toContain('x-leo-prompt-cache must be one of auto, off');
  });

  it('gives an OpenAI call a prompt_cache_key per conversation, after its messages, which stay byte for byte', async () => {
    const body = JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'system', content: SYSTEM }, { role: 'user', content: 'Refactor the parser.' }] });
    const call = () => fetch(`${h.url}/v1/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json', 'x-leo-prompt-cache': 'auto', ...NOT_CACHED }, body });
    expect((await call()).status).toBe(200);
    const forwarded = h.simulator.stats.lastRequest!.body;
    expect(forwarded.startsWith(body.slice(0, -1))).toBe(true);
    const key = (JSON.parse(forwarded) as { prompt_cache_key: string }).prompt_cache_key;
    expect(key).toMatch(/^leo-\w+$/);
    await call();
    expect((JSON.parse(h.simulator.stats.lastRequest!.body) as { prompt_cache_key: string }).prompt_cache_key).toBe(key);
  });
});
