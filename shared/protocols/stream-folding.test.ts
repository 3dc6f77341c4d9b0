import { describe, expect, it } from 'vitest';
import { roundTripParts, streamRequestFor, textAnswer, toolAnswer, truncatedAnswer } from '../../tests/helpers/answers.js';
import { ADAPTERS, type CanonicalAnswer, type ProtocolAdapter } from './index.js';

const encoder = new TextEncoder();

function fold(adapter: ProtocolAdapter, chunks: Uint8Array[]) {
  const folder = adapter.createFolder();
  for (const chunk of chunks) folder.push(chunk);
  return folder.result();
}

function essentials(answer: CanonicalAnswer) {
  return { parts: roundTripParts(answer), stopReason: answer.stopReason, usage: answer.usage, model: answer.model };
}

describe.each(Object.values(ADAPTERS))('the $id stream folder', (adapter) => {
  it.each([
    ['a text answer', textAnswer],
    ['a tool call', toolAnswer],
    ['a length-cut answer', truncatedAnswer],
  ])('rebuilds %s from a stream split at every byte', (_name, answer) => {
    const bytes = encoder.encode(adapter.renderSse(answer, streamRequestFor(adapter)).join(''));
    const expected = essentials(answer);
    for (let cut = 0; cut <= bytes.length; cut++) {
      const result = fold(adapter, [bytes.subarray(0, cut), bytes.subarray(cut)]);
      expect(result.complete).toBe(true);
      expect(essentials(result.answer)).toEqual(expected);
    }
  });

  it('rebuilds an answer fed one byte at a time', () => {
    const bytes = encoder.encode(adapter.renderSse(toolAnswer, streamRequestFor(adapter)).join(''));
    const result = fold(adapter, [...bytes].map((b) => Uint8Array.of(b)));
    expect(essentials(result.answer)).toEqual(essentials(toolAnswer));
  });

  it('reports a stream cut before its last event as incomplete', () => {
    const frames = adapter.renderSse(textAnswer, streamRequestFor(adapter));
    const result = fold(adapter, [encoder.encode(frames.slice(0, -1).join(''))]);
    expect(result.complete).toBe(false);
  });

  it('reads back the JSON rendering of an answer', () => {
    const json = JSON.parse(JSON.stringify(adapter.renderJson(toolAnswer, streamRequestFor(adapter))));
    expect(essentials(adapter.parseJson(json))).toEqual(essentials(toolAnswer));
  });
});
