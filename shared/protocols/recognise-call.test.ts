import { describe, expect, it } from 'vitest';
import { ADAPTERS, ProtocolError, recogniseCall } from './index.js';

describe('recognising LLM API calls', () => {
  it.each([
    ['https://api.openai.com/v1/chat/completions', 'openai-chat', 'openai'],
    ['https://api.openai.com/v1/responses', 'openai-responses', 'openai'],
    ['https://api.anthropic.com/v1/messages', 'anthropic-messages', 'anthropic'],
    ['https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent', 'gemini', 'google'],
    ['https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse', 'gemini', 'google'],
    ['https://api.groq.com/openai/v1/chat/completions', 'openai-chat', 'groq'],
    ['https://api.together.xyz/v1/chat/completions', 'openai-chat', 'together'],
    ['https://api.fireworks.ai/inference/v1/chat/completions', 'openai-chat', 'fireworks'],
    ['https://api.deepseek.com/chat/completions', 'openai-chat', 'deepseek'],
    ['https://openrouter.ai/api/v1/chat/completions', 'openai-chat', 'openrouter'],
    ['https://api.mistral.ai/v1/chat/completions', 'openai-chat', 'mistral'],
    ['https://api.x.ai/v1/chat/completions', 'openai-chat', 'xai'],
  ])('recognises POST %s', (url, protocol, provider) => {
    const call = recogniseCall(url, 'POST');
    expect(call?.adapter.id).toBe(protocol);
    expect(call?.provider).toBe(provider);
  });

  it('reads the model and streaming from a Gemini URL', () => {
    expect(recogniseCall('https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse', 'POST')?.match).toEqual({
      model: 'gemini-2.5-pro',
      stream: true,
    });
  });

  it.each([
    ['GET', 'https://api.openai.com/v1/chat/completions'],
    ['POST', 'https://api.openai.com/v1/embeddings'],
    ['POST', 'https://api.anthropic.com/v1/messages/count_tokens'],
    ['GET', 'https://api.openai.com/v1/responses/resp_123'],
    ['POST', 'https://example.com/api/messages'],
    ['POST', 'https://generativelanguage.googleapis.com/v1beta/models/text-embedding-004:embedContent'],
  ])('leaves %s %s alone', (method, url) => {
    expect(recogniseCall(url, method)).toBeUndefined();
  });
});

describe('parsing requests into the canonical form', () => {
  it('reads an OpenAI chat request with system, tools and sampling', () => {
    const req = ADAPTERS['openai-chat'].parseRequest(
      {
        model: 'gpt-4o',
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: [{ type: 'text', text: 'Hi' }, { type: 'image_url', image_url: { url: 'https://x/y.png' } }] },
        ],
        tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }],
        temperature: 0.3,
        n: 2,
        stream: true,
      },
      {},
    );
    expect(req).toMatchObject({ model: 'gpt-4o', system: 'Be brief.', stream: true, streamUsage: false, sampling: { temperature: 0.3, choices: 2 } });
    expect(req.messages[0]?.content[1]).toEqual({ type: 'media', mediaType: 'image', source: 'https://x/y.png' });
    expect(req.tools[0]?.name).toBe('f');
  });

  it('reads the same conversation the same way from Anthropic and Gemini', () => {
    const anthropic = ADAPTERS['anthropic-messages'].parseRequest(
      { model: 'claude-haiku-4-5', max_tokens: 10, system: [{ type: 'text', text: 'Be brief.' }], messages: [{ role: 'user', content: 'Hi' }] },
      {},
    );
    const gemini = ADAPTERS.gemini.parseRequest(
      { system_instruction: { parts: [{ text: 'Be brief.' }] }, contents: [{ role: 'user', parts: [{ text: 'Hi' }] }], generationConfig: { maxOutputTokens: 10 } },
      { model: 'gemini-2.5-flash', stream: false },
    );
    expect(anthropic.system).toBe(gemini.system);
    expect(anthropic.messages).toEqual(gemini.messages);
    expect(anthropic.sampling.maxTokens).toBe(gemini.sampling.maxTokens);
  });

  it.each([
    ['openai-chat', { model: 'gpt-4o' }, /'messages' must be an array/],
    ['openai-chat', { model: 'gpt-4o', messages: [{ role: 'wizard', content: 'x' }] }, /role/],
    ['openai-chat', { model: 'gpt-4o', messages: [], temperature: 'hot' }, /at least one message/],
    ['openai-responses', { model: 'gpt-4o' }, /input/],
    ['anthropic-messages', { model: 'claude-haiku-4-5', messages: [] }, /max_tokens/],
    ['gemini', { contents: 'hello' }, /contents must be an array/],
  ] as const)('refuses a malformed %s request with a clear message', (protocol, body, message) => {
    expect(() => ADAPTERS[protocol].parseRequest(body, { model: 'gemini-2.5-flash' })).toThrow(message);
    expect(() => ADAPTERS[protocol].parseRequest(body, { model: 'gemini-2.5-flash' })).toThrow(ProtocolError);
  });
});
