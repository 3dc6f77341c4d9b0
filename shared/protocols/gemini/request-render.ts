import type { CanonicalRequest, MessageContent } from '../canonical/request.js';
import { argumentsObject, definedEntries, portable, toolNameOf, type OutgoingRequest } from '../outgoing-request.js';

function parts(content: MessageContent[], request: CanonicalRequest): Record<string, unknown>[] {
  return portable(content).flatMap((c): Record<string, unknown>[] => {
    switch (c.type) {
      case 'text':
        return c.text === '' ? [] : [{ text: c.text }];
      case 'media':
        return [/^https?:\/\//.test(c.source) ? { fileData: { mimeType: c.mediaType, fileUri: c.source } } : { inlineData: { mimeType: c.mediaType, data: c.source } }];
      case 'tool-call':
        return [{ functionCall: { name: c.name, args: argumentsObject(c.arguments) } }];
      case 'tool-result':
        return [{ functionResponse: { name: toolNameOf(request.messages, c.callId), response: { content: c.content } } }];
      default:
        return [];
    }
  });
}

/** The request as Gemini `generateContent` spells it, for `model`: tool results go in user turns, and turns of one role are merged. */
export function renderGeminiRequest(request: CanonicalRequest, model: string): OutgoingRequest {
  const contents: { role: 'user' | 'model'; parts: Record<string, unknown>[] }[] = [];
  for (const message of request.messages) {
    const role = message.role === 'assistant' ? 'model' : 'user';
    const rendered = parts(message.content, request);
    const last = contents.at(-1);
    if (last?.role === role) last.parts.push(...rendered);
    else contents.push({ role, parts: rendered });
  }
  const { sampling } = request;
  const generationConfig = definedEntries({ temperature: sampling.temperature, topP: sampling.topP, topK: sampling.topK, maxOutputTokens: sampling.maxTokens, stopSequences: sampling.stop, seed: sampling.seed });
  return {
    path: `/v1beta/models/${encodeURIComponent(model)}:generateContent`,
    body: definedEntries({
      contents,
      systemInstruction: request.system ? { parts: [{ text: request.system }] } : undefined,
      tools: request.tools.length ? [{ functionDeclarations: request.tools.map((t) => definedEntries({ name: t.name, description: t.description, parameters: t.parameters })) }] : undefined,
      generationConfig: Object.keys(generationConfig).length ? generationConfig : undefined,
    }),
  };
}
