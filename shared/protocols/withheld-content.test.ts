import { describe, expect, it } from 'vitest';
import { isStorableAnswer } from '../cache/cacheability.js';
import { ADAPTERS } from './registry.js';
import type { ProtocolId } from './canonical/protocol-id.js';

const usage = { input_tokens: 10, output_tokens: 5 };

// Payloads as the providers send them (their API references' examples, trimmed).
const RECORDED: [ProtocolId, string, unknown, string[]][] = [
  [
    'openai-chat',
    'a refusal',
    { id: 'chatcmpl-2', object: 'chat.completion', created: 1, model: 'gpt-4o', choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: null, refusal: 'I cannot help with that.' }, logprobs: null }] },
    ['refusal'],
  ],
];

describe('answers with content a replay could not give back are never cached', () => {
  it.each(RECORDED)('%s: %s', (protocol, _what, body, withheld) => {
    const answer = ADAPTERS[protocol].parseJson(body);
    expect(answer.withheld).toEqual(withheld);
    expect(isStorableAnswer(200, { answer, complete: true })).toBe(false);
  });

  it('folds an Anthropic stream with a block it does not know (server tool use) into an answer that is not stored', () => {
    const events = [
      ['message_start', { type: 'message_start', message: { id: 'msg_1', type: 'message', role: 'assistant', model: 'claude-sonnet-4-5', content: [], usage } }],
      ['content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: {} } }],
      ['content_block_stop', { type: 'content_block_stop', index: 0 }],
      ['content_block_start', { type: 'content_block_start', index: 1, content_block: { type: 'text', text: '' } }],
      ['content_block_delta', { type: 'content_block_delta', index: 1, delta: { type: 'text_delta', text: 'Found it.' } }],
      ['content_block_stop', { type: 'content_block_stop', index: 1 }],
      ['message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 5 } }],
      ['message_stop', { type: 'message_stop' }],
    ] as const;
    const folder = ADAPTERS['anthropic-messages'].createFolder();
    folder.push(events.map(([name, data]) => `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`).join(''));
    const fold = folder.result();
    expect(fold.answer.withheld).toEqual(['server_tool_use']);
    expect(isStorableAnswer(200, fold)).toBe(false);
  });

  it('replays OpenAI Chat logprobs, folded from a stream, whole', () => {
    const folder = ADAPTERS['openai-chat'].createFolder();
    const token = (t: string) => ({ token: t, logprob: -0.01, bytes: [...Buffer.from(t)], top_logprobs: [] });
    const chunk = (delta: object, logprobs: object | null, finish: string | null = null) =>
      `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o', choices: [{ index: 0, delta, logprobs, finish_reason: finish }] })}\n\n`;
    folder.push(chunk({ role: 'assistant', content: 'Four' }, { content: [token('Four')], refusal: null }) + chunk({ content: '.' }, { content: [token('.')], refusal: null }) + chunk({}, null, 'stop') + 'data: [DONE]\n\n');
    const fold = folder.result();
    expect(isStorableAnswer(200, fold)).toBe(true);
    const request = ADAPTERS['openai-chat'].parseRequest({ model: 'gpt-4o', logprobs: true, messages: [{ role: 'user', content: '2+2?' }] }, {});
    const json = ADAPTERS['openai-chat'].renderJson(fold.answer, request) as { choices: { logprobs: unknown; message: { content: string } }[] };
    expect(json.choices[0]!.message.content).toBe('Four.');
    expect(json.choices[0]!.logprobs).toEqual({ content: [token('Four'), token('.')], refusal: null });
  });

  it('replays a Gemini function call with its thought signature, and thoughts, verbatim', () => {
    const parts = [
      { text: 'Which city? Paris.', thought: true },
      { functionCall: { name: 'get_weather', args: { city: 'Paris' } }, thoughtSignature: 'CiQB0e2Kb3ZkZWZhdWx0' },
    ];
    const answer = ADAPTERS.gemini.parseJson({ responseId: 'r1', modelVersion: 'gemini-2.5-flash', candidates: [{ index: 0, finishReason: 'STOP', content: { role: 'model', parts } }] });
    expect(answer.stopReason).toBe('tool-calls');
    expect(isStorableAnswer(200, { answer, complete: true })).toBe(true);
    const request = ADAPTERS.gemini.parseRequest({ contents: [{ parts: [{ text: 'Weather in Paris?' }] }] }, { model: 'gemini-2.5-flash' });
    const rendered = ADAPTERS.gemini.renderJson(answer, request) as { candidates: { content: { parts: object[] } }[] };
    expect(rendered.candidates[0]!.content.parts).toEqual(parts);
    const folder = ADAPTERS.gemini.createFolder();
    for (const frame of ADAPTERS.gemini.renderSse(answer, { ...request, stream: true })) folder.push(frame);
    expect((ADAPTERS.gemini.renderJson(folder.result().answer, request) as typeof rendered).candidates[0]!.content.parts).toEqual(parts);
  });

  it('replays a Gemini function call without an id the provider never gave it', () => {
    const answer = ADAPTERS.gemini.parseJson({ responseId: 'r1', modelVersion: 'gemini-2.5-flash', candidates: [{ index: 0, finishReason: 'STOP', content: { role: 'model', parts: [{ functionCall: { name: 'get_weather', args: { city: 'Paris' } } }] } }] });
    const rendered = ADAPTERS.gemini.renderJson(answer, ADAPTERS.gemini.parseRequest({ contents: [{ parts: [{ text: 'Weather in Paris?' }] }] }, { model: 'gemini-2.5-flash' })) as { candidates: { content: { parts: { functionCall: object }[] } }[] };
    expect(rendered.candidates[0]!.content.parts[0]!.functionCall).toEqual({ name: 'get_weather', args: { city: 'Paris' } });
  });
});
