import { StringDecoder } from 'node:string_decoder';

/** Where the frame starting at `from` ends (after its blank line, LF or CRLF), or -1 while it has not. */
function frameEnd(text: string, from: number): number {
  for (let at = text.indexOf('\n', from); at >= 0; at = text.indexOf('\n', at + 1)) {
    const next = text.charCodeAt(at + 1) === 13 ? at + 2 : at + 1;
    if (text.charCodeAt(next) === 10) return next + 1;
  }
  return -1;
}

/** Bytes in, the bytes to relay out (undefined while there is nothing to send). */
export interface FrameFilter {
  push(chunk: Buffer): Buffer | undefined;
  end(): Buffer | undefined;
}

/** Passes an SSE stream on without the frames `drop` picks (one the proxy asked for and the caller did not); every other frame passes as it came. */
export function withoutFrames(drop: (frame: string) => boolean): FrameFilter {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  return {
    push(chunk) {
      pending += decoder.write(chunk);
      let out = '';
      let start = 0;
      for (let end = frameEnd(pending, 0); end >= 0; end = frameEnd(pending, start)) {
        const frame = pending.slice(start, end);
        start = end;
        if (!drop(frame)) out += frame;
      }
      pending = pending.slice(start);
      return out === '' ? undefined : Buffer.from(out);
    },
    end() {
      const rest = pending + decoder.end();
      return rest === '' || drop(rest) ? undefined : Buffer.from(rest);
    },
  };
}
