import { describe, expect, it } from 'vitest';
import { ADAPTERS, ProtocolError, matchEndpoint, recogniseCall, upstreamPath } from './index.js';

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

  it('reads the model and streaming from a Gemini URL, and keeps its key out of what goes upstream', () => {
    const call = recogniseCall('https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse&key=AIza-page', 'POST')!;
    expect(call.match).toEqual({ path: '/v1beta/models/gemini-2.5-pro:streamGenerateContent', query: '?alt=sse', model: 'gemini-2.5-pro', stream: true });
    expect(upstreamPath(call)).toBe('/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse');
    expect(upstreamPath(call, 'gemini-2.5-flash')).toBe('/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse');
  });

  it('sends every provider the documented path under its own root, whatever root the page used', () => {
    expect(upstreamPath(recogniseCall('https://api.groq.com/openai/v1/chat/completions', 'POST')!)).toBe('/v1/chat/completions');
    expect(upstreamPath(recogniseCall('https://api.deepseek.com/chat/completions', 'POST')!)).toBe('/v1/chat/completions');
    expect(upstreamPath(recogniseCall('https://api.anthropic.com/v1/messages?beta=true', 'POST')!)).toBe('/v1/messages?beta=true');
  });

  it.each([
    ['GET', 'https://api.openai.com/v1/chat/completions'],
    ['POST', 'https://api.openai.com/v1/embeddings'],
    ['POST', 'https://api.anthropic.com/v1/messages/count_tokens'],
    ['GET', 'https://api.openai.com/v1/responses/resp_123'],
    ['POST', 'https://example.com/api/messages'],
    ['POST', 'https://generativelanguage.googleapis.com/v1beta/models/text-embedding-004:embedContent'],
    // Only the exact documented paths: anything a page (or a script holding the token) puts around them is not an API call.
    ['POST', 'https://api.openai.com/leo/pair/x/chat/completions?dashboard=1'],
    ['POST', 'https://api.openai.com/v2/chat/completions'],
    ['POST', 'https://api.openai.com/v1/chat/completions/'],
    ['POST', 'https://api.openai.com//v1/chat/completions'],
    ['POST', 'https://api.openai.com/v1/%63hat/completions'],
    ['POST', 'https://api.groq.com/v1/chat/completions'],
    ['POST', 'https://generativelanguage.googleapis.com/v1beta/models/..%2F..%2Fleo%2Fpair:generateContent'],
    ['POST', 'https://generativelanguage.googleapis.com/v1beta/models/gemini%2F..%2Fx:generateContent'],
    ['POST', 'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:countTokens'],
    ['POST', 'https://generativelanguage.googleapis.com/v1beta/tunedModels/x:generateContent'],
  ])('leaves %s %s alone', (method, url) => {
    expect(recogniseCall(url, method)).toBeUndefined();
  });

  it.each([
    ['https://api.openai.com/v1/chat/completions?key=abc', /'key' is not part/],
    ['https://api.openai.com/v1/responses?dashboard=1', /'dashboard' is not part/],
    ['https://api.anthropic.com/v1/messages?beta=false', /'beta' has a value/],
    ['https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=json', /'alt' has a value/],
    ['https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent?alt=sse&alt=sse', /given twice/],
  ])('refuses %s, saying which query parameter is not the provider\'s', (url, reason) => {
    expect(recogniseCall(url, 'POST')).toBeUndefined();
    const found = matchEndpoint(url, 'POST');
    expect(found && 'refusal' in found ? found.refusal : '').toMatch(reason);
  });

  it.each(['/v1/x/../chat/completions', '/v1/x/%2e%2e/chat/completions', '/v1/./chat/completions'])('refuses %s as it arrived at the companion, before URL parsing resolves its dot segments', (raw) => {
    expect(matchEndpoint(new URL(raw, 'http://127.0.0.1'), 'POST', raw)).toBeUndefined();
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
