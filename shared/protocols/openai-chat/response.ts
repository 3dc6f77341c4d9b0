import { partsFor, type AnswerPart, type CanonicalAnswer, type StopReason } from '../canonical/answer.js';
import { answerText, answerToolCalls } from '../canonical/answer.js';
import { reportedTier, type CanonicalUsage } from '../canonical/usage.js';
import { nowSeconds } from '../ids.js';
import { isObject, numberOr, requireArray, requireObject, type JsonObject } from '../json-shape.js';

const FINISH_REASONS: Record<StopReason, string> = {
  stop: 'stop',
  'stop-sequence': 'stop',
  length: 'length',
  'tool-calls': 'tool_calls',
  'content-filter': 'content_filter',
  error: 'stop',
};

export function finishReason(reason: StopReason): string {
  return FINISH_REASONS[reason];
}

export function stopReasonFromFinish(finish: unknown): StopReason {
  switch (finish) {
    case 'length':
      return 'length';
    case 'tool_calls':
    case 'function_call':
      return 'tool-calls';
    case 'content_filter':
      return 'content-filter';
    default:
      return 'stop';
  }
}

export function renderChatUsage(usage: CanonicalUsage): JsonObject {
  return {
    prompt_tokens: usage.inputTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: usage.inputTokens + usage.outputTokens,
    prompt_tokens_details: { cached_tokens: usage.cachedInputTokens, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: usage.reasoningTokens,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

export function parseChatUsage(raw: unknown): CanonicalUsage {
  const u = isObject(raw) ? raw : {};
  const prompt = isObject(u.prompt_tokens_details) ? u.prompt_tokens_details : {};
  const completion = isObject(u.completion_tokens_details) ? u.completion_tokens_details : {};
  return {
    inputTokens: numberOr(u.prompt_tokens),
    outputTokens: numberOr(u.completion_tokens),
    cachedInputTokens: numberOr(prompt.cached_tokens),
    cacheWriteTokens: 0,
    reasoningTokens: numberOr(completion.reasoning_tokens),
  };
}

/** The logprobs the provider sent with the answer, kept as a provider block; null when there were none. */
export function chatLogprobs(answer: CanonicalAnswer): unknown {
  for (const part of partsFor(answer, 'openai-chat')) if (part.type === 'provider-block') return part.block.logprobs;
  return null;
}

/** Logprobs as a part of the answer, so a replay gives them back. */
export function logprobsPart(logprobs: unknown): AnswerPart[] {
  return logprobs == null ? [] : [{ type: 'provider-block', protocol: 'openai-chat', block: { logprobs } }];
}

export function renderChatJson(answer: CanonicalAnswer): JsonObject {
  const toolCalls = answerToolCalls(answer);
  const text = answerText(answer);
  const message: JsonObject = {
    role: 'assistant',
    content: text === '' && toolCalls.length > 0 ? null : text,
    refusal: null,
    annotations: [],
  };
  if (toolCalls.length > 0) {
    message.tool_calls = toolCalls.map((c) => ({
      id: c.id,
      type: 'function',
      function: { name: c.name, arguments: c.arguments },
    }));
  }
  return {
    id: answer.id,
    object: 'chat.completion',
    created: answer.created,
    model: answer.model,
    choices: [{ index: 0, message, logprobs: chatLogprobs(answer), finish_reason: finishReason(answer.stopReason) }],
    usage: renderChatUsage(answer.usage),
    service_tier: answer.usage.serviceTier ?? 'default',
    system_fingerprint: null,
  };
}

export function parseChatJson(body: unknown): CanonicalAnswer {
  const res = requireObject(body, 'The response body');
  const choice = requireObject(requireArray(res.choices, "'choices'")[0], "'choices[0]'");
  const message = isObject(choice.message) ? choice.message : {};
  const parts: AnswerPart[] = [];
  if (typeof message.content === 'string' && message.content !== '') parts.push({ type: 'text', text: message.content });
  for (const call of Array.isArray(message.tool_calls) ? message.tool_calls : []) {
    if (!isObject(call) || !isObject(call.function)) continue;
    parts.push({
      type: 'tool-call',
      id: String(call.id ?? ''),
      name: String(call.function.name ?? ''),
      arguments: String(call.function.arguments ?? ''),
    });
  }
  const withheld = ['refusal', 'audio'].filter((name) => message[name] != null);
  return {
    id: String(res.id ?? ''),
    model: String(res.model ?? ''),
    parts: [...parts, ...logprobsPart(choice.logprobs)],
    stopReason: stopReasonFromFinish(choice.finish_reason),
    usage: { ...parseChatUsage(res.usage), ...reportedTier(res.service_tier) },
    created: numberOr(res.created, nowSeconds()),
    ...(withheld.length > 0 ? { withheld } : {}),
  };
}
