import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { roundTripParts, streamRequestFor } from '../../tests/helpers/answers.js';
import { ADAPTERS, type AnswerPart, type CanonicalAnswer, type ProtocolAdapter } from './index.js';

const encoder = new TextEncoder();

const toolCall = fc.record({
  type: fc.constant('tool-call' as const),
  id: fc.stringMatching(/^call_[A-Za-z0-9]{4,12}$/),
  name: fc.stringMatching(/^[a-z_]{1,16}$/),
  arguments: fc.dictionary(fc.stringMatching(/^[a-z]{1,8}$/), fc.jsonValue({ maxDepth: 2 })).map((o) => JSON.stringify(o)),
});

/** Any answer a provider could stream: text in any script, tool calls with JSON arguments, usage. */
const answer: fc.Arbitrary<CanonicalAnswer> = fc
  .record({
    text: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 200 }),
    calls: fc.array(toolCall, { maxLength: 2 }),
    cut: fc.boolean(),
    input: fc.nat({ max: 100_000 }),
    cachedShare: fc.double({ min: 0, max: 1, noNaN: true }),
    output: fc.nat({ max: 10_000 }),
  })
  .map(({ text, calls, cut, input, cachedShare, output }) => ({
    id: 'ans_fuzz',
    model: 'fuzz-model',
    parts: [{ type: 'text', text } as AnswerPart, ...calls],
    stopReason: calls.length > 0 ? 'tool-calls' : cut ? 'length' : 'stop',
    usage: { inputTokens: input, outputTokens: output, cachedInputTokens: Math.floor(input * cachedShare), cacheWriteTokens: 0, reasoningTokens: 0 },
    created: 1_764_000_000,
  }));

/** Splits bytes at arbitrary points, as the network does. */
function split(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let from = 0;
  for (const p of [...points, bytes.length]) {
    chunks.push(bytes.subarray(from, p));
    from = p;
  }
  return chunks;
}

function fold(adapter: ProtocolAdapter, chunks: Uint8Array[]) {
  const folder = adapter.createFolder();
  for (const chunk of chunks) folder.push(chunk);
  return folder.result();
}

const essentials = (a: CanonicalAnswer) => ({ parts: roundTripParts(a), stopReason: a.stopReason, usage: a.usage });

describe.each(Object.values(ADAPTERS))('fuzzing the $id stream folder', (adapter) => {
  it('rebuilds any answer from its stream split anywhere', () => {
    fc.assert(
      fc.property(answer, fc.array(fc.nat(), { maxLength: 12 }), (a, cuts) => {
        const result = fold(adapter, split(encoder.encode(adapter.renderSse(a, streamRequestFor(adapter)).join('')), cuts));
        expect(result.complete).toBe(true);
        expect(essentials(result.answer)).toEqual(essentials(a));
      }),
      { numRuns: 150 },
    );
  });

  it('never calls a stream complete when it was cut before its last event', () => {
    fc.assert(
      fc.property(answer, fc.nat(), fc.array(fc.nat(), { maxLength: 6 }), (a, at, cuts) => {
        const frames = adapter.renderSse(a, streamRequestFor(adapter));
        const whole = encoder.encode(frames.join(''));
        const beforeLast = encoder.encode(frames.slice(0, -1).join('')).length;
        const cut = whole.subarray(0, at % (beforeLast + 1));
        expect(fold(adapter, split(cut, cuts)).complete).toBe(false);
      }),
      { numRuns: 150 },
    );
  });

  it('survives arbitrary bytes and malformed events without throwing', () => {
    const junkEvent = fc.oneof(
      fc.string().map((s) => `data: ${s}\n\n`),
      fc.jsonValue().map((v) => `data: ${JSON.stringify(v)}\n\n`),
      fc.constant('data: [DONE]\n\n'),
      fc.string().map((s) => `event: ${s}\ndata: {}\n\n`),
    );
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.array(junkEvent, { maxLength: 8 }).map((events) => encoder.encode(events.join('')))), (bytes) => {
        const result = fold(adapter, [bytes]);
        expect(typeof result.complete).toBe('boolean');
      }),
      { numRuns: 300 },
    );
  });

  it('folds a stream whose last event came twice to the same answer', () => {
    fc.assert(
      fc.property(answer, (a) => {
        const frames = adapter.renderSse(a, streamRequestFor(adapter));
        const result = fold(adapter, [encoder.encode([...frames, frames[frames.length - 1]!].join(''))]);
        expect(essentials(result.answer)).toEqual(essentials(a));
      }),
      { numRuns: 100 },
    );
  });
});
