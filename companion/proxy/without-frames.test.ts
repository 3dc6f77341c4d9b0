import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textAnswer } from '../../tests/helpers/answers.js';
import { startHarness, type Harness } from '../../tests/helpers/companion-harness.js';
import { openAiChat } from '../../shared/protocols/openai-chat/index.js';
import type { CanonicalRequest } from '../../shared/protocols/canonical/request.js';
import { withoutFrames } from './without-frames.js';

const request: CanonicalRequest = { protocol: 'openai-chat', model: 'gpt-4o-mini', system: '', messages: [], tools: [], sampling: {}, stream: true, streamUsage: true, identity: { conversation: {}, around: {} } };

function relay(chunks: Buffer[]): string {
  const filter = withoutFrames(openAiChat.wire.isAddedUsageFrame!);
  const out = [...chunks.map((c) => filter.push(c)), filter.end()];
  return Buffer.concat(out.filter((b) => b !== undefined)).toString('utf8');
}

describe('withoutFrames, dropping the usage chunk the proxy asked for', () => {
  it('drops only the usage chunk, wherever the stream is split', () => {
    const frames = openAiChat.renderSse(textAnswer, request);
    const usageFrame = frames.find((f) => f.includes('"choices":[]'))!;
    const expected = frames.filter((f) => f !== usageFrame).join('');
    const bytes = Buffer.from(frames.join(''));
    for (let cut = 0; cut <= bytes.length; cut += 7) {
      expect(relay([bytes.subarray(0, cut), bytes.subarray(cut)])).toBe(expected);
    }
  });
});

describe('usage the page did not ask for', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  const client = () => new OpenAI({ apiKey: h.token, baseURL: `${h.url}/v1`, maxRetries: 0, defaultHeaders: { 'x-leo-cache-mode': 'off' } });
  const lastRow = () => h.ledgerRows('SELECT input_tokens AS input, output_tokens AS output, usage_estimated AS estimated FROM calls ORDER BY id DESC LIMIT 1')[0];

  it('is asked of the provider for the ledger, and kept from the page', async () => {
    const stream = await client().chat.completions.create({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'Count the tokens of this call.' }] });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.every((c) => !c.usage)).toBe(true);

    const forwarded = h.simulator.stats.lastRequest!.body;
    const sent = JSON.stringify({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'Count the tokens of this call.' }] });
    expect(forwarded).toBe(`${sent.slice(0, -1)},"stream_options":{"include_usage":true}}`);

    // The same call with usage asked for shows what the provider bills; the ledger has exactly that.
    const billed = client().chat.completions.stream({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Count the tokens of this call.' }], stream_options: { include_usage: true } });
    const usage = (await billed.finalChatCompletion()).usage!;
    expect(h.simulator.stats.lastRequest!.body).toContain('"stream_options":{"include_usage":true}');
    expect(lastRow()).toEqual({ input: usage.prompt_tokens, output: usage.completion_tokens, estimated: 0 });
    const rows = h.ledgerRows('SELECT input_tokens AS input, output_tokens AS output, usage_estimated AS estimated FROM calls ORDER BY id DESC LIMIT 2');
    expect(rows[1]).toEqual(rows[0]);
  });
});
