import { describe, expect, it } from 'vitest';
import type { CanonicalAnswer } from '../protocols/canonical/answer.js';
import { ADAPTERS } from '../protocols/registry.js';
import { claimOf, expectedClaim } from './claims.js';
import { decidePanel, quorumOf, verdictHeader, type MemberOutcome } from './panel-decision.js';

const answer = (text: string, extra: CanonicalAnswer['parts'] = []): CanonicalAnswer => ({
  id: 'a',
  model: 'm',
  parts: [{ type: 'text', text }, ...extra],
  stopReason: 'stop',
  usage: { inputTokens: 1, outputTokens: 1, cachedInputTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 },
  created: 0,
});
const chat = (body: object) => ADAPTERS['openai-chat'].parseRequest({ model: 'gpt-4o', ...body }, {});
const ask = (prompt: string) => chat({ messages: [{ role: 'user', content: prompt }] });

describe('what the prompt asks for', () => {
  it('reads lettered options, yes/no questions, quantities, structured output and free text', () => {
    expect(expectedClaim(ask('Which is a prime?\nA. 4\nB. 7\nC. 9\nD. 12'))).toBe('choice');
    expect(expectedClaim(ask('Is 7 prime? Answer yes or no.'))).toBe('boolean');
    expect(expectedClaim(ask('Tom has 3 apples and buys 4 more. How many apples does he have?'))).toBe('number');
    expect(expectedClaim(chat({ messages: [{ role: 'user', content: 'Give the capital.' }], response_format: { type: 'json_object' } }))).toBe('json');
    expect(expectedClaim(chat({ messages: [{ role: 'user', content: 'Write a haiku.' }], response_format: { type: 'text' } }))).toBe('free');
    expect(expectedClaim(ask('Explain how DNS resolution works.'))).toBe('free');
  });
});

describe('what an answer claims', () => {
  it('finds the choice however it is spelled, the last one stated', () => {
    for (const text of ['The answer is (C).', 'After weighing A and B, the answer is C', '**C**', 'I think it is (B)... no, actually (C)', '{"answer": "C"}', 'Reasoning...\nC']) {
      expect(claimOf(answer(text), 'choice'), text).toEqual({ kind: 'choice', value: 'C' });
    }
    expect(claimOf(answer('I cannot tell.'), 'choice')).toBeUndefined();
  });

  it('finds the number: a GSM8K #### line, a stated answer, bold, JSON, or the last number', () => {
    expect(claimOf(answer('3 + 4 = 7\n#### 7'), 'number')).toEqual({ kind: 'number', value: 7 });
    expect(claimOf(answer('The answer is $1,250.'), 'number')).toEqual({ kind: 'number', value: 1250 });
    expect(claimOf(answer('So he has **42** apples.'), 'number')).toEqual({ kind: 'number', value: 42 });
    expect(claimOf(answer('{"answer": 42}'), 'number')).toEqual({ kind: 'number', value: 42 });
    expect(claimOf(answer('He had 3, then 4 more, so 7 in all.'), 'number')).toEqual({ kind: 'number', value: 7 });
  });

  it('compares JSON by value, tool calls by name and arguments, whatever the key order', () => {
    expect(claimOf(answer('```json\n{"b": 1, "a": [2]}\n```'), 'json')).toEqual(claimOf(answer('{"a":[2],"b":1}'), 'json'));
    expect(claimOf(answer('not json'), 'json')).toBeUndefined();
    const call = (args: string) => answer('', [{ type: 'tool-call', id: 'x', name: 'get_weather', arguments: args }]);
    expect(claimOf(call('{"city":"Paris","unit":"c"}'), 'free')).toEqual(claimOf(call('{"unit":"c","city":"Paris"}'), 'free'));
    expect(claimOf(call('{"city":"Rome"}'), 'free')).not.toEqual(claimOf(call('{"city":"Paris"}'), 'free'));
  });
});

describe('the panel decides', () => {
  const member = (model: string, value: string | undefined, failure?: string): MemberOutcome => ({ model, ...(value ? { claim: { kind: 'choice', value } } : {}), ...(failure ? { failure } : {}) });

  it('needs N - floor((N-1)/3) to agree: 3 of 4, 5 of 7, all of 3', () => {
    expect([3, 4, 5, 7, 10].map(quorumOf)).toEqual([3, 3, 4, 5, 7]);
  });

  it('takes the largest group; a wrong, failed or malformed member dissents', () => {
    const verdict = decidePanel([member('a', 'B'), member('b', 'C'), member('c', 'B'), member('d', undefined, 'timeout'), member('e', 'B')], 5);
    expect(verdict).toMatchObject({ agreed: ['a', 'c', 'e'], dissented: ['b', 'd'], quorum: 4, quorumReached: false });
    expect(verdictHeader(verdict)).toBe('3/5 agree; no-quorum');
    expect(verdictHeader(decidePanel([member('a', 'B'), member('b', 'B'), member('c', 'B'), member('d', 'A')], 4))).toBe('3/4 agree');
  });

  it('groups free text by meaning and lets the answer nearest the group consensus speak', () => {
    const v = (...xs: number[]) => {
      const a = Float32Array.from(xs);
      const n = Math.hypot(...xs);
      return a.map((x) => x / n);
    };
    const text = (model: string, vector: Float32Array): MemberOutcome => ({ model, claim: { kind: 'text', text: model }, vector });
    const verdict = decidePanel([text('edge', v(1, 0.45, 0)), text('centre', v(1, 0.2, 0)), text('other-edge', v(1, -0.05, 0)), text('off-topic', v(0, 0, 1))], 4);
    expect(verdict.agreed.sort()).toEqual(['centre', 'edge', 'other-edge']);
    expect(verdict.chosen?.model).toBe('centre');
    expect(verdict.quorumReached).toBe(true);
  });
});
