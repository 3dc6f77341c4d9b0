import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { GoogleGenAI } from '@google/genai';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROVIDER_IDS, type ProviderId } from '../shared/protocols/providers.js';
import { startHarness, type Harness } from '../tests/helpers/companion-harness.js';

/** An Anthropic answer with a thinking block, as the provider sends it (the simulator cannot think). */
const THINKING_ANSWER = {
  id: 'msg_01',
  type: 'message',
  role: 'assistant',
  model: 'claude-sonnet-4-5-20250929',
  content: [
    { type: 'thinking', thinking: 'Two plus two is four.', signature: 'EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds' },
    { type: 'text', text: '4' },
  ],
  stop_reason: 'end_turn',
  stop_sequence: null,
  usage: { input_tokens: 20, output_tokens: 30 },
};

/** A Responses answer with a reasoning item (encrypted, as with include: ['reasoning.encrypted_content']). */
const REASONING_ANSWER = {
  id: 'resp_68b1',
  object: 'response',
  created_at: 1764500000,
  model: 'o4-mini-2025-04-16',
  status: 'completed',
  output: [
    { id: 'rs_68b1a', type: 'reasoning', summary: [{ type: 'summary_text', text: 'Adding.' }], encrypted_content: 'gAAAAABo3kLmN2v…' },
    { id: 'msg_68b1b', type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: '4', annotations: [], logprobs: [] }] },
  ],
  usage: { input_tokens: 20, output_tokens: 30, input_tokens_details: { cached_tokens: 0 }, output_tokens_details: { reasoning_tokens: 24 }, total_tokens: 50 },
};

/** A Gemini answer whose function call carries its thought signature, after a thought summary. */
const SIGNED_CALL_ANSWER = {
  responseId: 'gem_1',
  modelVersion: 'gemini-2.5-flash',
  candidates: [
    {
      index: 0,
      finishReason: 'STOP',
      content: { role: 'model', parts: [{ text: 'The user wants the weather.', thought: true }, { functionCall: { name: 'get_weather', args: { city: 'Paris' } }, thoughtSignature: 'CiQB0e2Kb3ZkZWZhdWx0' }] },
    },
  ],
  usageMetadata: { promptTokenCount: 20, candidatesTokenCount: 10, thoughtsTokenCount: 12, totalTokenCount: 42 },
};

/** A Chat Completions answer with logprobs, as when the caller set logprobs: true. */
const LOGPROBS_ANSWER = {
  id: 'chatcmpl-lp1',
  object: 'chat.completion',
  created: 1764500000,
  model: 'gpt-4o-2024-08-06',
  choices: [
    {
      index: 0,
      finish_reason: 'stop',
      message: { role: 'assistant', content: 'Four', refusal: null, annotations: [] },
      logprobs: { content: [{ token: 'Four', logprob: -0.0001, bytes: [70, 111, 117, 114], top_logprobs: [] }], refusal: null },
    },
  ],
  usage: { prompt_tokens: 12, completion_tokens: 1, total_tokens: 13 },
};

describe('replaying what the provider sent', () => {
  let upstream: Server;
  let calls = 0;
  let h: Harness;

  beforeAll(async () => {
    upstream = createServer((req, res) => {
      calls++;
      req.resume();
      const answer = req.url?.startsWith('/v1/responses') ? REASONING_ANSWER : req.url?.startsWith('/v1beta/') ? SIGNED_CALL_ANSWER : req.url?.startsWith('/v1/chat') ? LOGPROBS_ANSWER : THINKING_ANSWER;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    h = await startHarness({ config: { upstreams: Object.fromEntries(PROVIDER_IDS.map((id) => [id, url])) as Record<ProviderId, string> } });
  });
  afterAll(async () => {
    await h.close();
    upstream.close();
  });

  it('replays a thinking answer with its signed thinking block, JSON and streamed, to the official SDK', async () => {
    const client = new Anthropic({ apiKey: h.token, baseURL: h.url, maxRetries: 0 });
    const params = { model: 'claude-sonnet-4-5', max_tokens: 2000, thinking: { type: 'enabled' as const, budget_tokens: 1024 }, messages: [{ role: 'user' as const, content: 'What is 2+2?' }] };
    const options = { headers: { 'x-leo-route-mode': 'off' } };
    const first = await client.messages.create(params, options).withResponse();
    const again = await client.messages.create(params, options).withResponse();
    const streamed = client.messages.stream(params, options);
    const streamedMessage = await streamed.finalMessage();
    expect(first.response.headers.get('x-leo-cache')).toBe('miss');
    expect(again.response.headers.get('x-leo-cache')).toBe('exact-hit');
    expect((await streamed.withResponse()).response.headers.get('x-leo-cache')).toBe('exact-hit');
    expect(calls).toBe(1);
    // What the client sends back on its next turn is exactly what the provider signed.
    for (const message of [first.data, again.data, streamedMessage]) expect(message.content).toEqual(THINKING_ANSWER.content);
  });

  it('replays a Responses answer with its reasoning item and the ids the provider gave, to the official SDK', async () => {
    const client = new OpenAI({ apiKey: h.token, baseURL: `${h.url}/v1`, maxRetries: 0, defaultHeaders: { 'x-leo-route-mode': 'off' } });
    const params = { model: 'o4-mini', input: 'What is 2+2?', store: false, include: ['reasoning.encrypted_content' as const] };
    const before = calls;
    const first = await client.responses.create(params).withResponse();
    const again = await client.responses.create(params).withResponse();
    const streamed = await client.responses.stream(params).finalResponse();
    expect(again.response.headers.get('x-leo-cache')).toBe('exact-hit');
    expect(calls).toBe(before + 1);
    for (const response of [first.data, again.data, streamed]) {
      expect(response.id).toBe(REASONING_ANSWER.id);
      // (The SDK's stream helper adds its own `parsed` field to text content.)
      expect(response.output).toMatchObject(REASONING_ANSWER.output);
    }
  });

  it('replays a Gemini function call with its thought signature to the official SDK', async () => {
    const client = new GoogleGenAI({ apiKey: h.token, httpOptions: { baseUrl: h.url, headers: { 'x-leo-route-mode': 'off' } } });
    const ask = () => client.models.generateContent({ model: 'gemini-2.5-flash', contents: 'What is the weather in Paris?', config: { tools: [{ functionDeclarations: [{ name: 'get_weather' }] }] } });
    const before = calls;
    const first = await ask();
    const again = await ask();
    expect(calls).toBe(before + 1);
    for (const response of [first, again]) expect(response.candidates?.[0]?.content?.parts).toEqual(SIGNED_CALL_ANSWER.candidates[0]!.content.parts);
  });

  it('replays Chat Completions logprobs to the official SDK, JSON and streamed', async () => {
    const client = new OpenAI({ apiKey: h.token, baseURL: `${h.url}/v1`, maxRetries: 0, defaultHeaders: { 'x-leo-route-mode': 'off' } });
    const params = { model: 'gpt-4o', logprobs: true, messages: [{ role: 'user' as const, content: 'Spell 4 as a word.' }] };
    const before = calls;
    const first = await client.chat.completions.create(params);
    const again = await client.chat.completions.create(params);
    const streamed = await client.chat.completions.stream(params).finalChatCompletion();
    expect(calls).toBe(before + 1);
    for (const completion of [first, again, streamed]) expect(completion.choices[0]!.logprobs).toEqual(LOGPROBS_ANSWER.choices[0]!.logprobs);
  });
});

describe('the simulator sends what providers send besides text, and the cache replays it', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());
  /** Asks twice; the second answer must come from the cache (one provider call for both). */
  const twice = async <T>(ask: () => Promise<T>) => {
    const before = h.simulator.stats.requests;
    const answers = [await ask(), await ask()] as const;
    expect(h.simulator.stats.requests).toBe(before + 1);
    return answers;
  };

  it('Anthropic: a signed thinking block, and a one-hour cache write billed at twice the input price', async () => {
    const client = new Anthropic({ apiKey: h.token, baseURL: h.url, maxRetries: 0 });
    const params = {
      model: 'claude-sonnet-4-5',
      max_tokens: 2000,
      thinking: { type: 'enabled' as const, budget_tokens: 1024 },
      // Past the model's minimum (1,024 tokens), so the provider caches it.
      system: [{ type: 'text' as const, text: 'You are terse. Answer in one sentence. '.repeat(120), cache_control: { type: 'ephemeral' as const, ttl: '1h' as const } }],
      messages: [{ role: 'user' as const, content: 'Why is the sea salty?' }],
    };
    const [first, again] = await twice(() => client.messages.create(params, { headers: { 'x-leo-route-mode': 'off' } }));
    expect(first.content[0]).toMatchObject({ type: 'thinking', signature: expect.any(String) });
    expect(again.content).toEqual(first.content);
    const event = h.ledger.events().find((e) => e.requestedModel === 'claude-sonnet-4-5' && e.reason === 'passthrough')!;
    // The system prompt up to its breakpoint is written for an hour; the question after it is billed as input.
    const written = event.usage.cacheWrite1hTokens!;
    expect(written).toBe(event.usage.cacheWriteTokens);
    expect(written).toBeGreaterThan(1000);
    expect(written).toBeLessThan(event.usage.inputTokens);
    expect(event.costUsd).toBeCloseTo(((event.usage.inputTokens - written) * 3 + written * 6 + event.usage.outputTokens * 15) / 1e6, 12);
  });

  it('Responses: an encrypted reasoning item; Chat: logprobs; Gemini: thoughts — each replayed as sent', async () => {
    const openai = new OpenAI({ apiKey: h.token, baseURL: `${h.url}/v1`, maxRetries: 0, defaultHeaders: { 'x-leo-route-mode': 'off' } });
    const [response, responseAgain] = await twice(() => openai.responses.create({ model: 'o4-mini', input: 'Why is the sky blue?', reasoning: { effort: 'low' }, store: false, include: ['reasoning.encrypted_content'] }));
    expect(response.output[0]).toMatchObject({ type: 'reasoning', encrypted_content: expect.any(String) });
    expect(responseAgain.output).toEqual(response.output);

    const [chat, chatAgain] = await twice(() => openai.chat.completions.create({ model: 'gpt-4o', logprobs: true, messages: [{ role: 'user', content: 'Name a colour.' }] }));
    expect(chat.choices[0]!.logprobs?.content?.length).toBeGreaterThan(0);
    expect(chatAgain.choices[0]!.logprobs).toEqual(chat.choices[0]!.logprobs);

    const gemini = new GoogleGenAI({ apiKey: h.token, httpOptions: { baseUrl: h.url, headers: { 'x-leo-route-mode': 'off' } } });
    const [thought, thoughtAgain] = await twice(() => gemini.models.generateContent({ model: 'gemini-2.5-flash', contents: 'Why do cats purr?', config: { thinkingConfig: { includeThoughts: true } } }));
    expect(thought.candidates?.[0]?.content?.parts?.[0]).toMatchObject({ thought: true });
    expect(thoughtAgain.candidates?.[0]?.content?.parts).toEqual(thought.candidates?.[0]?.content?.parts);
  });
});
