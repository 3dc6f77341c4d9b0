import type { CanonicalRequest, MessageContent } from '../canonical/request.js';
import { definedEntries, isUrl, portable, type OutgoingRequest } from '../outgoing-request.js';

type ChatPart = { type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string } };

function userContent(content: MessageContent[]): string | ChatPart[] {
  const parts = portable(content).flatMap((c): ChatPart[] => {
    if (c.type === 'text') return [{ type: 'text', text: c.text }];
    if (c.type === 'media') return [{ type: 'image_url', image_url: { url: isUrl(c.source) ? c.source : `data:${c.mediaType};base64,${c.source}` } }];
    return [];
  });
  const [only] = parts;
  return parts.length === 1 && only!.type === 'text' ? only!.text : parts;
}

/** The request as Chat Completions spells it, not streamed, for `model`. */
export function renderChatRequest(request: CanonicalRequest, model: string): OutgoingRequest {
  const messages: Record<string, unknown>[] = request.system ? [{ role: 'system', content: request.system }] : [];
  for (const message of request.messages) {
    if (message.role === 'user') messages.push({ role: 'user', content: userContent(message.content) });
    else if (message.role === 'assistant') {
      const text = message.content.map((c) => (c.type === 'text' ? c.text : '')).join('');
      const calls = message.content.flatMap((c) => (c.type === 'tool-call' ? [{ id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments } }] : []));
      messages.push({ role: 'assistant', content: text || null, ...(calls.length ? { tool_calls: calls } : {}) });
    } else for (const c of message.content) if (c.type === 'tool-result') messages.push({ role: 'tool', tool_call_id: c.callId, content: c.content });
  }
  const { sampling } = request;
  return {
    path: '/v1/chat/completions',
    body: definedEntries({
      model,
      messages,
      tools: request.tools.length ? request.tools.map((t) => ({ type: 'function', function: { name: t.name, description: t.description, parameters: t.parameters } })) : undefined,
      temperature: sampling.temperature,
      top_p: sampling.topP,
      max_tokens: sampling.maxTokens,
      stop: sampling.stop,
      seed: sampling.seed,
    }),
  };
}
