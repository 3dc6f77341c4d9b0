import type { FoldResult } from '../adapter.js';
import { partsFor, type AnswerPart, type CanonicalAnswer, type StopReason } from '../canonical/answer.js';
import { nowSeconds } from '../ids.js';
import { isObject, numberOr, type JsonObject } from '../json-shape.js';
import { JsonEventFolder } from '../sse/json-event-folder.js';
import { formatSseEvent } from '../sse/parser.js';
import { jsonPieces, textPieces } from '../text-pieces.js';
import { anthropicStopReason, isThinkingBlock, parseAnthropicUsage, renderAnthropicUsage, stopReasonFromAnthropic } from './response.js';

function event(type: string, body: JsonObject): string {
  return formatSseEvent(JSON.stringify({ type, ...body }), type);
}

export function renderMessagesSse(answer: CanonicalAnswer): string[] {
  const usage = renderAnthropicUsage(answer.usage);
  const frames = [
    event('message_start', {
      message: {
        id: answer.id,
        type: 'message',
        role: 'assistant',
        model: answer.model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { ...usage, output_tokens: Math.min(1, answer.usage.outputTokens) },
      },
    }),
  ];
  partsFor(answer, 'anthropic-messages').forEach((part, index) => {
    if (part.type === 'text') {
      frames.push(event('content_block_start', { index, content_block: { type: 'text', text: '' } }));
      if (index === 0) frames.push(event('ping', {}));
      for (const piece of textPieces(part.text)) {
        frames.push(event('content_block_delta', { index, delta: { type: 'text_delta', text: piece } }));
      }
    } else if (part.type === 'provider-block') {
      frames.push(...thinkingFrames(index, part.block));
    } else {
      frames.push(event('content_block_start', { index, content_block: { type: 'tool_use', id: part.id, name: part.name, input: {} } }));
      for (const piece of jsonPieces(part.arguments)) {
        frames.push(event('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: piece } }));
      }
    }
    frames.push(event('content_block_stop', { index }));
  });
  frames.push(
    event('message_delta', {
      delta: { stop_reason: anthropicStopReason(answer.stopReason), stop_sequence: answer.stopSequence ?? null },
      usage: { output_tokens: answer.usage.outputTokens },
    }),
  );
  frames.push(event('message_stop', {}));
  return frames;
}

/** A thinking block as Anthropic streams it: its text in deltas, then its signature; a redacted one whole. */
function thinkingFrames(index: number, block: Record<string, unknown>): string[] {
  if (block.type !== 'thinking') return [event('content_block_start', { index, content_block: block })];
  return [
    event('content_block_start', { index, content_block: { type: 'thinking', thinking: '', signature: '' } }),
    ...textPieces(String(block.thinking ?? '')).map((piece) => event('content_block_delta', { index, delta: { type: 'thinking_delta', thinking: piece } })),
    event('content_block_delta', { index, delta: { type: 'signature_delta', signature: String(block.signature ?? '') } }),
  ];
}

export class MessagesStreamFolder extends JsonEventFolder {
  private id = '';
  private model = '';
  private readonly created = nowSeconds();
  private readonly blocks = new Map<number, AnswerPart>();
  private stopReason: StopReason | undefined;
  private stopSequence: string | undefined;
  /** Anthropic's own usage fields, merged from message_start and message_delta. */
  private readonly usage: JsonObject = {};
  private stopped = false;

  protected ended(): boolean {
    return this.stopped;
  }

  result(): FoldResult {
    const parts = [...this.blocks.entries()].sort(([a], [b]) => a - b).map(([, part]) => part);
    const answer: CanonicalAnswer = {
      id: this.id,
      model: this.model,
      parts,
      stopReason: this.stopReason ?? 'stop',
      usage: parseAnthropicUsage(this.usage),
      created: this.created,
    };
    if (this.stopSequence !== undefined) answer.stopSequence = this.stopSequence;
    return this.folded(answer, this.stopped);
  }

  protected take(e: JsonObject): void {
    switch (e.type) {
      case 'message_start': {
        const message = isObject(e.message) ? e.message : {};
        this.id = String(message.id ?? '');
        this.model = String(message.model ?? '');
        this.mergeUsage(message.usage);
        break;
      }
      case 'content_block_start': {
        const block = isObject(e.content_block) ? e.content_block : {};
        const index = numberOr(e.index);
        if (isThinkingBlock(block)) this.blocks.set(index, { type: 'provider-block', protocol: 'anthropic-messages', block: block.type === 'thinking' ? { type: 'thinking', thinking: '', signature: '' } : block });
        else if (block.type !== 'text' && block.type !== 'tool_use') this.withheld.add(String(block.type));
        if (block.type === 'text') this.blocks.set(index, { type: 'text', text: String(block.text ?? '') });
        if (block.type === 'tool_use') {
          this.blocks.set(index, { type: 'tool-call', id: String(block.id ?? ''), name: String(block.name ?? ''), arguments: '' });
        }
        break;
      }
      case 'content_block_delta': {
        const part = this.blocks.get(numberOr(e.index));
        const delta = isObject(e.delta) ? e.delta : {};
        if (part?.type === 'text' && delta.type === 'text_delta') part.text += String(delta.text ?? '');
        if (part?.type === 'tool-call' && delta.type === 'input_json_delta') part.arguments += String(delta.partial_json ?? '');
        if (part?.type === 'provider-block' && delta.type === 'thinking_delta') part.block.thinking = String(part.block.thinking ?? '') + String(delta.thinking ?? '');
        if (part?.type === 'provider-block' && delta.type === 'signature_delta') part.block.signature = String(delta.signature ?? '');
        break;
      }
      case 'message_delta': {
        const delta = isObject(e.delta) ? e.delta : {};
        if (delta.stop_reason != null) this.stopReason = stopReasonFromAnthropic(delta.stop_reason);
        if (typeof delta.stop_sequence === 'string') this.stopSequence = delta.stop_sequence;
        this.mergeUsage(e.usage);
        break;
      }
      case 'message_stop':
        this.stopped = true;
        break;
      case 'error': {
        const error = isObject(e.error) ? e.error : {};
        this.error = String(error.message ?? 'Upstream stream error.');
        break;
      }
    }
  }

  /** message_delta carries the final output count and, on newer API versions, final input counts. */
  private mergeUsage(raw: unknown): void {
    if (!isObject(raw)) return;
    for (const [field, value] of Object.entries(raw)) if (typeof value === 'number') this.usage[field] = value;
  }
}
