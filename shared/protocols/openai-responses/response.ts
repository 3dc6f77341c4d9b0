import { answerText, answerToolCalls, mergeText, partsFor, type AnswerPart, type CanonicalAnswer, type StopReason } from '../canonical/answer.js';
import type { CanonicalRequest } from '../canonical/request.js';
import { reportedTier, type CanonicalUsage } from '../canonical/usage.js';
import { newId, nowSeconds } from '../ids.js';
import { isObject, numberOr, requireArray, requireObject, type JsonObject } from '../json-shape.js';

export function renderResponsesUsage(usage: CanonicalUsage): JsonObject {
  return {
    input_tokens: usage.inputTokens,
    input_tokens_details: { cached_tokens: usage.cachedInputTokens },
    output_tokens: usage.outputTokens,
    output_tokens_details: { reasoning_tokens: usage.reasoningTokens },
    total_tokens: usage.inputTokens + usage.outputTokens,
  };
}

export function parseResponsesUsage(raw: unknown): CanonicalUsage {
  const u = isObject(raw) ? raw : {};
  const input = isObject(u.input_tokens_details) ? u.input_tokens_details : {};
  const output = isObject(u.output_tokens_details) ? u.output_tokens_details : {};
  return {
    inputTokens: numberOr(u.input_tokens),
    outputTokens: numberOr(u.output_tokens),
    cachedInputTokens: numberOr(input.cached_tokens),
    cacheWriteTokens: 0,
    reasoningTokens: numberOr(output.reasoning_tokens),
  };
}

/**
 * The output items of an answer, in the order the provider gave them (reasoning items
 * verbatim, the text as one message where its first part was, each function call), with the
 * item ids one rendering shares between its events.
 */
export function outputItems(answer: CanonicalAnswer): JsonObject[] {
  const items: JsonObject[] = [];
  const text = answerText(answer);
  const message = (itemId: string | undefined): JsonObject => ({
    // The provider's own ids, where the answer was recorded from it: a client may refer to its items by id.
    id: itemId ?? newId('msg_', 32),
    type: 'message',
    status: 'completed',
    content: [{ type: 'output_text', annotations: [], logprobs: [], text }],
    role: 'assistant',
  });
  let messageAdded = false;
  for (const part of partsFor(answer, 'openai-responses')) {
    if (part.type === 'provider-block') items.push(part.block);
    else if (part.type === 'text') {
      if (!messageAdded) items.push(message(part.itemId));
      messageAdded = true;
    } else {
      items.push({ id: part.itemId ?? newId('fc_', 32), type: 'function_call', status: 'completed', arguments: part.arguments, call_id: part.id, name: part.name });
    }
  }
  if (!messageAdded && answerToolCalls(answer).length === 0) items.push(message(undefined));
  return items;
}

function incompleteReason(reason: StopReason): string | undefined {
  if (reason === 'length') return 'max_output_tokens';
  if (reason === 'content-filter') return 'content_filter';
  return undefined;
}

/** The full `response` object, as the JSON answer and the stream's lifecycle events carry it. */
export function responseObject(
  answer: CanonicalAnswer,
  request: CanonicalRequest,
  output: JsonObject[],
  phase: 'in_progress' | 'final',
): JsonObject {
  const incomplete = incompleteReason(answer.stopReason);
  const status = phase === 'in_progress' ? 'in_progress' : incomplete ? 'incomplete' : 'completed';
  return {
    id: answer.id,
    object: 'response',
    created_at: answer.created,
    status,
    background: false,
    error: null,
    incomplete_details: phase === 'final' && incomplete ? { reason: incomplete } : null,
    instructions: request.system === '' ? null : request.system,
    max_output_tokens: request.sampling.maxTokens ?? null,
    max_tool_calls: null,
    model: answer.model,
    output: phase === 'final' ? output : [],
    parallel_tool_calls: true,
    previous_response_id: null,
    reasoning: { effort: null, summary: null },
    service_tier: answer.usage.serviceTier ?? 'default',
    store: true,
    temperature: request.sampling.temperature ?? 1,
    text: { format: request.responseFormat ?? { type: 'text' }, verbosity: 'medium' },
    tool_choice: request.toolChoice ?? 'auto',
    tools: request.tools.map((t) => ({ type: 'function', name: t.name, description: t.description, parameters: t.parameters, strict: true })),
    top_logprobs: 0,
    top_p: request.sampling.topP ?? 1,
    truncation: 'disabled',
    usage: phase === 'final' ? renderResponsesUsage(answer.usage) : null,
    user: null,
    metadata: {},
  };
}

export function renderResponsesJson(answer: CanonicalAnswer, request: CanonicalRequest): JsonObject {
  return responseObject(answer, request, outputItems(answer), 'final');
}

export function parseResponsesJson(body: unknown): CanonicalAnswer {
  const res = requireObject(body, 'The response body');
  const parts: AnswerPart[] = [];
  const withheld = new Set<string>();
  for (const item of requireArray(res.output, "'output'")) {
    if (!isObject(item)) continue;
    if (item.type === 'message') {
      for (const c of Array.isArray(item.content) ? item.content : []) {
        if (isObject(c) && c.type === 'output_text') parts.push({ type: 'text', text: String(c.text ?? ''), ...(typeof item.id === 'string' ? { itemId: item.id } : {}) });
        else if (isObject(c)) withheld.add(String(c.type));
        if (isObject(c) && Array.isArray(c.logprobs) && c.logprobs.length > 0) withheld.add('logprobs');
      }
    } else if (item.type === 'function_call') {
      parts.push({ type: 'tool-call', id: String(item.call_id ?? ''), name: String(item.name ?? ''), arguments: String(item.arguments ?? ''), ...(typeof item.id === 'string' ? { itemId: item.id } : {}) });
    } else if (item.type === 'reasoning') {
      // Kept verbatim (its id, summary and encrypted content): a client passes it back on its next turn.
      parts.push({ type: 'provider-block', protocol: 'openai-responses', block: item });
    } else withheld.add(String(item.type));
  }
  const details = isObject(res.incomplete_details) ? res.incomplete_details : {};
  let stopReason: StopReason = parts.some((p) => p.type === 'tool-call') ? 'tool-calls' : 'stop';
  if (res.status === 'incomplete') stopReason = details.reason === 'content_filter' ? 'content-filter' : 'length';
  if (res.status === 'failed') stopReason = 'error';
  return {
    id: String(res.id ?? ''),
    model: String(res.model ?? ''),
    parts: mergeText(parts),
    stopReason,
    usage: { ...parseResponsesUsage(res.usage), ...reportedTier(res.service_tier) },
    created: numberOr(res.created_at, nowSeconds()),
    ...(withheld.size > 0 ? { withheld: [...withheld] } : {}),
  };
}
