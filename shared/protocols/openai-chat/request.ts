import type { UrlFacts } from '../adapter.js';
import { contentText, type CanonicalMessage, type CanonicalRequest, type CanonicalTool, type MessageContent } from '../canonical/request.js';
import { invalidRequest } from '../errors.js';
import { requestIdentity } from '../canonical/identity.js';
import { CHAT_IDENTITY } from './identity.js';
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

export function parseChatRequest(body: unknown, match: UrlFacts): CanonicalRequest {
  const req = requireObject(body, 'The request body');
  // Azure names the model by the deployment in the path, and ignores one in the body.
  const model = match.model ?? requireString(req.model, "'model'");
  const rawMessages = requireArray(req.messages, "'messages'");
  if (rawMessages.length === 0) throw invalidRequest("'messages' must contain at least one message.");

  const systemParts: string[] = [];
  const messages: CanonicalMessage[] = [];
  rawMessages.forEach((raw, i) => {
    const msg = requireObject(raw, `'messages[${i}]'`);
    const role = msg.role;
    if (role === 'system' || role === 'developer') {
      systemParts.push(messageText(msg.content, i));
    } else if (role === 'user') {
      messages.push({ role: 'user', content: contentParts(msg.content, i) });
    } else if (role === 'assistant') {
      const content = msg.content == null ? [] : contentParts(msg.content, i);
      for (const call of Array.isArray(msg.tool_calls) ? msg.tool_calls : []) {
        const fn = isObject(call) && isObject(call.function) ? call.function : {};
        content.push({
          type: 'tool-call',
          id: String(isObject(call) ? call.id ?? '' : ''),
          name: String(fn.name ?? ''),
          arguments: String(fn.arguments ?? ''),
        });
      }
      messages.push({ role: 'assistant', content });
    } else if (role === 'tool' || role === 'function') {
      const callId = String(msg.tool_call_id ?? msg.name ?? '');
      messages.push({ role: 'tool', content: [{ type: 'tool-result', callId, content: messageText(msg.content, i) }] });
    } else {
      throw invalidRequest(`'messages[${i}].role' must be one of system, developer, user, assistant, tool.`);
    }
  });

  const stream = optionalBoolean(req.stream, "'stream'") ?? false;
  const streamOptions = isObject(req.stream_options) ? req.stream_options : {};
  return {
    protocol: 'openai-chat',
    model,
    system: systemParts.join('\n'),
    messages,
    tools: parseTools(req),
    toolChoice: req.tool_choice ?? req.function_call,
    responseFormat: req.response_format,
    sampling: {
      temperature: optionalNumber(req.temperature, "'temperature'"),
      topP: optionalNumber(req.top_p, "'top_p'"),
      maxTokens: optionalNumber(req.max_completion_tokens ?? req.max_tokens, "'max_tokens'"),
      stop: stopList(req.stop, "'stop'"),
      seed: optionalNumber(req.seed, "'seed'"),
      choices: optionalNumber(req.n, "'n'"),
    },
    stream,
    streamUsage: streamOptions.include_usage === true,
    identity: requestIdentity(req, CHAT_IDENTITY),
  };
}

function parseTools(req: JsonObject): CanonicalTool[] {
  const tools: CanonicalTool[] = [];
  const rawTools = req.tools === undefined ? [] : requireArray(req.tools, "'tools'");
  rawTools.forEach((raw, i) => {
    const tool = requireObject(raw, `'tools[${i}]'`);
    const fn = requireObject(tool.function, `'tools[${i}].function'`);
    tools.push({
      name: requireString(fn.name, `'tools[${i}].function.name'`),
      description: typeof fn.description === 'string' ? fn.description : '',
      parameters: fn.parameters ?? {},
    });
  });
  // The deprecated `functions` field still works upstream.
  for (const fn of Array.isArray(req.functions) ? req.functions : []) {
    if (isObject(fn) && typeof fn.name === 'string') {
      tools.push({ name: fn.name, description: String(fn.description ?? ''), parameters: fn.parameters ?? {} });
    }
  }
  return tools;
}

function contentParts(content: unknown, index: number): MessageContent[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  const parts = requireArray(content, `'messages[${index}].content'`);
  return parts.map((raw): MessageContent => {
    const part = requireObject(raw, `'messages[${index}].content[]'`);
    if (part.type === 'text') return { type: 'text', text: String(part.text ?? '') };
    if (part.type === 'image_url' && isObject(part.image_url)) {
      return { type: 'media', mediaType: 'image', source: String(part.image_url.url ?? '') };
    }
    return { type: 'other', value: part };
  });
}

function messageText(content: unknown, index: number): string {
  return content == null ? '' : contentText(contentParts(content, index));
}
