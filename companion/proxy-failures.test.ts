import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../tests/helpers/companion-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ config: { headersTimeoutMs: 400 }, keys: ['openai', 'anthropic'] });
});
afterAll(() => h.close());

const post = (path: string, body: string | Uint8Array<ArrayBuffer>, headers: Record<string, string> = {}) =>
  fetch(`${h.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json', ...headers }, body });

async function until(check: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('bad input gets a clear error in the caller protocol', () => {
  it('answers unparsable JSON with 400, OpenAI style', async () => {
    const res = await post('/v1/chat/completions', '{"model": "gpt-4o", "messages": [');
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.type).toBe('invalid_request_error');
    expect(body.error.message).toMatch(/not valid JSON/);
  });

  it('answers unparsable JSON with 400, Anthropic style', async () => {
    const res = await post('/v1/messages', 'nope');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
  });

  it('answers a Gemini call without contents with 400, Gemini style', async () => {
    const res = await post('/v1beta/models/gemini-2.5-flash:generateContent', '{}');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 400, status: 'INVALID_ARGUMENT' } });
  });

  it('refuses invalid UTF-8 with 400', async () => {
    const res = await post('/v1/chat/completions', Uint8Array.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]));
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(/UTF-8/);
  });

  it('refuses a body over the limit with 413', async () => {
    const small = await startHarness({ config: { bodyLimit: 1024 } });
    try {
      const res = await fetch(`${small.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${small.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x'.repeat(5000) }] }),
      });
      expect(res.status).toBe(413);
      expect((await res.json()).error.message).toMatch(/larger than/);
    } finally {
      await small.close();
    }
  });

  it('names the missing key and how to add it', async () => {
    const res = await post('/v1beta/models/gemini-2.5-flash:generateContent', JSON.stringify({ contents: [{ parts: [{ text: 'hi' }] }] }));
    expect(res.status).toBe(401);
    expect((await res.json()).error.message).toMatch(/leo keys add google/);
  });

  it('answers an unknown endpoint with 404', async () => {
    const res = await post('/v1/embeddings', '{}');
    expect(res.status).toBe(404);
  });
});

describe('upstream failures reach the caller faithfully', () => {
  it('passes a 429 through with its body and retry-after, and records no saving', async () => {
    const res = await post('/v1/chat/completions', JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }), { 'x-sim-fault': '429' });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
    expect(await res.json()).toMatchObject({ error: { message: 'Simulated 429 error.' } });
    const errors = h.ledger.byModel().filter((r) => r.reason === 'error');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((r) => r.costAvoidedUsd === 0 && r.costUsd === 0)).toBe(true);
  });

  it('surfaces an overloaded Anthropic upstream to the SDK as a 529', async () => {
    const client = new Anthropic({ apiKey: h.token, baseURL: h.url, maxRetries: 0 });
    await expect(
      client.messages.create({ model: 'claude-haiku-4-5', max_tokens: 50, messages: [{ role: 'user', content: 'hi [[sim:overloaded]]' }] }),
    ).rejects.toMatchObject({ status: 529, error: { error: { type: 'overloaded_error' } } });
  });

  it('answers 504 when the upstream does not answer in time', async () => {
    const res = await post('/v1/chat/completions', JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }), { 'x-sim-fault': 'hang' });
    expect(res.status).toBe(504);
    expect((await res.json()).error.type).toBe('timeout_error');
  });

  it('answers 502 when the upstream cannot be reached', async () => {
    const dead = await startHarness();
    await dead.simulator.close();
    try {
      const res = await fetch(`${dead.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${dead.token}` },
        body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }),
      });
      expect(res.status).toBe(502);
      expect((await res.json()).error.message).toMatch(/Could not reach the upstream/);
    } finally {
      await dead.close();
    }
  });

  it('hands the client a cut stream when the upstream drops mid-stream, and records it incomplete', async () => {
    const client = new OpenAI({ apiKey: h.token, baseURL: `${h.url}/v1`, maxRetries: 0 });
    const stream = await client.chat.completions.create({
      model: 'gpt-4.1',
      messages: [{ role: 'user', content: 'tell me more [[sim:cut]]' }],
      stream: true,
    });
    await expect(
      (async () => {
        for await (const _ of stream);
      })(),
    ).rejects.toThrow();
    const count = () => h.ledgerRows<{ n: number }>("SELECT COUNT(*) AS n FROM calls WHERE requested_model = 'gpt-4.1'")[0]!.n;
    await until(() => count() === 1);
    const row = h.ledgerRows<{ complete: number }>("SELECT complete FROM calls WHERE requested_model = 'gpt-4.1'")[0]!;
    expect(row.complete).toBe(0);
  });
});

describe('a client that goes away', () => {
  it('cancels the upstream call', async () => {
    const abortedBefore = h.simulator.stats.aborted;
    const res = await post(
      '/v1/chat/completions',
      JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'a slow answer please' }], stream: true }),
      { 'x-sim-tokens-per-sec': '5' },
    );
    const reader = res.body!.getReader();
    await reader.read();
    await reader.cancel();
    await until(() => h.simulator.stats.aborted === abortedBefore + 1);
    expect(h.simulator.stats.aborted).toBe(abortedBefore + 1);
  });
});
