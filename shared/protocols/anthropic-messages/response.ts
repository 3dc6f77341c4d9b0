import { partsFor, type AnswerPart, type CanonicalAnswer, type StopReason } from '../canonical/answer.js';
import type { CanonicalUsage } from '../canonical/usage.js';
import { nowSeconds } from '../ids.js';
import { isObject, numberOr, parseArguments, requireArray, requireObject, type JsonObject } from '../json-shape.js';

const STOP_REASONS: Record<StopReason, string> = {
  stop: 'end_turn',
  'stop-sequence': 'stop_sequence',
  length: 'max_tokens',
  'tool-calls': 'tool_use',
  'content-filter': 'refusal',
  error: 'end_turn',
};

export function anthropicStopReason(reason: StopReason): string {
  return STOP_REASONS[reason];
}

export function stopReasonFromAnthropic(reason: unknown): StopReason {
  switch (reason) {
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'stop_sequence':
      return 'stop-sequence';
    case 'tool_use':
      return 'tool-calls';
    case 'refusal':
      return 'content-filter';
    default:
      return 'stop';
  }
}

/** Anthropic's `input_tokens` excludes cache writes and reads; canonical input counts all three. */
export function renderAnthropicUsage(usage: CanonicalUsage): JsonObject {
  const hour = usage.cacheWrite1hTokens ?? 0;
  return {
    input_tokens: usage.inputTokens - usage.cachedInputTokens - usage.cacheWriteTokens,
    cache_creation_input_tokens: usage.cacheWriteTokens,
    cache_read_input_tokens: usage.cachedInputTokens,
    cache_creation: { ephemeral_5m_input_tokens: usage.cacheWriteTokens - hour, ephemeral_1h_input_tokens: hour },
    output_tokens: usage.outputTokens,
    service_tier: 'standard',
  };
}

export function parseAnthropicUsage(raw: unknown): CanonicalUsage {
  const u = isObject(raw) ? raw : {};
  const write = numberOr(u.cache_creation_input_tokens);
  const read = numberOr(u.cache_read_input_tokens);
  // The split by lifetime, when reported: an hour's write is billed at 2x input, five minutes' at 1.25x.
  const hour = isObject(u.cache_creation) ? numberOr(u.cache_creation.ephemeral_1h_input_tokens) : 0;
  return {
    inputTokens: numberOr(u.input_tokens) + write + read,
    outputTokens: numberOr(u.output_tokens),
    cachedInputTokens: read,
    cacheWriteTokens: write,
    ...(hour > 0 ? { cacheWrite1hTokens: hour } : {}),
    reasoningTokens: 0,
  };
}

/** Thinking blocks, signed or redacted: replayed byte for byte, since the client sends them back. */
export function isThinkingBlock(block: JsonObject): boolean {
  return block.type === 'thinking' || block.type === 'redacted_thinking';
}

export function renderAnthropicBlock(part: AnswerPart): JsonObject {
  if (part.type === 'provider-block') return part.block;
  return part.type === 'text' ? { type: 'text', text: part.text } : { type: 'tool_use', id: part.id, name: part.name, input: parseArguments(part.arguments) };
}

export function renderMessagesJson(answer: CanonicalAnswer): JsonObject {
  return {
    id: answer.id,
    type: 'message',
    role: 'assistant',
    model: answer.model,
    content: partsFor(answer, 'anthropic-messages').map(renderAnthropicBlock),
    stop_reason: anthropicStopReason(answer.stopReason),
    stop_sequence: answer.stopSequence ?? null,
    usage: renderAnthropicUsage(answer.usage),
  };
}

export function parseMessagesJson(body: unknown): CanonicalAnswer {
  const res = requireObject(body, 'The response body');
  const parts: AnswerPart[] = [];
  const withheld = new Set<string>();
  for (const block of requireArray(res.content, 'content')) {
    if (!isObject(block)) continue;
    if (block.type === 'text') parts.push({ type: 'text', text: String(block.text ?? '') });
    else if (block.type === 'tool_use') {
      parts.push({ type: 'tool-call', id: String(block.id ?? ''), name: String(block.name ?? ''), arguments: JSON.stringify(block.input ?? {}) });
    } else if (isThinkingBlock(block)) parts.push({ type: 'provider-block', protocol: 'anthropic-messages', block });
    else withheld.add(String(block.type));
  }
  const answer: CanonicalAnswer = {
    id: String(res.id ?? ''),
    model: String(res.model ?? ''),
    parts,
    stopReason: stopReasonFromAnthropic(res.stop_reason),
    usage: parseAnthropicUsage(res.usage),
    created: nowSeconds(),
    ...(withheld.size > 0 ? { withheld: [...withheld] } : {}),
  };
  if (typeof res.stop_sequence === 'string') answer.stopSequence = res.stop_sequence;
  return answer;
}
