export interface SseEvent {
  /** The `event:` field, or undefined for the default `message` type. */
  event?: string;
  data: string;
}

/**
 * Incremental Server-Sent Events parser (WHATWG rules): accepts chunks split at any byte,
 * LF, CRLF or CR line endings, multi-line data and comments.
 */
export class SseParser {
  private readonly decoder = new TextDecoder();
  private buffer = '';
  private event: string | undefined;
  private data: string[] = [];

  push(chunk: Uint8Array | string): SseEvent[] {
    this.buffer += typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
    return this.drainLines(false);
  }

  /** Flushes the decoder; an event without its closing blank line is dropped, as the spec says. */
  end(): SseEvent[] {
    this.buffer += this.decoder.decode();
    const events = this.drainLines(true);
    this.event = undefined;
    this.data = [];
    return events;
  }

  private drainLines(atEnd: boolean): SseEvent[] {
    const events: SseEvent[] = [];
    let start = 0;
    for (let i = 0; i < this.buffer.length; i++) {
      const ch = this.buffer.charCodeAt(i);
      if (ch !== 10 && ch !== 13) continue;
      // A CR at the very end may be the first half of a CRLF that has not arrived yet.
      if (ch === 13 && i === this.buffer.length - 1 && !atEnd) break;
      const line = this.buffer.slice(start, i);
      if (ch === 13 && this.buffer.charCodeAt(i + 1) === 10) i++;
      start = i + 1;
      const dispatched = this.takeLine(line);
      if (dispatched) events.push(dispatched);
    }
    this.buffer = this.buffer.slice(start);
    return events;
  }

  private takeLine(line: string): SseEvent | undefined {
    if (line === '') {
      if (this.data.length === 0) {
        this.event = undefined;
        return undefined;
      }
      const dispatched: SseEvent = { data: this.data.join('\n') };
      if (this.event !== undefined) dispatched.event = this.event;
      this.event = undefined;
      this.data = [];
      return dispatched;
    }
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.event = value;
    return undefined;
  }
}

export function formatSseEvent(data: string, event?: string): string {
  const lines = data.split('\n').map((l) => `data: ${l}`).join('\n');
  return event === undefined ? `${lines}\n\n` : `event: ${event}\n${lines}\n\n`;
}
