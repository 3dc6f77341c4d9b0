import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../tests/helpers/companion-harness.js';
import { HARD_QUESTION } from '../tests/helpers/prompts.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const openai = (headers: Record<string, string> = {}) => new OpenAI({ apiKey: h.token, baseURL: `${h.url}/v1`, maxRetries: 0, defaultHeaders: headers });
const upstreamModel = () => (JSON.parse(h.simulator.stats.lastRequest!.body) as { model?: string }).model;


describe('routing through the companion', () => {
  it('sends a light question for gpt-4o to gpt-4o-mini, says so, and forwards the body unchanged but for the model', async () => {
    const body = '{"model":"gpt-4o",  "messages":[{"role":"user","content":"What is the capital of France? ✓"}],"temperature":0.2}';
    const res = await fetch(`${h.url}/v1/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json' }, body });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-leo-route')).toBe('gpt-4o -> gpt-4o-mini');
    expect(((await res.json()) as { model: string }).model).toBe('gpt-4o-mini');
    expect(h.simulator.stats.lastRequest!.body).toBe(body.replace('"gpt-4o"', '"gpt-4o-mini"'));

    const row = h.ledgerRows("SELECT reason, requested_model AS requested, served_model AS served, cost_usd AS cost, cost_avoided_usd AS avoided, detail FROM calls WHERE reason = 'routed' ORDER BY id DESC")[0]!;
    expect(row).toMatchObject({ reason: 'routed', requested: 'gpt-4o', served: 'gpt-4o-mini' });
    // gpt-4o-mini costs about a sixteenth of gpt-4o, so nearly all of gpt-4o's price is saved.
    expect(row.avoided as number).toBeGreaterThan(10 * (row.cost as number));
    expect(row.detail).toMatch(/route: light enough at balanced \(score -?[\d.]+ vs [\d.]+\)/);
  });

  it('serves an answer cached from the lighter model only to calls that allow routing', async () => {
    const ask = async (headers: Record<string, string> = {}) => {
      const { response } = await openai(headers).chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Name three fruits.' }] }).withResponse();
      return { cache: response.headers.get('x-leo-cache'), upstream: upstreamModel() };
    };
    expect(await ask()).toEqual({ cache: 'miss', upstream: 'gpt-4o-mini' });
    expect(await ask()).toMatchObject({ cache: 'exact-hit' });
    expect(await ask({ 'x-leo-route-mode': 'off' })).toEqual({ cache: 'miss', upstream: 'gpt-4o' });
  });

  it('says when a cached answer came from the lighter model, and never serves it to a caller that pinned a snapshot', async () => {
    const ask = async (model: string, content: string) => {
      const { data, response } = await openai().chat.completions.create({ model, messages: [{ role: 'user', content }] }).withResponse();
      return { cache: response.headers.get('x-leo-cache'), route: response.headers.get('x-leo-route'), model: data.model };
    };
    expect(await ask('gpt-4o', 'How do I sort a list in Python?')).toEqual({ cache: 'miss', route: 'gpt-4o -> gpt-4o-mini', model: 'gpt-4o-mini' });
    expect(await ask('gpt-4o', 'How do I sort a list in Python?')).toEqual({ cache: 'exact-hit', route: 'gpt-4o -> gpt-4o-mini', model: 'gpt-4o-mini' });
    // The snapshot's own family and routing would both allow the lighter answer; the pin does not.
    const pinned = await ask('gpt-4o-2024-08-06', 'How can I sort a list in Python?');
    expect(pinned.cache).toBe('miss');
    expect(pinned.model).toBe('gpt-4o-2024-08-06');
    expect(await ask('gpt-4o-2024-08-06', 'How can I sort a list in Python?')).toMatchObject({ cache: 'exact-hit', route: null, model: 'gpt-4o-2024-08-06' });
  });

  it('keeps a long, hard multiple-choice question on the heavy model', async () => {
    const { response } = await openai().chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: HARD_QUESTION }] }).withResponse();
    expect(response.headers.get('x-leo-route')).toBeNull();
    expect(upstreamModel()).toBe('gpt-4o');
  });

  it('sends an easy multiple-choice question light, weighing how the heavy model fared on the questions nearest it', async () => {
    const question = 'What is the capital of Italy?\nA. Rome\nB. Milan\nC. Turin\nD. Naples';
    const { response } = await openai().chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: question }] }).withResponse();
    expect(response.headers.get('x-leo-route')).toBe('gpt-4o -> gpt-4o-mini');
    const { detail } = h.ledgerRows("SELECT detail FROM calls WHERE reason = 'routed' ORDER BY id DESC")[0]!;
    expect(detail).toMatch(/multiple-choice question, .*the nearest labelled questions -0\.\d{3}/);
  });

  it('honours the per-call mode, pinned snapshots and requests with tools', async () => {
    const ask = async (model: string, headers: Record<string, string> = {}, extra: Partial<OpenAI.ChatCompletionCreateParamsNonStreaming> = {}) => {
      await openai({ ...headers, 'cache-control': 'no-cache' }).chat.completions.create({ model, messages: [{ role: 'user', content: 'Name a primary colour.' }], ...extra });
      return upstreamModel();
    };
    expect(await ask('gpt-4o')).toBe('gpt-4o-mini');
    expect(await ask('gpt-4o', { 'x-leo-route-mode': 'off' })).toBe('gpt-4o');
    expect(await ask('gpt-4o-2024-08-06')).toBe('gpt-4o-2024-08-06');
    const tools = [{ type: 'function' as const, function: { name: 'lookup', parameters: { type: 'object', properties: {} } } }];
    expect(await ask('gpt-4o', {}, { tools })).toBe('gpt-4o');
    // The first step of an agent's session plans it: not even the aggressive mode routes it.
    expect(await ask('gpt-4o', { 'x-leo-route-mode': 'aggressive' }, { tools })).toBe('gpt-4o');
    expect(await ask('gpt-4o', { 'x-leo-route-mode': 'aggressive' }, { response_format: { type: 'json_object' } })).toBe('gpt-4o-mini');
    await expect(ask('gpt-4o', { 'x-leo-route-mode': 'sometimes' })).rejects.toMatchObject({ status: 400, message: expect.stringContaining('x-leo-route-mode') });
  });

  it('routes Anthropic and Gemini calls to their lighter tiers through the official SDKs', async () => {
    const claude = await new Anthropic({ apiKey: h.token, baseURL: h.url, maxRetries: 0 }).messages
      .create({ model: 'claude-sonnet-4-5', max_tokens: 100, messages: [{ role: 'user', content: 'Say hello in French.' }] })
      .withResponse();
    expect(claude.response.headers.get('x-leo-route')).toBe('claude-sonnet-4-5 -> claude-haiku-4-5');
    expect(claude.data.model).toBe('claude-haiku-4-5');

    const gemini = await new GoogleGenAI({ apiKey: h.token, httpOptions: { baseUrl: h.url } }).models.generateContent({ model: 'gemini-2.5-pro', contents: 'Say hello in Spanish.' });
    expect(gemini.modelVersion).toBe('gemini-2.5-flash');
    expect(h.simulator.stats.lastRequest!.path).toMatch(/^\/v1beta\/models\/gemini-2\.5-flash:generateContent/);
  });
});

describe('routing keeps a conversation on one tier', () => {
  const send = async (messages: { role: string; content: string }[]) => {
    const body = JSON.stringify({ model: 'gpt-4o', messages });
    // The cache is off so that every turn reaches the provider and shows what was forwarded.
    const headers = { authorization: `Bearer ${h.token}`, 'content-type': 'application/json', 'x-leo-cache-mode': 'off' };
    const res = await fetch(`${h.url}/v1/chat/completions`, { method: 'POST', headers, body });
    const answer = ((await res.json()) as { choices: { message: { content: string } }[] }).choices[0]!.message.content;
    return { body, forwarded: h.simulator.stats.lastRequest!.body, answer };
  };

  it('a conversation that started on the light tier stays there, its forwarded prefix unchanged', async () => {
    const first = await send([{ role: 'user', content: 'Suggest a name for a grey cat.' }]);
    expect(JSON.parse(first.forwarded).model).toBe('gpt-4o-mini');
    const second = await send([
      { role: 'user', content: 'Suggest a name for a grey cat.' },
      { role: 'assistant', content: first.answer },
      { role: 'user', content: 'Another one, please.' },
    ]);
    expect(second.forwarded).toBe(second.body.replace('"gpt-4o"', '"gpt-4o-mini"'));
    const prefix = first.forwarded.slice(0, first.forwarded.lastIndexOf('}]'));
    expect(second.forwarded.startsWith(prefix)).toBe(true);
  });

  it('a conversation that started on the heavy model is never moved down mid-way', async () => {
    const first = await send([{ role: 'user', content: HARD_QUESTION }]);
    expect(JSON.parse(first.forwarded).model).toBe('gpt-4o');
    const second = await send([
      { role: 'user', content: HARD_QUESTION },
      { role: 'assistant', content: first.answer },
      { role: 'user', content: 'Thanks!' },
    ]);
    expect(second.forwarded).toBe(second.body);
    const detail = h.ledgerRows<{ detail: string }>('SELECT detail FROM calls ORDER BY id DESC LIMIT 1')[0]!.detail;
    expect(detail).toContain('the conversation stays on gpt-4o');
  });
  it('remembers across a restart: turn 3 of a conversation gpt-4o served stays on gpt-4o', async () => {
    const question = `${HARD_QUESTION} (asked before a restart)`;
    const first = await send([{ role: 'user', content: question }]);
    expect(JSON.parse(first.forwarded).model).toBe('gpt-4o');
    await h.stop();
    h = await startHarness({ restartOf: h });
    const turns = [
      { role: 'user', content: question },
      { role: 'assistant', content: first.answer },
      { role: 'user', content: 'Thanks!' },
      { role: 'assistant', content: 'You are welcome.' },
      { role: 'user', content: 'Say hi.' },
    ];
    const third = await send(turns);
    expect(third.forwarded).toBe(third.body);
  });

  it('keeps a Responses chain (previous_response_id) on the model that answered its first turn', async () => {
    const client = openai({ 'x-leo-cache-mode': 'off' });
    const first = await client.responses.create({ model: 'gpt-4o', input: HARD_QUESTION });
    expect(upstreamModel()).toBe('gpt-4o');
    // A light follow-up on its own would go to gpt-4o-mini; chained to a gpt-4o answer, it stays.
    await client.responses.create({ model: 'gpt-4o', input: 'Thanks! Say hi.', previous_response_id: first.id });
    expect(upstreamModel()).toBe('gpt-4o');
    await client.responses.create({ model: 'gpt-4o', input: 'Thanks! Say hi.' });
    expect(upstreamModel()).toBe('gpt-4o-mini');
  });
});
