import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ADAPTERS } from '../../shared/protocols/registry.js';
import type { CanonicalRequest } from '../../shared/protocols/canonical/request.js';
import type { ProtocolId } from '../../shared/protocols/canonical/protocol-id.js';
import { PRICE_TABLE } from '../../shared/pricing/price-table.js';
import { Ledger } from '../store/ledger.js';
import { passthroughEvent } from '../../shared/ledger/call-record.js';

const home = mkdtempSync(join(tmpdir(), 'leo-ledger-'));
const ledger = new Ledger(home);
afterAll(() => {
  ledger.close();
  rmSync(home, { recursive: true, force: true });
});

const request = (protocol: ProtocolId, model: string): CanonicalRequest => ({
  protocol,
  model,
  system: '',
  messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
  tools: [],
  sampling: {},
  stream: false,
  streamUsage: false,
  identity: { conversation: {}, around: {} },
});

/** Records a provider's JSON answer as the proxy does, and reads the cost back from the ledger. */
function recordedCost(protocol: ProtocolId, model: string, body: unknown, conversation = 'c') {
  const answer = ADAPTERS[protocol].parseJson(body);
  ledger.record(passthroughEvent({ request: request(protocol, model), provider: 'p', site: 's', status: 200, fold: { answer, complete: true }, startedAt: Date.now(), prices: PRICE_TABLE, detail: '', conversation }));
  return ledger.events().at(-1)!;
}

const M = 1_000_000;

// Usage blocks as the providers send them (field names and nesting from their API references).
describe('the ledger bills what the provider reported, at each rate', () => {
  it('OpenAI Chat: prompt_tokens include the cached ones, billed at the cached rate', () => {
    const e = recordedCost('openai-chat', 'gpt-4o', {
      id: 'chatcmpl-1', object: 'chat.completion', created: 1, model: 'gpt-4o-2024-08-06',
      choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 2006, completion_tokens: 300, total_tokens: 2306, prompt_tokens_details: { cached_tokens: 1920 }, completion_tokens_details: { reasoning_tokens: 0 } },
    });
    expect(e.costUsd).toBeCloseTo((86 * 2.5 + 1920 * 1.25 + 300 * 10) / M, 12);
    expect(e.usage).toMatchObject({ inputTokens: 2006, cachedInputTokens: 1920 });
  });

  it('OpenAI Responses: input_tokens include cached, output_tokens include reasoning', () => {
    const e = recordedCost('openai-responses', 'gpt-5', {
      id: 'resp_1', object: 'response', created_at: 1, model: 'gpt-5', status: 'completed',
      output: [{ type: 'message', id: 'msg_1', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'ok', annotations: [] }] }],
      usage: { input_tokens: 5000, input_tokens_details: { cached_tokens: 4096 }, output_tokens: 900, output_tokens_details: { reasoning_tokens: 640 }, total_tokens: 5900 },
    });
    expect(e.costUsd).toBeCloseTo((904 * 1.25 + 4096 * 0.125 + 900 * 10) / M, 12);
    expect(e.usage).toMatchObject({ reasoningTokens: 640 });
  });

  it('Anthropic: input_tokens exclude cache writes and reads, each billed at its own rate, never twice', () => {
    const e = recordedCost('anthropic-messages', 'claude-sonnet-4-5', {
      id: 'msg_1', type: 'message', role: 'assistant', model: 'claude-sonnet-4-5-20250929', content: [{ type: 'text', text: 'ok' }], stop_reason: 'end_turn', stop_sequence: null,
      usage: { input_tokens: 50, cache_creation_input_tokens: 1000, cache_read_input_tokens: 2000, output_tokens: 200 },
    });
    expect(e.costUsd).toBeCloseTo((50 * 3 + 1000 * 3.75 + 2000 * 0.3 + 200 * 15) / M, 12);
    expect(e.usage).toMatchObject({ inputTokens: 3050, cachedInputTokens: 2000, cacheWriteTokens: 1000 });
  });

  it('Anthropic without any cache use', () => {
    const e = recordedCost('anthropic-messages', 'claude-sonnet-4-5', {
      id: 'msg_2', type: 'message', role: 'assistant', model: 'claude-sonnet-4-5', content: [{ type: 'text', text: 'ok' }], stop_reason: 'end_turn', stop_sequence: null,
      usage: { input_tokens: 1200, output_tokens: 80 },
    });
    expect(e.costUsd).toBeCloseTo((1200 * 3 + 80 * 15) / M, 12);
  });

  it('OpenAI flex processing: half the standard price, cache discount on top', () => {
    const e = recordedCost('openai-chat', 'o4-mini', {
      id: 'chatcmpl-2', object: 'chat.completion', created: 1, model: 'o4-mini-2025-04-16', service_tier: 'flex',
      choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 2000, completion_tokens: 300, total_tokens: 2300, prompt_tokens_details: { cached_tokens: 1024 } },
    });
    expect(e.costUsd).toBeCloseTo(((976 * 1.1 + 1024 * 0.275 + 300 * 4.4) * 0.5) / M, 12);
  });

  it('Anthropic: one-hour cache writes at twice the input price, five-minute ones at 1.25x', () => {
    const e = recordedCost('anthropic-messages', 'claude-sonnet-4-5', {
      id: 'msg_3', type: 'message', role: 'assistant', model: 'claude-sonnet-4-5-20250929', content: [{ type: 'text', text: 'ok' }], stop_reason: 'end_turn', stop_sequence: null,
      usage: { input_tokens: 50, cache_creation_input_tokens: 3000, cache_read_input_tokens: 0, cache_creation: { ephemeral_5m_input_tokens: 1000, ephemeral_1h_input_tokens: 2000 }, output_tokens: 200, service_tier: 'standard' },
    });
    expect(e.costUsd).toBeCloseTo((50 * 3 + 1000 * 3.75 + 2000 * 6 + 200 * 15) / M, 12);
    expect(e.usage).toMatchObject({ cacheWriteTokens: 3000, cacheWrite1hTokens: 2000 });
  });

  it('Anthropic 1M-context Sonnet: a prompt over 200k tokens at 2x input and 1.5x output, cache rates on top', () => {
    const e = recordedCost('anthropic-messages', 'claude-sonnet-4-5', {
      id: 'msg_4', type: 'message', role: 'assistant', model: 'claude-sonnet-4-5-20250929', content: [{ type: 'text', text: 'ok' }], stop_reason: 'end_turn', stop_sequence: null,
      usage: { input_tokens: 150_000, cache_creation_input_tokens: 0, cache_read_input_tokens: 100_000, output_tokens: 1000 },
    });
    expect(e.costUsd).toBeCloseTo((150_000 * 6 + 100_000 * 0.6 + 1000 * 22.5) / M, 12);
  });

  it('Gemini 2.5 Pro: a prompt over 200k tokens at the long-context rates', () => {
    const long = recordedCost('gemini', 'gemini-2.5-pro', {
      candidates: [{ content: { role: 'model', parts: [{ text: 'ok' }] }, finishReason: 'STOP', index: 0 }],
      usageMetadata: { promptTokenCount: 250_000, cachedContentTokenCount: 50_000, candidatesTokenCount: 500, totalTokenCount: 250_500 },
      modelVersion: 'gemini-2.5-pro',
    });
    expect(long.costUsd).toBeCloseTo((200_000 * 2.5 + 50_000 * 0.625 + 500 * 15) / M, 12);
    const short = recordedCost('gemini', 'gemini-2.5-pro', {
      candidates: [{ content: { role: 'model', parts: [{ text: 'ok' }] }, finishReason: 'STOP', index: 0 }],
      usageMetadata: { promptTokenCount: 200_000, candidatesTokenCount: 500, totalTokenCount: 200_500 },
      modelVersion: 'gemini-2.5-pro',
    });
    expect(short.costUsd).toBeCloseTo((200_000 * 1.25 + 500 * 10) / M, 12);
  });

  it('Gemini: cachedContentTokenCount at the cached rate, thoughts billed as output', () => {
    const e = recordedCost('gemini', 'gemini-2.5-flash', {
      candidates: [{ content: { role: 'model', parts: [{ text: 'ok' }] }, finishReason: 'STOP', index: 0 }],
      usageMetadata: { promptTokenCount: 3000, cachedContentTokenCount: 2000, candidatesTokenCount: 100, thoughtsTokenCount: 50, totalTokenCount: 3150 },
      modelVersion: 'gemini-2.5-flash',
    });
    expect(e.costUsd).toBeCloseTo((1000 * 0.3 + 2000 * 0.075 + 150 * 2.5) / M, 12);
  });
});

describe('the ledger per conversation', () => {
  it('shows how much of each conversation the provider served from its prompt cache', () => {
    const turn = (cached: number) =>
      recordedCost('openai-chat', 'gpt-4o', {
        id: 'chatcmpl-2', object: 'chat.completion', created: 1, model: 'gpt-4o',
        choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 2000, completion_tokens: 10, prompt_tokens_details: { cached_tokens: cached } },
      }, 'conversation-x');
    turn(0);
    turn(1792);
    const [x] = ledger.conversations().filter((c) => c.conversation === 'conversation-x');
    expect(x).toMatchObject({ calls: 2, inputTokens: 4000, cachedInputTokens: 1792 });
    expect(x!.cachedShare).toBeCloseTo(0.448, 6);
  });
});

describe('calls that did not end well', () => {
  const streamed = { ...request('openai-chat', 'gpt-4o'), stream: true };
  const outcome = (fold: Parameters<typeof passthroughEvent>[0]['fold'], routedTo?: string) =>
    passthroughEvent({ request: streamed, provider: 'openai', site: 's', status: 200, fold, startedAt: Date.now(), prices: PRICE_TABLE, detail: '', conversation: 'c', ...(routedTo ? { routedTo } : {}) });
  const partial = { id: 'x', model: 'gpt-4o-mini', parts: [{ type: 'text' as const, text: 'Half an answ' }], stopReason: 'stop' as const, usage: { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 }, created: 1 };

  it('records a stream cut before its end as an error, billed (estimated) for what came, never a saving', () => {
    const event = outcome({ answer: partial, complete: false }, 'gpt-4o-mini');
    expect(event).toMatchObject({ reason: 'error', complete: false, usageEstimated: true, costAvoidedUsd: 0 });
    expect(event.costUsd).toBeGreaterThan(0);
    expect(event.detail).toMatch(/cut before its end/);
  });

  it('records a stream that carried an error event as an error', () => {
    expect(outcome({ answer: partial, complete: true, error: 'overloaded' })).toMatchObject({ reason: 'error', complete: false, detail: 'the stream carried an error: overloaded' });
  });

  it('records an error status as an error that cost nothing', () => {
    const event = passthroughEvent({ request: streamed, provider: 'openai', site: 's', status: 529, fold: undefined, startedAt: Date.now(), prices: PRICE_TABLE, detail: '', conversation: 'c' });
    expect(event).toMatchObject({ reason: 'error', costUsd: 0, costAvoidedUsd: 0, complete: false });
  });
});
