import { describe, expect, it } from 'vitest';
import { ADAPTERS } from './registry.js';
import type { ProtocolId } from './canonical/protocol-id.js';

/** A conversation with everything a panel member must see: instructions, a tool, its call and result, settings. */
const caller = ADAPTERS['openai-chat'].parseRequest(
  {
    model: 'gpt-4o',
    temperature: 0.2,
    max_tokens: 300,
    stop: ['END'],
    messages: [
      { role: 'system', content: 'Answer briefly.' },
      { role: 'user', content: 'What is the weather in Paris?' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
      { role: 'tool', tool_call_id: 'call_1', content: '18 C, cloudy' },
      { role: 'user', content: 'And should I take an umbrella?' },
    ],
    tools: [{ type: 'function', function: { name: 'get_weather', description: 'Weather by city', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }],
  },
  {},
);

describe('a request written in each protocol reads back as the same request', () => {
  for (const protocol of ['openai-chat', 'anthropic-messages', 'gemini'] as ProtocolId[]) {
    it(protocol, () => {
      const adapter = ADAPTERS[protocol];
      const model = { 'openai-chat': 'gpt-4o-mini', 'anthropic-messages': 'claude-haiku-4-5', gemini: 'gemini-2.5-flash' }[protocol as 'gemini']!;
      const { path, body } = adapter.renderRequest!(caller, model);
      const match = adapter.matchPath(path, 'POST');
      expect(match, path).not.toBeNull();
      const back = adapter.parseRequest(body, { ...match, model: match!.model ?? model });
      expect(back.model).toBe(model);
      expect(back.system).toBe('Answer briefly.');
      expect(back.sampling).toMatchObject({ temperature: 0.2, maxTokens: 300, stop: ['END'] });
      expect(back.tools.map((t) => t.name)).toEqual(['get_weather']);
      const flat = back.messages.flatMap((m) => m.content.map((c) => ({ role: m.role, ...c })));
      expect(flat.find((c) => c.type === 'tool-call')).toMatchObject({ name: 'get_weather' });
      expect(JSON.parse((flat.find((c) => c.type === 'tool-call') as { arguments: string }).arguments)).toEqual({ city: 'Paris' });
      expect(flat.find((c) => c.type === 'tool-result')).toMatchObject({ content: expect.stringContaining('18 C, cloudy') });
      expect(flat.filter((c) => c.type === 'text').map((c) => (c as { text: string }).text)).toEqual(['What is the weather in Paris?', 'And should I take an umbrella?']);
    });
  }
});
