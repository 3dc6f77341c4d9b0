import type { UrlFacts } from '../adapter.js';
import { contentText, type CanonicalMessage, type CanonicalRequest, type CanonicalTool, type MessageContent } from '../canonical/request.js';
import { invalidRequest } from '../errors.js';
import { requestIdentity } from '../canonical/identity.js';
import { GENERATE_IDENTITY } from './identity.js';
import { isObject, optionalNumber, requireArray, requireObject, stopList, type JsonObject } from '../json-shape.js';
import { field } from './fields.js';

export function parseGenerateRequest(body: unknown, match: UrlFacts): CanonicalRequest {
  const req = requireObject(body, 'The request body');
  if (!match.model) throw invalidRequest('The model name is missing from the URL.');
  const contents = requireArray(req.contents, 'contents');
  if (contents.length === 0) throw invalidRequest('* GenerateContentRequest.contents: contents is not specified');

  const messages: CanonicalMessage[] = contents.map((raw, i) => {
    const content = requireObject(raw, `contents[${i}]`);
    const role = content.role ?? 'user';
    if (role !== 'user' && role !== 'model' && role !== 'function') {
      throw invalidRequest(`contents[${i}].role must be 'user' or 'model'.`);
    }
    return { role: role === 'model' ? 'assistant' : 'user', content: parts(content.parts, `contents[${i}].parts`) };
  });

  const system = field(req, 'systemInstruction');
  const config = isObject(field(req, 'generationConfig')) ? (field(req, 'generationConfig') as JsonObject) : {};
  const schema = field(config, 'responseJsonSchema') ?? field(config, 'responseSchema');
  const mime = field(config, 'responseMimeType');
  return {
    protocol: 'gemini',
    model: match.model,
    system: isObject(system) ? contentText(parts(system.parts, 'systemInstruction.parts')) : '',
    messages,
    tools: parseTools(req),
    toolChoice: field(req, 'toolConfig'),
    responseFormat: mime === undefined && schema === undefined ? undefined : { mimeType: mime, schema },
    sampling: {
      temperature: optionalNumber(config.temperature, 'generationConfig.temperature'),
      topP: optionalNumber(field(config, 'topP'), 'generationConfig.topP'),
      topK: optionalNumber(field(config, 'topK'), 'generationConfig.topK'),
      maxTokens: optionalNumber(field(config, 'maxOutputTokens'), 'generationConfig.maxOutputTokens'),
      stop: stopList(field(config, 'stopSequences'), 'generationConfig.stopSequences'),
      seed: optionalNumber(config.seed, 'generationConfig.seed'),
      choices: optionalNumber(field(config, 'candidateCount'), 'generationConfig.candidateCount'),
    },
    stream: match.stream === true,
    streamUsage: true,
    identity: requestIdentity(req, GENERATE_IDENTITY),
  };
}

function parseTools(req: JsonObject): CanonicalTool[] {
  const tools: CanonicalTool[] = [];
  const raw = req.tools === undefined ? [] : requireArray(req.tools, 'tools');
  for (const tool of raw) {
    if (!isObject(tool)) throw invalidRequest('tools[] must be objects.');
    const declarations = field(tool, 'functionDeclarations');
    if (!Array.isArray(declarations)) continue;
    for (const decl of declarations) {
      if (!isObject(decl) || typeof decl.name !== 'string') throw invalidRequest('functionDeclarations[].name is required.');
      tools.push({
        name: decl.name,
        description: typeof decl.description === 'string' ? decl.description : '',
        parameters: field(decl, 'parametersJsonSchema') ?? decl.parameters ?? {},
      });
    }
  }
  return tools;
}

function parts(raw: unknown, where: string): MessageContent[] {
  return requireArray(raw, where).map((p, i): MessageContent => {
    const part = requireObject(p, `${where}[${i}]`);
    if (typeof part.text === 'string') return { type: 'text', text: part.text };
    const inline = field(part, 'inlineData');
    if (isObject(inline)) return { type: 'media', mediaType: String(field(inline, 'mimeType') ?? ''), source: String(inline.data ?? '') };
    const file = field(part, 'fileData');
    if (isObject(file)) return { type: 'media', mediaType: String(field(file, 'mimeType') ?? ''), source: String(field(file, 'fileUri') ?? '') };
    const call = field(part, 'functionCall');
    if (isObject(call)) {
      return { type: 'tool-call', id: String(call.id ?? call.name ?? ''), name: String(call.name ?? ''), arguments: JSON.stringify(call.args ?? {}) };
    }
    const response = field(part, 'functionResponse');
    if (isObject(response)) {
      return { type: 'tool-result', callId: String(response.id ?? response.name ?? ''), content: JSON.stringify(response.response ?? {}) };
    }
    return { type: 'other', value: part };
  });
}
