import { describe, expect, it } from 'vitest';
import { isStorableAnswer } from '../../cache/cacheability.js';
import { anthropicMessages } from './index.js';

const THINKING = { type: 'thinking', thinking: 'Two plus two makes four.', signature: 'EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds' };
const REDACTED = { type: 'redacted_thinking', data: 'EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpPkNRj2YfWXGmKDxH4mPnZ5sQ7vB5URj2pl' };
const recorded = {
  id: 'msg_01',
  type: 'message',
  role: 'assistant',
  model: 'claude-sonnet-4-5-20250929',
  content: [THINKING, REDACTED, { type: 'text', text: '4' }],
  stop_reason: 'end_turn',
  stop_sequence: null,
  usage: { input_tokens: 20, output_tokens: 30 },
};
const request = anthropicMessages.parseRequest({ model: 'claude-sonnet-4-5', max_tokens: 2000, thinking: { type: 'enabled', budget_tokens: 1024 }, messages: [{ role: 'user', content: 'What is 2+2?' }] }, {});

describe('Anthropic thinking blocks are replayed byte for byte', () => {
  it('keeps signed and redacted thinking blocks, in order, and renders them back as recorded', () => {
    const answer = anthropicMessages.parseJson(recorded);
    expect(isStorableAnswer(200, { answer, complete: true })).toBe(true);
    const json = anthropicMessages.renderJson(answer, request) as { content: unknown[] };
    expect(json.content).toEqual(recorded.content);
  });

  it('streams them as Anthropic does (thinking deltas, then the signature) and folds the stream back to the same blocks', () => {
    const answer = anthropicMessages.parseJson(recorded);
    const frames = anthropicMessages.renderSse(answer, { ...request, stream: true });
    expect(frames.join('')).toContain('"type":"signature_delta"');
    const folder = anthropicMessages.createFolder();
    for (const frame of frames) folder.push(frame);
    const fold = folder.result();
    expect(fold.complete).toBe(true);
    expect(anthropicMessages.renderJson(fold.answer, request)).toMatchObject({ content: recorded.content });
  });
});
