import { mergeText, partsFor, type AnswerPart, type CanonicalAnswer, type StopReason } from '../canonical/answer.js';
import type { CanonicalUsage } from '../canonical/usage.js';
import { nowSeconds } from '../ids.js';
import { isObject, numberOr, parseArguments, requireObject, type JsonObject } from '../json-shape.js';
import { field } from './fields.js';

const FINISH_REASONS: Record<StopReason, string> = {
  stop: 'STOP',
  'stop-sequence': 'STOP',
  'tool-calls': 'STOP',
  length: 'MAX_TOKENS',
  'content-filter': 'SAFETY',
  error: 'OTHER',
};

export function geminiFinishReason(reason: StopReason): string {
  return FINISH_REASONS[reason];
}

export function stopReasonFromGemini(finish: unknown, hasToolCalls: boolean): StopReason {
  if (finish === 'MAX_TOKENS') return 'length';
  if (typeof finish === 'string' && ['SAFETY', 'RECITATION', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'SPII', 'IMAGE_SAFETY'].includes(finish)) {
    return 'content-filter';
  }
  return hasToolCalls ? 'tool-calls' : 'stop';
}

/** Gemini's candidatesTokenCount excludes thinking tokens; canonical output counts both. */
export function renderGeminiUsage(usage: CanonicalUsage): JsonObject {
  const rendered: JsonObject = {
    promptTokenCount: usage.inputTokens,
    candidatesTokenCount: usage.outputTokens - usage.reasoningTokens,
    totalTokenCount: usage.inputTokens + usage.outputTokens,
    promptTokensDetails: [{ modality: 'TEXT', tokenCount: usage.inputTokens }],
  };
  if (usage.cachedInputTokens > 0) rendered.cachedContentTokenCount = usage.cachedInputTokens;
  if (usage.reasoningTokens > 0) rendered.thoughtsTokenCount = usage.reasoningTokens;
  return rendered;
}

export function parseGeminiUsage(raw: unknown): CanonicalUsage {
  const u = isObject(raw) ? raw : {};
  const thoughts = numberOr(field(u, 'thoughtsTokenCount'));
  return {
    inputTokens: numberOr(field(u, 'promptTokenCount')),
    outputTokens: numberOr(field(u, 'candidatesTokenCount')) + thoughts,
    cachedInputTokens: numberOr(field(u, 'cachedContentTokenCount')),
    cacheWriteTokens: 0,
    reasoningTokens: thoughts,
  };
}

/** True when the answer ends in a function call, whether plain or carried with its thought signature. */
export function callsFunction(parts: AnswerPart[]): boolean {
  return parts.some((p) => p.type === 'tool-call' || (p.type === 'provider-block' && isObject(field(p.block, 'functionCall'))));
}

export function renderGeminiPart(part: AnswerPart): JsonObject {
  if (part.type === 'provider-block') return part.block;
  return part.type === 'text'
    ? { text: part.text }
    : { functionCall: { ...(part.id ? { id: part.id } : {}), name: part.name, args: parseArguments(part.arguments) } };
}

export function renderGenerateJson(answer: CanonicalAnswer): JsonObject {
  return {
    candidates: [
      {
        content: { parts: partsFor(answer, 'gemini').map(renderGeminiPart), role: 'model' },
        finishReason: geminiFinishReason(answer.stopReason),
        index: 0,
      },
    ],
    usageMetadata: renderGeminiUsage(answer.usage),
    modelVersion: answer.model,
    responseId: answer.id,
  };
}

/**
 * Reads the answer parts of one response or stream chunk: text and function calls (with the
 * id the call came with, or none); thoughts and parts that carry a thought signature verbatim,
 * since the client sends them back; and the names of what the answer cannot give back (code
 * execution, inline data).
 */
export function candidateParts(chunk: JsonObject): { parts: AnswerPart[]; finish: unknown; withheld: string[] } {
  const candidate = Array.isArray(chunk.candidates) && isObject(chunk.candidates[0]) ? chunk.candidates[0] : {};
  const content = isObject(candidate.content) ? candidate.content : {};
  const parts: AnswerPart[] = [];
  const withheld = new Set<string>();
  for (const part of Array.isArray(content.parts) ? content.parts : []) {
    if (!isObject(part)) continue;
    const call = field(part, 'functionCall');
    if (part.thought === true || field(part, 'thoughtSignature') !== undefined) parts.push({ type: 'provider-block', protocol: 'gemini', block: part });
    else if (typeof part.text === 'string') parts.push({ type: 'text', text: part.text });
    else if (isObject(call)) {
      parts.push({ type: 'tool-call', id: typeof call.id === 'string' ? call.id : '', name: String(call.name ?? ''), arguments: JSON.stringify(call.args ?? {}) });
    } else for (const name of Object.keys(part)) withheld.add(name);
  }
  return { parts, finish: field(candidate, 'finishReason'), withheld: [...withheld] };
}

export function parseGenerateJson(body: unknown): CanonicalAnswer {
  const res = requireObject(body, 'The response body');
  const { parts, finish, withheld } = candidateParts(res);
  return {
    id: String(field(res, 'responseId') ?? ''),
    model: String(field(res, 'modelVersion') ?? ''),
    parts: mergeText(parts),
    stopReason: stopReasonFromGemini(finish, callsFunction(parts)),
    usage: parseGeminiUsage(field(res, 'usageMetadata')),
    created: nowSeconds(),
    ...(withheld.length > 0 ? { withheld } : {}),
  };
}
