import type { FoldResult, StreamFolder } from '../adapter.js';
import type { CanonicalAnswer } from '../canonical/answer.js';
import { isObject, type JsonObject } from '../json-shape.js';
import { SseParser } from './parser.js';

/**
 * What every protocol's stream folder shares: SSE parsing at any byte split, JSON events,
 * the rule that an error event makes the answer an error that is never complete, and that
 * nothing after the protocol's last event (a repeated `[DONE]`, a duplicated final chunk) counts.
 */
export abstract class JsonEventFolder implements StreamFolder {
  private readonly parser = new SseParser();
  protected error: string | undefined;
  /** Content seen in the stream that the answer cannot give back (see CanonicalAnswer.withheld). */
  protected readonly withheld = new Set<string>();

  push(chunk: Uint8Array | string): void {
    for (const event of this.parser.push(chunk)) this.takeData(event.data);
  }

  abstract result(): FoldResult;

  /** True once the protocol's last event arrived. */
  protected abstract ended(): boolean;

  /** One parsed JSON event of the stream. */
  protected abstract take(event: JsonObject): void;

  /** Data that is not a JSON event, such as OpenAI's `[DONE]`; true when the protocol knows it. */
  protected takeMarker(_data: string): boolean {
    return false;
  }

  protected folded(answer: CanonicalAnswer, complete: boolean): FoldResult {
    if (this.error) answer.stopReason = 'error';
    const withheld = new Set([...(answer.withheld ?? []), ...this.withheld]);
    if (withheld.size > 0) answer.withheld = [...withheld];
    const result: FoldResult = { answer, complete: complete && !this.error };
    if (this.error) result.error = this.error;
    return result;
  }

  private takeData(data: string): void {
    if (this.ended() || this.takeMarker(data)) return;
    let event: unknown;
    try {
      event = JSON.parse(data);
    } catch {
      this.error = 'Unparsable stream event.';
      return;
    }
    if (isObject(event)) this.take(event);
  }
}
