import type { UrlFacts } from '../adapter.js';
import type { CanonicalMessage, CanonicalRequest, CanonicalTool, MessageContent } from '../canonical/request.js';
import { invalidRequest } from '../errors.js';
import { requestIdentity } from '../canonical/identity.js';
import { MESSAGES_IDENTITY } from './identity.js';
import {
  isObject,
  optionalBoolean,
  optionalNumber,
  requireArray,
  requireObject,
  requireString,
  stopList,
  type JsonObject,
} from '../json-shape.js';

export function parseMessagesRequest(body: unknown, _match: UrlFacts): CanonicalRequest {
  const req = requireObject(body, 'The request body');
  const model = requireString(req.model, 'model');
  const maxTokens = optionalNumber(req.max_tokens, 'max_tokens');
  if (maxTokens === undefined) throw invalidRequest('max_tokens: Field required');
  const rawMessages = requireArray(req.messages, 'messages');

  const messages: CanonicalMessage[] = rawMessages.map((raw, i) => {
    const msg = requireObject(raw, `messages.${i}`);
    if (msg.role !== 'user' && msg.role !== 'assistant') {
      throw invalidRequest(`messages.${i}.role: Input should be 'user' or 'assistant'`);
    }
    return { role: msg.role, content: blocks(msg.content, `messages.${i}.content`) };
  });

  return {
    protocol: 'anthropic-messages',
    model,
    system: systemText(req.system),
    messages,
    tools: parseTools(req),
    toolChoice: req.tool_choice,
    responseFormat: req.output_format,
    sampling: {
      temperature: optionalNumber(req.temperature, 'temperature'),
      topP: optionalNumber(req.top_p, 'top_p'),
      topK: optionalNumber(req.top_k, 'top_k'),
      maxTokens,
      stop: stopList(req.stop_sequences, 'stop_sequences'),
    },
    stream: optionalBoolean(req.stream, 'stream') ?? false,
    streamUsage: true,
    identity: requestIdentity(req, MESSAGES_IDENTITY),
  };
}

function systemText(system: unknown): string {
  if (system === undefined || system === null) return '';
  if (typeof system === 'string') return system;
  return requireArray(system, 'system')
    .map((b) => (isObject(b) && b.type === 'text' ? String(b.text ?? '') : ''))
    .join('\n');
}

function parseTools(req: JsonObject): CanonicalTool[] {
  if (req.tools === undefined) return [];
  return requireArray(req.tools, 'tools').map((raw, i) => {
    const tool = requireObject(raw, `tools.${i}`);
    const name = requireString(tool.name, `tools.${i}.name`);
    // Server tools (web search, code execution…) have a `type` and no input schema.
    return {
      name,
      description: typeof tool.description === 'string' ? tool.description : '',
      parameters: tool.input_schema ?? tool,
    };
  });
}

function blocks(content: unknown, where: string): MessageContent[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return requireArray(content, where).map((raw, i): MessageContent => {
    const block = requireObject(raw, `${where}.${i}`);
    switch (block.type) {
      case 'text':
        return { type: 'text', text: String(block.text ?? '') };
      case 'image':
      case 'document': {
        const source = isObject(block.source) ? block.source : {};
        return {
          type: 'media',
          mediaType: String(source.media_type ?? block.type),
          source: String(source.url ?? source.data ?? source.file_id ?? ''),
        };
      }
      case 'tool_use':
        return {
          type: 'tool-call',
          id: String(block.id ?? ''),
          name: String(block.name ?? ''),
          arguments: JSON.stringify(block.input ?? {}),
        };
      case 'tool_result':
        return { type: 'tool-result', callId: String(block.tool_use_id ?? ''), content: resultText(block.content) };
      default:
        return { type: 'other', value: block };
    }
  });
}

function resultText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((b) => (isObject(b) && b.type === 'text' ? String(b.text ?? '') : JSON.stringify(b))).join('');
}
