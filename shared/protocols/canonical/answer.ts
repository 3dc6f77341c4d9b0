import type { CanonicalUsage } from './usage.js';
import type { ProtocolId } from './protocol-id.js';

export interface TextPart {
  type: 'text';
  text: string;
  /** The provider's id for the output item that carried it (Responses `msg_…`), replayed as recorded. */
  itemId?: string;
}

export interface ToolCallPart {
  type: 'tool-call';
  id: string;
  name: string;
  /** The arguments as the JSON text the model produced. */
  arguments: string;
  /** The provider's id for the output item that carried it (Responses `fc_…`), replayed as recorded. */
  itemId?: string;
}

/**
 * A block only its own protocol can give back, kept verbatim: an Anthropic thinking block with
 * its signature, which a client must send back unchanged on its next turn.
 */
export interface ProviderBlockPart {
  type: 'provider-block';
  protocol: ProtocolId;
  block: Record<string, unknown>;
}

export type AnswerPart = TextPart | ToolCallPart | ProviderBlockPart;

/**
 * Why generation ended. `error` marks an answer cut short by an upstream error event;
 * such an answer is never cached.
 */
export type StopReason = 'stop' | 'length' | 'tool-calls' | 'stop-sequence' | 'content-filter' | 'error';

/** One model answer, independent of the protocol it came in or goes out in. */
export interface CanonicalAnswer {
  id: string;
  model: string;
  parts: AnswerPart[];
  stopReason: StopReason;
  /** The matched stop sequence, when `stopReason` is `stop-sequence`. */
  stopSequence?: string;
  usage: CanonicalUsage;
  /** Unix seconds. */
  created: number;
  /**
   * What the provider sent that this answer cannot give back (thinking blocks and their
   * signatures, reasoning items, thought signatures, logprobs, refusals): such an answer is
   * never cached, since a client that sends it back on its next turn would get an error.
   */
  withheld?: string[];
}

/** The parts an answer replays in `protocol`: everything but another protocol's provider blocks. */
export function partsFor(answer: Pick<CanonicalAnswer, 'parts'>, protocol: ProtocolId): AnswerPart[] {
  return answer.parts.filter((part) => part.type !== 'provider-block' || part.protocol === protocol);
}

export function answerText(answer: Pick<CanonicalAnswer, 'parts'>): string {
  return answer.parts.map((p) => (p.type === 'text' ? p.text : '')).join('');
}

export function answerToolCalls(answer: Pick<CanonicalAnswer, 'parts'>): ToolCallPart[] {
  return answer.parts.filter((p): p is ToolCallPart => p.type === 'tool-call');
}

/** Joins adjacent text parts, as a stream delivers one answer's text over many chunks. */
export function mergeText(parts: AnswerPart[]): AnswerPart[] {
  const merged: AnswerPart[] = [];
  for (const part of parts) {
    const last = merged[merged.length - 1];
    if (part.type === 'text' && last?.type === 'text') merged[merged.length - 1] = { ...last, text: last.text + part.text };
    else merged.push(part);
  }
  return merged;
}
