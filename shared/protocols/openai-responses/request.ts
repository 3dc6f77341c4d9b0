import type { UrlFacts } from '../adapter.js';
import { contentText, type CanonicalMessage, type CanonicalRequest, type CanonicalTool, type MessageContent } from '../canonical/request.js';
import { invalidRequest } from '../errors.js';
import { requestIdentity } from '../canonical/identity.js';
import { RESPONSES_IDENTITY } from './identity.js';
import {
  isObject,
  optionalBoolean,
  optionalNumber,
  requireArray,
  requireObject,
  requireString,
  type JsonObject,
} from '../json-shape.js';

export function parseResponsesRequest(body: unknown, _match: UrlFacts): CanonicalRequest {
  const req = requireObject(body, 'The request body');
  const model = requireString(req.model, "'model'");
  if (req.input === undefined) throw invalidRequest("Missing required parameter: 'input'.");

  const systemParts = typeof req.instructions === 'string' && req.instructions !== '' ? [req.instructions] : [];
  const messages: CanonicalMessage[] = [];
  // A stored earlier turn is context we cannot see, so it takes part in what the request means.
  if (typeof req.previous_response_id === 'string') {
    messages.push({ role: 'user', content: [{ type: 'other', value: { previous_response_id: req.previous_response_id } }] });
  }
  if (typeof req.input === 'string') {
    messages.push({ role: 'user', content: [{ type: 'text', text: req.input }] });
  } else {
    requireArray(req.input, "'input'").forEach((raw, i) => {
      const item = requireObject(raw, `'input[${i}]'`);
      const role = item.role;
      if (item.type === 'function_call') {
        messages.push({
          role: 'assistant',
          content: [{ type: 'tool-call', id: String(item.call_id ?? ''), name: String(item.name ?? ''), arguments: String(item.arguments ?? '') }],
        });
      } else if (item.type === 'function_call_output') {
        const output = typeof item.output === 'string' ? item.output : JSON.stringify(item.output ?? '');
        messages.push({ role: 'tool', content: [{ type: 'tool-result', callId: String(item.call_id ?? ''), content: output }] });
      } else if (role === 'system' || role === 'developer') {
        systemParts.push(contentText(contentParts(item.content, i)));
      } else if (role === 'user' || role === 'assistant') {
        messages.push({ role, content: contentParts(item.content, i) });
      } else if (item.type === undefined || item.type === 'message') {
        throw invalidRequest(`Invalid value for 'input[${i}].role': expected one of user, assistant, system, developer.`);
      } else {
        messages.push({ role: 'user', content: [{ type: 'other', value: item }] });
      }
    });
  }

  const text = isObject(req.text) ? req.text : {};
  return {
    protocol: 'openai-responses',
    model,
    system: systemParts.join('\n'),
    messages,
    tools: parseTools(req),
    toolChoice: req.tool_choice,
    responseFormat: text.format,
    sampling: {
      temperature: optionalNumber(req.temperature, "'temperature'"),
      topP: optionalNumber(req.top_p, "'top_p'"),
      maxTokens: optionalNumber(req.max_output_tokens, "'max_output_tokens'"),
    },
    stream: optionalBoolean(req.stream, "'stream'") ?? false,
    streamUsage: true,
    identity: requestIdentity(req, RESPONSES_IDENTITY),
  };
}

function parseTools(req: JsonObject): CanonicalTool[] {
  if (req.tools === undefined) return [];
  return requireArray(req.tools, "'tools'").map((raw, i) => {
    const tool = requireObject(raw, `'tools[${i}]'`);
    if (tool.type === 'function') {
      return {
        name: requireString(tool.name, `'tools[${i}].name'`),
        description: typeof tool.description === 'string' ? tool.description : '',
        parameters: tool.parameters ?? {},
      };
    }
    // Built-in tools (web_search, file_search…) are identified by their type.
    return { name: String(tool.type ?? 'tool'), description: '', parameters: tool };
  });
}

function contentParts(content: unknown, index: number): MessageContent[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return requireArray(content, `'input[${index}].content'`).map((raw): MessageContent => {
    const part = requireObject(raw, `'input[${index}].content[]'`);
    if (part.type === 'input_text' || part.type === 'output_text') return { type: 'text', text: String(part.text ?? '') };
    if (part.type === 'input_image' || part.type === 'input_file') {
      return { type: 'media', mediaType: part.type, source: String(part.image_url ?? part.file_id ?? part.file_url ?? '') };
    }
    return { type: 'other', value: part };
  });
}
