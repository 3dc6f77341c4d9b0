import { Transform } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';

/** Relays an SSE stream without the frames `drop` picks (one the proxy asked for and the caller did not); every other frame passes as it came. */
export function withoutFrames(drop: (frame: string) => boolean): Transform {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      pending += decoder.write(chunk);
      let out = '';
      for (let cut = pending.search(/\r?\n\r?\n/); cut >= 0; cut = pending.search(/\r?\n\r?\n/)) {
        const separator = /\r?\n\r?\n/.exec(pending.slice(cut))![0];
        const frame = pending.slice(0, cut + separator.length);
        pending = pending.slice(cut + separator.length);
        if (!drop(frame)) out += frame;
      }
      done(null, out === '' ? undefined : Buffer.from(out));
    },
    flush(done) {
      const rest = pending + decoder.end();
      done(null, rest === '' || drop(rest) ? undefined : Buffer.from(rest));
    },
  });
}
