import Anthropic from '@anthropic-ai/sdk';
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

describe('replaying what the provider sent', () => {
  let upstream: Server;
  let calls = 0;
  let h: Harness;

  beforeAll(async () => {
    upstream = createServer((req, res) => {
      calls++;
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(THINKING_ANSWER));
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
});
