import type { FoldResult } from '../adapter.js';
import type { AnswerPart, CanonicalAnswer, StopReason, ToolCallPart } from '../canonical/answer.js';
import { answerText, answerToolCalls } from '../canonical/answer.js';
import type { CanonicalRequest } from '../canonical/request.js';
import { emptyUsage, reportedTier, type CanonicalUsage } from '../canonical/usage.js';
import { nowSeconds } from '../ids.js';
import { isObject, numberOr, type JsonObject } from '../json-shape.js';
import { JsonEventFolder } from '../sse/json-event-folder.js';
import { formatSseEvent } from '../sse/parser.js';
import { jsonPieces, textPieces } from '../text-pieces.js';
import { chatLogprobs, finishReason, logprobsPart, parseChatUsage, renderChatUsage, stopReasonFromFinish } from './response.js';

export function renderChatSse(answer: CanonicalAnswer, request: CanonicalRequest): string[] {
  const withUsage = request.streamUsage;
  const chunk = (delta: JsonObject, finish: string | null = null, logprobs: unknown = null): string => {
    const body: JsonObject = {
      id: answer.id,
      object: 'chat.completion.chunk',
      created: answer.created,
      model: answer.model,
      service_tier: answer.usage.serviceTier ?? 'default',
      system_fingerprint: null,
      choices: [{ index: 0, delta, logprobs, finish_reason: finish }],
    };
    // With include_usage every chunk carries `usage: null` until the last one.
    if (withUsage) body.usage = null;
    return formatSseEvent(JSON.stringify(body));
  };

  const frames = [chunk({ role: 'assistant', content: '', refusal: null })];
  // Logprobs ride whole on the first content chunk (never the first chunk, as the provider does): clients concatenate each chunk's.
  let logprobs = chatLogprobs(answer);
  for (const piece of textPieces(answerText(answer))) {
    frames.push(chunk({ content: piece }, null, logprobs));
    logprobs = null;
  }
  answerToolCalls(answer).forEach((call, index) => {
    frames.push(
      chunk({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }] }),
    );
    for (const piece of jsonPieces(call.arguments)) frames.push(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }));
  });
  frames.push(chunk({}, finishReason(answer.stopReason), logprobs));
  if (withUsage) {
    frames.push(
      formatSseEvent(
        JSON.stringify({
          id: answer.id,
          object: 'chat.completion.chunk',
          created: answer.created,
          model: answer.model,
          service_tier: answer.usage.serviceTier ?? 'default',
          system_fingerprint: null,
          choices: [],
          usage: renderChatUsage(answer.usage),
        }),
      ),
    );
  }
  frames.push(formatSseEvent('[DONE]'));
  return frames;
}

export class ChatStreamFolder extends JsonEventFolder {
  private id = '';
  private model = '';
  private created = nowSeconds();
  private text = '';
  private readonly calls = new Map<number, ToolCallPart>();
  private stopReason: StopReason | undefined;
  private usage: CanonicalUsage = emptyUsage();
  private serviceTier: string | undefined;
  private logprobs: { content: unknown[] | null; refusal: unknown[] | null } | undefined;
  private done = false;

  protected ended(): boolean {
    return this.done;
  }

  result(): FoldResult {
    const parts: AnswerPart[] = [];
    if (this.text !== '') parts.push({ type: 'text', text: this.text });
    parts.push(...[...this.calls.entries()].sort(([a], [b]) => a - b).map(([, call]) => call), ...logprobsPart(this.logprobs));
    const answer: CanonicalAnswer = {
      id: this.id,
      model: this.model,
      parts,
      stopReason: this.stopReason ?? 'stop',
      usage: { ...this.usage, ...(this.serviceTier ? { serviceTier: this.serviceTier } : {}) },
      created: this.created,
    };
    return this.folded(answer, this.done && this.stopReason !== undefined);
  }

  protected override takeMarker(data: string): boolean {
    if (data === '[DONE]') this.done = true;
    return data === '[DONE]';
  }

  protected take(chunk: JsonObject): void {
    if (isObject(chunk.error)) {
      this.error = String(chunk.error.message ?? 'Upstream stream error.');
      return;
    }
    if (typeof chunk.id === 'string' && this.id === '') this.id = chunk.id;
    if (typeof chunk.model === 'string' && this.model === '') this.model = chunk.model;
    if (typeof chunk.created === 'number') this.created = chunk.created;
    if (isObject(chunk.usage)) this.usage = parseChatUsage(chunk.usage);
    this.serviceTier ??= reportedTier(chunk.service_tier).serviceTier;
    const choice = Array.isArray(chunk.choices) ? chunk.choices.find((c) => isObject(c) && numberOr(c.index) === 0) : undefined;
    if (!isObject(choice)) return;
    const delta = isObject(choice.delta) ? choice.delta : {};
    if (isObject(choice.logprobs)) {
      this.logprobs ??= { content: [], refusal: null };
      for (const name of ['content', 'refusal'] as const) {
        const more = choice.logprobs[name];
        if (Array.isArray(more)) this.logprobs[name] = [...((this.logprobs[name] as unknown[] | null) ?? []), ...more];
      }
    }
    if (delta.refusal != null) this.withheld.add('refusal');
    if (delta.audio != null) this.withheld.add('audio');
    if (typeof delta.content === 'string') this.text += delta.content;
    for (const raw of Array.isArray(delta.tool_calls) ? delta.tool_calls : []) {
      if (!isObject(raw)) continue;
      const index = numberOr(raw.index);
      const fn = isObject(raw.function) ? raw.function : {};
      const call = this.calls.get(index) ?? { type: 'tool-call', id: '', name: '', arguments: '' };
      if (typeof raw.id === 'string') call.id = raw.id;
      if (typeof fn.name === 'string') call.name += fn.name;
      if (typeof fn.arguments === 'string') call.arguments += fn.arguments;
      this.calls.set(index, call);
    }
    if (typeof choice.finish_reason === 'string') this.stopReason = stopReasonFromFinish(choice.finish_reason);
  }
}
