import { describe, expect, it } from 'vitest';
import { ADAPTERS } from './registry.js';

describe('a replay keeps the ids the provider gave', () => {
  const recorded = {
    id: 'resp_68af01',
    object: 'response',
    created_at: 1,
    model: 'gpt-4o',
    status: 'completed',
    usage: { input_tokens: 10, output_tokens: 5 },
    output: [
      { type: 'message', id: 'msg_68af02', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'Checking.', annotations: [], logprobs: [] }] },
      { type: 'function_call', id: 'fc_68af03', call_id: 'call_1', name: 'lookup', arguments: '{"q":"x"}', status: 'completed' },
    ],
  };

  it('Responses: the response id and each output item id, in JSON and in the stream, as recorded', () => {
    const adapter = ADAPTERS['openai-responses'];
    const answer = adapter.parseJson(recorded);
    const request = adapter.parseRequest({ model: 'gpt-4o', input: 'Look x up.' }, {});
    const json = adapter.renderJson(answer, request) as { id: string; output: { id: string }[] };
    expect(json.id).toBe('resp_68af01');
    expect(json.output.map((item) => item.id)).toEqual(['msg_68af02', 'fc_68af03']);
    const streamed = adapter.renderSse(answer, { ...request, stream: true }).join('');
    for (const id of ['resp_68af01', 'msg_68af02', 'fc_68af03']) expect(streamed).toContain(`"${id}"`);
    expect(streamed).not.toMatch(/"(msg|fc)_(?!68af0)/);
  });
});
