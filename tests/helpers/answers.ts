import type { AnswerPart, CanonicalAnswer, CanonicalRequest, ProtocolAdapter } from '../../shared/protocols/index.js';

/** A one-turn streamed request in the adapter's protocol, asking for usage. */
export function streamRequestFor(adapter: ProtocolAdapter): CanonicalRequest {
  return {
    protocol: adapter.id,
    model: 'm',
    system: '',
    messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
    tools: [],
    sampling: {},
    stream: true,
    streamUsage: true,
    identity: { conversation: {}, around: {} },
  };
}

/** Multi-byte characters on purpose: streams must survive splits inside them. */
export const textAnswer: CanonicalAnswer = {
  id: 'ans_text_1',
  model: 'test-model-1',
  parts: [{ type: 'text', text: 'Bonjour — the answer is 42. 你好 🌍\nSecond line with "quotes" and \\ backslash.' }],
  stopReason: 'stop',
  usage: { inputTokens: 120, outputTokens: 24, cachedInputTokens: 64, cacheWriteTokens: 0, reasoningTokens: 0 },
  created: 1_764_000_000,
};

export const toolAnswer: CanonicalAnswer = {
  id: 'ans_tool_1',
  model: 'test-model-1',
  parts: [
    { type: 'text', text: 'Let me check the weather.' },
    { type: 'tool-call', id: 'call_weather_1', name: 'get_weather', arguments: '{"city":"Zürich","unit":"celsius","days":3}' },
  ],
  stopReason: 'tool-calls',
  usage: { inputTokens: 210, outputTokens: 31, cachedInputTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 },
  created: 1_764_000_100,
};

export const truncatedAnswer: CanonicalAnswer = {
  ...textAnswer,
  id: 'ans_len_1',
  parts: [{ type: 'text', text: 'This answer stops because it ran out of' }],
  stopReason: 'length',
};

/** The parts a render-then-fold round trip must keep: output item ids are minted by the rendering when the answer had none. */
export function roundTripParts(answer: Pick<CanonicalAnswer, 'parts'>): Omit<AnswerPart, 'itemId'>[] {
  return answer.parts.map((part) => {
    if (part.type === 'provider-block') return part;
    const { itemId: _, ...rest } = part;
    return rest;
  });
}
