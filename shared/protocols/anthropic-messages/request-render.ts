import type { CanonicalRequest, MessageContent } from '../canonical/request.js';
import { argumentsObject, definedEntries, isUrl, portable, type OutgoingRequest } from '../outgoing-request.js';

/** What Messages requires when the caller named no limit. */
const DEFAULT_MAX_TOKENS = 4096;

function blocks(content: MessageContent[]): Record<string, unknown>[] {
  return portable(content).flatMap((c): Record<string, unknown>[] => {
    switch (c.type) {
      case 'text':
        return c.text === '' ? [] : [{ type: 'text', text: c.text }];
      case 'media':
        return [{ type: 'image', source: isUrl(c.source) ? { type: 'url', url: c.source } : { type: 'base64', media_type: c.mediaType, data: c.source } }];
      case 'tool-call':
        return [{ type: 'tool_use', id: c.id, name: c.name, input: argumentsObject(c.arguments) }];
      case 'tool-result':
        return [{ type: 'tool_result', tool_use_id: c.callId, content: c.content }];
      default:
        return [];
    }
  });
}

/** The request as Anthropic Messages spells it, not streamed, for `model`: tool results go in user turns, and turns of one role are merged. */
export function renderMessagesRequest(request: CanonicalRequest, model: string): OutgoingRequest {
  const messages: { role: 'user' | 'assistant'; content: Record<string, unknown>[] }[] = [];
  for (const message of request.messages) {
    const role = message.role === 'assistant' ? 'assistant' : 'user';
    const content = blocks(message.content);
    const last = messages.at(-1);
    if (last?.role === role) last.content.push(...content);
    else messages.push({ role, content });
  }
  const { sampling } = request;
  return {
    path: '/v1/messages',
    body: definedEntries({
      model,
      max_tokens: sampling.maxTokens ?? DEFAULT_MAX_TOKENS,
      system: request.system || undefined,
      messages,
      tools: request.tools.length ? request.tools.map((t) => ({ name: t.name, description: t.description, input_schema: t.parameters ?? { type: 'object' } })) : undefined,
      temperature: sampling.temperature,
      top_p: sampling.topP,
      top_k: sampling.topK,
      stop_sequences: sampling.stop,
    }),
  };
}
