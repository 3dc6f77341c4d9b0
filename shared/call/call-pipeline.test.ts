import { describe, expect, it } from 'vitest';
import { ADAPTERS } from '../protocols/registry.js';
import type { CanonicalAnswer } from '../protocols/canonical/answer.js';
import { PRICE_TABLE } from '../pricing/price-table.js';
import { costOf, findPrice } from '../pricing/cost.js';
import { answerHit, openCall, settleMiss } from './call-pipeline.js';

const chat = ADAPTERS['openai-chat'];
const request = (model: string, stream = false) => chat.parseRequest({ model, stream, messages: [{ role: 'user', content: 'How do I sort a list in Python?' }] }, {});
const answer = (model: string, usage = { inputTokens: 12, outputTokens: 80, cachedInputTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 }): CanonicalAnswer => ({
  id: 'chatcmpl-1',
  model,
  parts: [{ type: 'text', text: 'Use sorted(xs).' }],
  stopReason: 'stop',
  usage,
  created: 1,
});

describe('one call, as both sides run it', () => {
  it('names the provider by one rule: the one the caller named if it speaks the protocol, else the protocol, else the model', () => {
    expect(openCall({ request: request('llama-3.3-70b'), site: 's', prices: PRICE_TABLE, namedProvider: 'groq' }).provider).toBe('groq');
    expect(openCall({ request: request('claude-sonnet-4-5'), site: 's', prices: PRICE_TABLE }).provider).toBe('anthropic');
    const messages = ADAPTERS['anthropic-messages'].parseRequest({ model: 'claude-sonnet-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }, {});
    // OpenAI does not speak Anthropic Messages: a header naming it cannot send the call there.
    expect(openCall({ request: messages, site: 's', prices: PRICE_TABLE, namedProvider: 'openai' }).provider).toBe('anthropic');
  });

  it('answers a hit in the caller protocol, costing nothing and saving what the answer cost at the requested price', () => {
    const call = openCall({ request: request('gpt-4o', true), site: 'https://playground.example', prices: PRICE_TABLE });
    const cached = answer('gpt-4o');
    const { headers, parts, event } = answerHit(call, chat, { status: 'semantic-hit', answer: cached, reasons: ['matches "How can I sort a list in Python?"'] });
    expect(headers).toMatchObject({ 'content-type': 'text/event-stream; charset=utf-8', 'x-leo-cache': 'semantic-hit' });
    expect(parts.at(-1)).toBe('data: [DONE]\n\n');
    expect(event).toMatchObject({ reason: 'semantic-hit', costUsd: 0, site: 'https://playground.example', provider: 'openai', detail: 'matches "How can I sort a list in Python?"' });
    expect(event.costAvoidedUsd).toBeCloseTo(costOf(cached.usage, findPrice('gpt-4o', PRICE_TABLE))!, 12);
  });

  it('tells the caller when a cached answer came from another model (a routed one)', () => {
    const { headers } = answerHit(openCall({ request: request('gpt-4o'), site: 's', prices: PRICE_TABLE }), chat, { status: 'exact-hit', answer: answer('gpt-4o-mini'), reasons: [] });
    expect(headers['x-leo-route']).toBe('gpt-4o -> gpt-4o-mini');
  });

  it('stores a whole answer with the usage the ledger settled on (estimated when the provider reported none)', () => {
    const call = openCall({ request: request('gpt-4o'), site: 's', prices: PRICE_TABLE });
    const unreported = answer('gpt-4o', { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 });
    const { event, store } = settleMiss(call, { status: 200, fold: { answer: unreported, complete: true }, detail: 'nothing similar cached' });
    expect(event).toMatchObject({ reason: 'passthrough', usageEstimated: true });
    expect(event.usage.outputTokens).toBeGreaterThan(0);
    expect(store?.usage).toEqual(event.usage);
  });

  it('stores nothing from an error, a cut stream or an answer it could not replay whole', () => {
    const call = openCall({ request: request('gpt-4o', true), site: 's', prices: PRICE_TABLE });
    expect(settleMiss(call, { status: 500, fold: undefined, detail: '' })).toMatchObject({ event: { reason: 'error', costUsd: 0 }, store: undefined });
    expect(settleMiss(call, { status: 200, fold: { answer: answer('gpt-4o'), complete: false }, detail: '' })).toMatchObject({ event: { reason: 'error' }, store: undefined });
    expect(settleMiss(call, { status: 200, fold: { answer: { ...answer('gpt-4o'), withheld: ['refusal'] }, complete: true }, detail: '' }).store).toBeUndefined();
  });

  it('counts a routed miss as saving the difference to the requested model', () => {
    const call = openCall({ request: request('gpt-4o'), site: 's', prices: PRICE_TABLE });
    const { event, store } = settleMiss(call, { status: 200, fold: { answer: answer('gpt-4o-mini'), complete: true }, detail: 'route: easy', routedTo: 'gpt-4o-mini' });
    expect(event).toMatchObject({ reason: 'routed', servedModel: 'gpt-4o-mini', requestedModel: 'gpt-4o' });
    expect(event.costAvoidedUsd).toBeGreaterThan(0);
    expect(store?.model).toBe('gpt-4o-mini');
  });
});
