import { Transform } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type { CanonicalRequest } from '../../shared/protocols/canonical/request.js';
import { isObject } from '../../shared/protocols/json-shape.js';

/**
 * Whether to ask for usage the caller did not: a streamed Chat Completions call without
 * `stream_options` reports no tokens, and the ledger would have to guess them.
 */
export function needsUsageRequested(request: CanonicalRequest, json: unknown): boolean {
  return request.protocol === 'openai-chat' && request.stream && !request.streamUsage && isObject(json) && json.stream_options === undefined;
}

/**
 * Adds `"stream_options":{"include_usage":true}` as the body's last member. Everything before
 * it (the messages the provider's prompt cache keys on) stays byte for byte as it was.
 */
export function requestUsage(body: Buffer): Buffer {
  const end = body.lastIndexOf(0x7d);
  return Buffer.concat([body.subarray(0, end), Buffer.from(',"stream_options":{"include_usage":true}'), body.subarray(end)]);
}

function isUsageChunk(frame: string): boolean {
  // Cheap test first: every other frame of the stream passes here, and most carry choices.
  if (!/"choices"\s*:\s*\[\s*\]/.test(frame)) return false;
  const data = /^data: ?(\{.*\})\s*$/s.exec(frame.trim())?.[1];
  if (!data) return false;
  try {
    const chunk = JSON.parse(data) as { choices?: unknown; usage?: unknown };
    return Array.isArray(chunk.choices) && chunk.choices.length === 0 && isObject(chunk.usage);
  } catch {
    return false;
  }
}

/** Relays a Chat Completions stream without the usage chunk the caller did not ask for; every other frame passes as it came. */
export function withoutUsageChunk(): Transform {
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
        if (!isUsageChunk(frame)) out += frame;
      }
      done(null, out === '' ? undefined : Buffer.from(out));
    },
    flush(done) {
      const rest = pending + decoder.end();
      done(null, rest === '' || isUsageChunk(rest) ? undefined : Buffer.from(rest));
    },
  });
}
