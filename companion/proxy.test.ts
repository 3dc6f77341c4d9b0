import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, PROVIDER_KEY, type Harness } from '../tests/helpers/companion-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const openai = (headers: Record<string, string> = {}) => new OpenAI({ apiKey: h.token, baseURL: `${h.url}/v1`, maxRetries: 0, defaultHeaders: headers });
const anthropic = () => new Anthropic({ apiKey: h.token, baseURL: h.url, maxRetries: 0 });
const genai = () => new GoogleGenAI({ apiKey: h.token, httpOptions: { baseUrl: h.url } });

describe('the companion proxies each protocol to its provider', () => {
  it('streams a chat completion to the openai SDK and records it in the ledger', async () => {
    const before = h.ledger.totals().calls;
    const stream = openai({ 'x-leo-route-mode': 'off' }).chat.completions.stream({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'Name three prime numbers.' }],
      stream_options: { include_usage: true },
    });
    const final = await stream.finalChatCompletion();
    expect(final.choices[0]?.message.content).toMatch(/^\[simulated\] About "Name three prime numbers\."/);
    expect(final.usage?.completion_tokens).toBeGreaterThan(0);
    const [row] = h.ledger.byModel().filter((r) => r.requestedModel === 'gpt-4o');
    expect(h.ledger.totals().calls).toBe(before + 1);
    expect(row).toMatchObject({ reason: 'passthrough', servedModel: 'gpt-4o', outputTokens: final.usage?.completion_tokens });
    expect(row!.costUsd).toBeGreaterThan(0);
  });

  it('answers the openai SDK without streaming', async () => {
    const res = await openai().chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
    expect(res.choices[0]?.message.content).toContain('[simulated]');
  });

  it('serves the Responses API, streamed', async () => {
    const res = await openai().responses.stream({ model: 'gpt-4o', input: 'Explain backpressure.' }).finalResponse();
    expect(res.output_text).toContain('Explain backpressure.');
    expect(res.usage?.output_tokens).toBeGreaterThan(0);
  });

  it('serves the anthropic SDK, JSON and streamed', async () => {
    const params = { model: 'claude-haiku-4-5', max_tokens: 200, messages: [{ role: 'user' as const, content: 'Say hello' }] };
    const json = await anthropic().messages.create(params);
    const streamed = await anthropic().messages.stream(params).finalMessage();
    expect(json.content[0]).toMatchObject({ type: 'text' });
    expect(streamed.content).toEqual(json.content);
    expect(streamed.usage.output_tokens).toBe(json.usage.output_tokens);
  });

  it('serves the Gemini SDK, JSON and streamed', async () => {
    const json = await genai().models.generateContent({ model: 'gemini-2.5-flash', contents: 'Why is the sky blue?' });
    let streamed = '';
    for await (const chunk of await genai().models.generateContentStream({ model: 'gemini-2.5-flash', contents: 'Why is the sky blue?' })) {
      streamed += chunk.text ?? '';
    }
    expect(json.text).toContain('Why is the sky blue?');
    expect(streamed).toBe(json.text);
  });

  it('forwards the caller body byte for byte, with the vault key in place of the local token', async () => {
    const body = '{"model":"gpt-4o",  "messages":[{"role":"user","content":"exact bytes ✓"}],"temperature":0.2}';
    const res = await fetch(`${h.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json', 'x-leo-route-mode': 'off' },
      body,
    });
    expect(res.status).toBe(200);
    const upstream = h.simulator.stats.lastRequest!;
    expect(upstream.body).toBe(body);
    expect(upstream.headers.authorization).toBe(`Bearer ${PROVIDER_KEY}`);
    expect(JSON.stringify(upstream.headers)).not.toContain(h.token);
    // The provider opens CORS to '*'; the companion never passes that on to whatever page asked.
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('access-control-expose-headers')).toBeNull();
  });
});

describe('the companion forwards nothing but the providers\' documented endpoints', () => {
  /** A raw request, so the path reaches the companion exactly as written (fetch would resolve dot segments). */
  const rawPost = async (path: string) => {
    const { request } = await import('node:http');
    const { port } = new URL(h.url);
    return new Promise<{ status: number; body: string }>((resolve, reject) => {
      const body = JSON.stringify({ model: 'gpt-4o', contents: [{ parts: [{ text: 'hi' }] }], messages: [{ role: 'user', content: 'hi' }], max_tokens: 5 });
      const req = request({ host: '127.0.0.1', port, path, method: 'POST', headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json' } }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      });
      req.on('error', reject);
      req.end(body);
    });
  };

  it.each([
    ['/leo/pair/x/chat/completions?dashboard=1', 404],
    ['/v1/chat/completions?key=abc&dashboard=1', 400],
    ['/v1/responses?x=1', 400],
    ['/v1/chat/completions/', 404],
    ['//v1/chat/completions', 404],
    ['/v1/x/../chat/completions', 404],
    ['/v1/x/%2e%2e/chat/completions', 404],
    ['/v1beta/models/..%2F..%2Fleo%2Fpair:generateContent', 404],
    ['/v1beta/models/gemini%2F..%2Fx:generateContent', 404],
    ['/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=json', 400],
    ['/anything/v1/messages', 404],
  ])('refuses POST %s with %i and never calls the provider', async (path, status) => {
    const before = h.simulator.stats.requests;
    const res = await rawPost(path);
    expect(res.status).toBe(status);
    expect(res.body).toMatch(status === 404 ? /no endpoint/ : /Refused/);
    expect(h.simulator.stats.requests).toBe(before);
  });

  it('builds the upstream URL from the parsed call: documented path and query, no credential in it', async () => {
    const res = await fetch(`${h.url}/v1beta/models/gemini-2.5-flash:streamGenerateContent?key=${h.token}&alt=sse`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-leo-route-mode': 'off', 'x-leo-cache-mode': 'off' },
      body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'Where does this go?' }] }] }),
    });
    expect(res.status).toBe(200);
    await res.text();
    expect(h.simulator.stats.lastRequest!.path).toBe('/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse');
    expect(h.simulator.stats.lastRequest!.headers['x-goog-api-key']).toBe(PROVIDER_KEY);
  });
});

describe('the companion refuses callers it does not know', () => {
  it('refuses a wrong token with 401', async () => {
    const client = new OpenAI({ apiKey: 'sk-not-the-token', baseURL: `${h.url}/v1`, maxRetries: 0 });
    await expect(client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({
      status: 401,
    });
  });

  it('refuses a missing token with 401 in the caller protocol', async () => {
    const res = await fetch(`${h.url}/v1/messages`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
  });

  it('refuses a request whose Host is not a loopback name (DNS rebinding)', async () => {
    const { request } = await import('node:http');
    const port = new URL(h.url).port;
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/health', headers: { host: `evil.example:${port}`, authorization: `Bearer ${h.token}` } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
  });

  it('answers health with the token, and never shows a key', async () => {
    const res = await fetch(`${h.url}/health`, { headers: { 'x-api-key': h.token } });
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(text).not.toContain(PROVIDER_KEY);
    expect(JSON.parse(text)).toMatchObject({ status: 'ok' });
  });
});
